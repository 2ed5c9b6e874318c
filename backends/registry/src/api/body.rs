//! Request bodies: JSON parsed by hand so that every malformed body gets the API's own error
//! shape, and so that writes keep the exact bytes for idempotency checks.

use super::error::ApiError;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use serde::de::DeserializeOwned;
use time::Date;

/// Parses a JSON body: not JSON at all is 400 `malformed_json`; JSON of the wrong shape is 422
/// `invalid_request`.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(bytes).map_err(|error| {
        if error.is_data() {
            ApiError::unprocessable(
                "invalid_request",
                format!("the request body does not fit: {error}"),
            )
        } else {
            ApiError::bad_request("malformed_json", "the request body is not valid JSON")
        }
    })
}

/// A parsed JSON body that also keeps its raw bytes.
pub struct JsonBody<T> {
    pub value: T,
    pub raw: Bytes,
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let raw = Bytes::from_request(request, state).await.map_err(|_| {
            ApiError::bad_request("unreadable_body", "the request body could not be read")
        })?;
        Ok(Self {
            value: parse(&raw)?,
            raw,
        })
    }
}

/// A `YYYY-MM-DD` date from a request field; anything else is 422 `invalid_date`.
pub fn date(input: &str, field: &str) -> Result<Date, ApiError> {
    Date::parse(
        input.trim(),
        &time::format_description::well_known::Iso8601::DATE,
    )
    .map_err(|_| {
        ApiError::unprocessable("invalid_date", format!("{field} must be a date YYYY-MM-DD"))
    })
}
