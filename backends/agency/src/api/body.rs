//! Request bodies: at most 1 MiB, parsed by hand so that every refusal has the API's own shape
//! and names what was wrong — the limit, the field.

use axum::{
    body::Bytes,
    extract::{FromRequest, Request},
    http::StatusCode,
};
use serde::de::DeserializeOwned;

use super::error::ApiError;

/// The largest body accepted. An application carries its answers and the registry's facts, and
/// its documents only by hash, so this is generous.
pub const LIMIT_BYTES: usize = 1024 * 1024;

/// A JSON body of type `T`: too large is 413, not JSON is 400 `malformed_json`, JSON of the
/// wrong shape (a missing or unknown field, a wrong type) is 422 `invalid_request`.
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let raw = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| {
                if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    ApiError::new(
                        StatusCode::PAYLOAD_TOO_LARGE,
                        "body_too_large",
                        format!("the request body is larger than 1 MiB ({LIMIT_BYTES} bytes)"),
                    )
                } else {
                    ApiError::bad_request("unreadable_body", "the request body could not be read")
                }
            })?;
        serde_json::from_slice(&raw).map(JsonBody).map_err(|error| {
            if error.is_data() {
                ApiError::unprocessable(
                    "invalid_request",
                    format!("the request body does not fit: {error}"),
                )
            } else {
                ApiError::bad_request(
                    "malformed_json",
                    format!("the request body is not valid JSON: {error}"),
                )
            }
        })
    }
}
