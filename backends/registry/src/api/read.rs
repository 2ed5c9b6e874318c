//! The frame of every read: the purpose is checked, and the outcome is written to the access log
//! whatever it is.

use super::access_log::{self, Entry};
use super::clients::Client;
use super::error::{ApiError, ApiResult};
use super::purposes::{self, Resource};
use super::AppState;
use axum::http::HeaderMap;
use axum::Json;
use domain::personal_id::PersonalId;
use serde::Serialize;

pub struct Read<'a> {
    state: &'a AppState,
    client: &'a Client,
    purpose: String,
    resource: Resource,
}

impl<'a> Read<'a> {
    pub async fn start(
        state: &'a AppState,
        client: &'a Client,
        headers: &HeaderMap,
        resource: Resource,
    ) -> ApiResult<Read<'a>> {
        match purposes::check(client, headers, resource) {
            Ok(purpose) => Ok(Self {
                state,
                client,
                purpose,
                resource,
            }),
            Err(error) => {
                let purpose = purposes::stated(headers).unwrap_or_default();
                log(state, client, &purpose, resource, None, error.code).await?;
                Err(error)
            }
        }
    }

    pub async fn finish<T: Serialize>(
        self,
        subject: Option<&str>,
        result: ApiResult<T>,
    ) -> ApiResult<Json<T>> {
        let outcome = match &result {
            Ok(_) => "ok",
            Err(error) => error.code,
        };
        log(
            self.state,
            self.client,
            &self.purpose,
            self.resource,
            subject,
            outcome,
        )
        .await?;
        result.map(Json)
    }
}

async fn log(
    state: &AppState,
    client: &Client,
    purpose: &str,
    resource: Resource,
    subject: Option<&str>,
    outcome: &str,
) -> ApiResult<()> {
    let entry = Entry {
        client: &client.name,
        purpose,
        resource: resource.code(),
        subject,
        outcome,
    };
    Ok(access_log::record(state.db(), entry).await?)
}

/// A personal ID number from a request body; a malformed one is 422 `invalid_personal_id`.
pub fn personal_id(input: &str) -> ApiResult<PersonalId> {
    PersonalId::parse(input)
        .map_err(|error| ApiError::unprocessable("invalid_personal_id", error.to_string()))
}

/// The body of most reads.
#[derive(Debug, serde::Deserialize)]
pub struct BySubject {
    pub personal_id: String,
}
