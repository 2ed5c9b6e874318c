//! Uploaded documents: checked by content against the question's rules, stored outside any public
//! directory under a random id, and served back only to the citizen who uploaded them.

use crate::rendering::PageContext;
use crate::sessions::{now, random_token};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use domain::engine::documents::DocumentRules;
use domain::engine::validation::Refusal;
use sha2::{Digest, Sha256};
use std::path::PathBuf;

/// The largest request a step page accepts: the largest document allowed (5 MB) and its form.
pub const MAX_REQUEST_BYTES: usize = 6 * 1024 * 1024;

/// A file as the browser sent it.
pub struct Upload {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

fn directory(state: &AppState) -> PathBuf {
    state.config.data_dir.join("documents")
}

/// Keeps letters, digits and a few separators of a file name, so that it is safe to show and can
/// never name a path (`../../etc/passwd` becomes `etcpasswd`).
pub fn safe_file_name(name: &str) -> String {
    let kept: String = name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ' '))
        .take(100)
        .collect();
    let trimmed = kept.trim_matches(['.', ' ']).to_string();
    if trimmed.is_empty() {
        "document".to_string()
    } else {
        trimmed
    }
}

/// Checks and stores an upload for a question of an application; returns the document's id.
pub async fn store(
    state: &AppState,
    application_id: &str,
    owner_id: &str,
    question: &str,
    rules: &DocumentRules,
    upload: Upload,
) -> Result<String, Refusal> {
    let file_type = rules.check(&upload.bytes)?;
    let unavailable = || {
        Refusal::new(
            "Chưa lưu được tệp, vui lòng thử lại",
            "The file could not be saved; please try again",
        )
    };
    let id = random_token()[..22].to_string();
    let folder = directory(state);
    tokio::fs::create_dir_all(&folder)
        .await
        .map_err(|_| unavailable())?;
    tokio::fs::write(folder.join(&id), &upload.bytes)
        .await
        .map_err(|_| unavailable())?;
    let digest: String = Sha256::digest(&upload.bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    sqlx::query(
        "INSERT INTO documents (id, application_id, owner_id, question, file_name, content_type, size_bytes, sha256, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&id)
    .bind(application_id)
    .bind(owner_id)
    .bind(question)
    .bind(safe_file_name(&upload.file_name))
    .bind(file_type.mime())
    .bind(upload.bytes.len() as i64)
    .bind(digest)
    .bind(now())
    .execute(&state.db)
    .await
    .map_err(|_| unavailable())?;
    Ok(answer_value(&id, &safe_file_name(&upload.file_name)))
}

/// A document answer holds the document's id and the file's name, which cannot contain `/`.
fn answer_value(id: &str, file_name: &str) -> String {
    format!("{id}/{file_name}")
}

/// `GET /applications/{id}/documents/{document}`: only for the applicant, always as a download.
pub async fn download(
    State(state): State<AppState>,
    page: PageContext,
    Path((id, document)): Path<(String, String)>,
) -> Response {
    let application = match crate::tracking::own_application(&state, &page, &id).await {
        Ok(application) => application,
        Err(response) => return response,
    };
    let record: Option<(String, String)> = sqlx::query_as(
        "SELECT file_name, content_type FROM documents WHERE id = $1 AND application_id = $2 AND owner_id = $3",
    )
    .bind(&document)
    .bind(&application.id)
    .bind(&application.applicant_id)
    .fetch_optional(&state.db)
    .await
    .ok()
    .flatten();
    let Some((file_name, content_type)) = record else {
        return crate::pages::not_found(&state, &page);
    };
    let Ok(bytes) = tokio::fs::read(directory(&state).join(&document)).await else {
        return crate::pages::not_found(&state, &page);
    };
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&content_type)
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    let disposition = format!("attachment; filename=\"{}\"", file_name.replace('"', ""));
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    crate::sessions::no_store(headers);
    response
}

#[cfg(test)]
mod tests {
    use super::safe_file_name;

    #[test]
    fn file_names_cannot_climb_out_or_inject() {
        assert_eq!(safe_file_name("../../etc/passwd"), "passwd");
        assert_eq!(safe_file_name("C:\\Users\\a\\ảnh thẻ.jpg"), "ảnh thẻ.jpg");
        // The last `/` ends a path, and what is left loses its markup characters.
        assert_eq!(safe_file_name("<script>x</script>.png"), "script.png");
        assert_eq!(safe_file_name("a<b>\"c\".png"), "abc.png");
        assert_eq!(safe_file_name(".."), "document");
    }
}
