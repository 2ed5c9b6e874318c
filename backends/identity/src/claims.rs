//! The claims about a signed-in citizen, for the ID token and for userinfo.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use domain::personal_id::Sex;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use time::macros::format_description;

use crate::session::Authentication;

/// A pairwise subject: stable for one citizen at one client, unlinkable across clients.
pub fn subject(client_id: &str, personal_id: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(
        format!("{client_id}|{personal_id}").as_bytes(),
    ))
}

/// What the citizen is: the claims userinfo returns and the ID token carries.
pub fn identity(client_id: &str, authentication: &Authentication) -> Map<String, Value> {
    let citizen = &authentication.citizen;
    let birthdate = citizen
        .birthdate
        .format(format_description!("[year]-[month]-[day]"))
        .unwrap_or_default();
    let gender = match citizen.sex {
        Sex::Male => "male",
        Sex::Female => "female",
    };
    let mut claims = Map::new();
    claims.insert(
        "sub".into(),
        subject(client_id, citizen.personal_id.as_str()).into(),
    );
    claims.insert("personal_id".into(), citizen.personal_id.as_str().into());
    claims.insert("name".into(), citizen.full_name.clone().into());
    claims.insert("birthdate".into(), birthdate.into());
    claims.insert("gender".into(), gender.into());
    claims.insert("acr".into(), authentication.level.acr().into());
    claims
}

pub struct IdTokenContext<'a> {
    pub issuer: &'a str,
    pub client_id: &'a str,
    pub nonce: &'a str,
    pub issued_at: u64,
    pub lifetime_secs: u64,
}

pub fn id_token(context: &IdTokenContext<'_>, authentication: &Authentication) -> Value {
    let mut claims = identity(context.client_id, authentication);
    claims.insert("iss".into(), context.issuer.into());
    claims.insert("aud".into(), context.client_id.into());
    claims.insert("iat".into(), context.issued_at.into());
    claims.insert(
        "exp".into(),
        (context.issued_at + context.lifetime_secs).into(),
    );
    claims.insert("auth_time".into(), authentication.auth_time.into());
    claims.insert("nonce".into(), context.nonce.into());
    Value::Object(claims)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_differ_per_client_and_stay_stable() {
        assert_eq!(
            subject("portal", "079203001234"),
            subject("portal", "079203001234")
        );
        assert_ne!(
            subject("portal", "079203001234"),
            subject("other", "079203001234")
        );
        assert_eq!(subject("portal", "079203001234").len(), 43);
    }
}
