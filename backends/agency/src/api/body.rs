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
        let mut parser = serde_json::Deserializer::from_slice(&raw);
        let parsed = serde_path_to_error::deserialize(&mut parser).map_err(|error| {
            if error.inner().is_data() {
                ApiError::unprocessable(
                    "invalid_request",
                    format!("the request body does not fit: {}", misfit(&error)),
                )
            } else {
                malformed(error.inner())
            }
        })?;
        parser.end().map_err(|error| malformed(&error))?;
        Ok(JsonBody(parsed))
    }
}

/// Syntax errors name a position and what the parser expected, never the input.
fn malformed(error: &serde_json::Error) -> ApiError {
    ApiError::bad_request(
        "malformed_json",
        format!("the request body is not valid JSON: {error}"),
    )
}

/// Where the body does not fit and what was expected there, without the value that was sent:
/// serde's own text quotes it ("invalid type: string \"0790…\""), and a value may be a personal
/// ID number that would end up in the portal's logs.
fn misfit(error: &serde_path_to_error::Error<serde_json::Error>) -> String {
    let at = path(error.path());
    let text = error.inner().to_string();
    let text = text.rfind(" at line ").map_or(&*text, |end| &text[..end]);
    if text.starts_with("missing field ") {
        // Names one of the API's own fields.
        format!("{at}: {text}")
    } else if text.starts_with("unknown field ") {
        format!("{at} is not a field of this body")
    } else if let Some((_, expected)) = text.rsplit_once(", expected ") {
        // serde writes "…, expected {what the type takes}" last, from the type alone.
        format!("{at}: expected {expected}")
    } else {
        format!("{at} does not have the expected type")
    }
}

/// The JSON path as `acting_for.relation` or `documents[0].sha256`. A key is shown only when it
/// has the shape of the API's field names, since an unknown key is the client's text.
fn path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut shown = String::new();
    for segment in path {
        match segment {
            Segment::Seq { index } => shown.push_str(&format!("[{index}]")),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                let named = (1..=40).contains(&key.len())
                    && key
                        .bytes()
                        .all(|byte| byte.is_ascii_lowercase() || byte == b'_');
                if !shown.is_empty() {
                    shown.push('.');
                }
                shown.push_str(if named { key } else { "(a field)" });
            }
            Segment::Unknown => {}
        }
    }
    if shown.is_empty() {
        "the body".to_owned()
    } else {
        shown
    }
}
