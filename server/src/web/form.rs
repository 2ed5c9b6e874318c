//! Forms as browsers post them: plain forms, and `multipart/form-data` when a file comes along.

use crate::state::AppState;
use crate::web::unicode::nfc;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;

/// The largest request a form with a file may send: the largest document allowed (5 MB) and its
/// form.
pub const MAX_REQUEST_BYTES: usize = 6 * 1024 * 1024;

/// A file as the browser sent it.
pub struct Upload {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// A form as posted: repeated names are kept in order (the last one wins when read).
pub type Posted = Vec<(String, String)>;

/// The value posted under `name` (the last one, when the name is repeated).
pub fn posted_value<'a>(posted: &'a Posted, name: &str) -> Option<&'a str> {
    posted
        .iter()
        .rev()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

/// What a form sent: its fields, and its files. Forms that carry a file (a step with a document
/// question, an answer with a paper attached) post `multipart/form-data`, the others a plain form.
pub async fn read_form(
    state: &AppState,
    request: Request,
) -> Result<(Posted, Vec<(String, Upload)>), Response> {
    let multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("multipart/form-data"));
    if !multipart {
        let Form(posted) = Form::<Posted>::from_request(request, state)
            .await
            .map_err(IntoResponse::into_response)?;
        return Ok((posted, Vec::new()));
    }
    let too_large = || {
        (
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "Tệp gửi lên vượt quá giới hạn {} MB. / The upload is larger than {} MB.",
                MAX_REQUEST_BYTES / (1024 * 1024),
                MAX_REQUEST_BYTES / (1024 * 1024)
            ),
        )
            .into_response()
    };
    let mut form = Multipart::from_request(request, state)
        .await
        .map_err(IntoResponse::into_response)?;
    let (mut posted, mut uploads) = (Vec::new(), Vec::new());
    while let Some(field) = form.next_field().await.map_err(|_| too_large())? {
        let name = field.name().unwrap_or_default().to_string();
        match field.file_name().map(str::to_string) {
            Some(file_name) => {
                let bytes = field.bytes().await.map_err(|_| too_large())?.to_vec();
                uploads.push((name, Upload { file_name, bytes }));
            }
            None => {
                let value = field.text().await.map_err(|_| too_large())?;
                posted.push((nfc(&name), nfc(&value)));
            }
        }
    }
    Ok((posted, uploads))
}
