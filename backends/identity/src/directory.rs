//! Looking citizens up in the population registry. A trait, so the provider can be pointed at any
//! registry speaking the same protocol; the HTTP client is the one implementation it ships.

use std::{fmt, future::Future, pin::Pin, time::Duration};

use domain::personal_id::{PersonalId, Sex};
use serde::Deserialize;
use time::{macros::format_description, Date};

/// What the provider needs to know about a person to put it in tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citizen {
    pub personal_id: PersonalId,
    pub full_name: String,
    pub birthdate: Date,
    pub sex: Sex,
}

/// The registry could not answer (down, refused the provider, or sent something unreadable); the
/// message is for logs and never contains personal data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectoryUnavailable(pub String);

impl fmt::Display for DirectoryUnavailable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "citizen directory unavailable: {}", self.0)
    }
}

impl std::error::Error for DirectoryUnavailable {}

pub type Lookup<'a> =
    Pin<Box<dyn Future<Output = Result<Option<Citizen>, DirectoryUnavailable>> + Send + 'a>>;

pub trait CitizenDirectory: Send + Sync {
    /// `Ok(None)` when the registry does not know the number.
    fn find<'a>(&'a self, id: &'a PersonalId) -> Lookup<'a>;
}

/// The registry's `POST /v1/people/get`, called with this provider's credentials and the purpose
/// every registry read must state.
pub struct RegistryDirectory {
    http: reqwest::Client,
    endpoint: String,
    token: String,
}

const PURPOSE: &str = "eid-authentication";

impl RegistryDirectory {
    pub fn new(registry_url: &str, token: &str) -> Self {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(5))
            .build()
            .expect("a client without TLS or proxies always builds");
        Self {
            http,
            endpoint: format!("{}/v1/people/get", registry_url.trim_end_matches('/')),
            token: token.to_owned(),
        }
    }

    async fn fetch(&self, id: &PersonalId) -> Result<Option<Citizen>, DirectoryUnavailable> {
        let response = self
            .http
            .post(&self.endpoint)
            .bearer_auth(&self.token)
            .header("X-Purpose", PURPOSE)
            .json(&serde_json::json!({ "personal_id": id.as_str() }))
            .send()
            .await
            .map_err(|error| DirectoryUnavailable(format!("request failed: {error}")))?;
        match response.status() {
            reqwest::StatusCode::NOT_FOUND => Ok(None),
            status if status.is_success() => {
                let record: RegistryPerson = response
                    .json()
                    .await
                    .map_err(|error| DirectoryUnavailable(format!("unreadable answer: {error}")))?;
                record.into_citizen().map(Some)
            }
            status => Err(DirectoryUnavailable(format!("registry answered {status}"))),
        }
    }
}

impl CitizenDirectory for RegistryDirectory {
    fn find<'a>(&'a self, id: &'a PersonalId) -> Lookup<'a> {
        Box::pin(self.fetch(id))
    }
}

#[derive(Deserialize)]
struct RegistryPerson {
    personal_id: String,
    full_name: String,
    date_of_birth: String,
    sex: String,
}

impl RegistryPerson {
    fn into_citizen(self) -> Result<Citizen, DirectoryUnavailable> {
        let unreadable = |field: &str| DirectoryUnavailable(format!("unreadable {field}"));
        Ok(Citizen {
            personal_id: PersonalId::parse(&self.personal_id)
                .map_err(|_| unreadable("personal_id"))?,
            full_name: self.full_name,
            birthdate: Date::parse(
                &self.date_of_birth,
                format_description!("[year]-[month]-[day]"),
            )
            .map_err(|_| unreadable("date_of_birth"))?,
            sex: parse_sex(&self.sex).ok_or_else(|| unreadable("sex"))?,
        })
    }
}

/// Registries spell sex in English or Vietnamese, in full or as a letter.
fn parse_sex(value: &str) -> Option<Sex> {
    match value.trim().to_lowercase().as_str() {
        "male" | "m" | "nam" => Some(Sex::Male),
        "female" | "f" | "nữ" | "nu" => Some(Sex::Female),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_sex_in_either_language() {
        assert_eq!(parse_sex("male"), Some(Sex::Male));
        assert_eq!(parse_sex("Nữ"), Some(Sex::Female));
        assert_eq!(parse_sex("F"), Some(Sex::Female));
        assert_eq!(parse_sex("other"), None);
    }
}
