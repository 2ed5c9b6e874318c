//! Uploaded documents: checked by content against the question's rules, stored outside any public
//! directory under a random id, and served back only to the citizen who uploaded them.

use crate::auth::ownership::own_application;
use crate::clock::now;
use crate::state::AppState;
use crate::store::applications::Application;
use crate::tokens::random_token;
use crate::web::form::Upload;
use crate::web::pages;
use crate::web::rendering::PageContext;
use app::forms::FieldError;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use domain::engine::documents::{DocumentRules, FileType};
use domain::engine::validation::Refusal;
use domain::engine::{Kind, Step};
use domain::text::Lang;
use sha2::{Digest, Sha256};
use std::path::PathBuf;

pub fn directory(state: &AppState) -> PathBuf {
    state.config.data_dir.join("documents")
}

/// Keeps letters, digits and a few separators of a file name, so that it is safe to show and can
/// never name a path (`../../etc/passwd` becomes `passwd`).
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

/// The answer a document question has between a file's arrival and its storing, which happens
/// only once the rest of the page is accepted.
pub const RECEIVED: &str = "received";

/// A file checked against its question's rules, not stored yet.
pub struct NewFile {
    pub question: &'static str,
    file_name: String,
    bytes: Vec<u8>,
    file_type: FileType,
}

/// Checks an upload by its content against `rules`.
pub fn checked(
    question: &'static str,
    rules: &DocumentRules,
    upload: Upload,
) -> Result<NewFile, Refusal> {
    let file_type = rules.check(&upload.bytes)?;
    Ok(NewFile {
        question,
        file_name: upload.file_name,
        bytes: upload.bytes,
        file_type,
    })
}

/// The files sent with a step for its document questions, checked by content; a refusal is a
/// message beside the question. A question without a new file keeps what it had.
pub fn received(
    step: &Step,
    mut uploads: Vec<(String, Upload)>,
    lang: Lang,
) -> (Vec<NewFile>, Vec<FieldError>) {
    let (mut files, mut errors) = (Vec::new(), Vec::new());
    for question in step.questions {
        let Kind::Document(rules) = question.kind else {
            continue;
        };
        let Some(index) = uploads
            .iter()
            .position(|(name, upload)| name == question.id && !upload.bytes.is_empty())
        else {
            continue;
        };
        let (_, upload) = uploads.swap_remove(index);
        match checked(question.id, &rules, upload) {
            Ok(file) => files.push(file),
            Err(refusal) => errors.push(FieldError {
                field: question.id,
                message: refusal.get(lang).to_string(),
            }),
        }
    }
    (files, errors)
}

/// Stores a checked file for `application`, within its owner's quota; returns the answer that
/// names it.
pub async fn store(
    state: &AppState,
    application: &Application,
    file: NewFile,
) -> Result<String, Refusal> {
    within_quota(state, &application.applicant_id, file.bytes.len() as i64).await?;
    let id = random_token()[..22].to_string();
    let folder = directory(state);
    tokio::fs::create_dir_all(&folder)
        .await
        .map_err(|_| not_saved())?;
    tokio::fs::write(folder.join(&id), &file.bytes)
        .await
        .map_err(|_| not_saved())?;
    let file_name = safe_file_name(&file.file_name);
    record(state, application, &id, &file_name, &file)
        .await
        .map_err(|_| not_saved())?;
    Ok(answer_value(&id, &file_name))
}

/// The refusal when the disk or the database fails while a file is stored.
fn not_saved() -> Refusal {
    Refusal::new(
        "Chưa lưu được tệp, vui lòng thử lại",
        "The file could not be saved; please try again",
    )
}

/// Refuses a file of `size` bytes that would take `owner` past the upload quota.
async fn within_quota(state: &AppState, owner: &str, size: i64) -> Result<(), Refusal> {
    // What a citizen may hold in applications not sent yet (the configured quota) keeps one
    // account from filling the disk; a sent application's papers are the agency's record and
    // count no more. A file being replaced counts until the new one is accepted.
    let used: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(d.size_bytes), 0) AS BIGINT) FROM documents d \
         JOIN applications a ON a.id = d.application_id \
         WHERE d.owner_id = $1 AND a.status IN ('draft', 'awaiting_payment')",
    )
    .bind(owner)
    .fetch_one(&state.db)
    .await
    .map_err(|_| not_saved())?;
    let quota = state.config.upload_quota_bytes;
    if used + size <= quota {
        return Ok(());
    }
    let limit = quota / (1024 * 1024);
    Err(Refusal::new(
        format!(
            "Các hồ sơ chưa gửi của bạn đã giữ gần tới giới hạn {limit} MB tệp. Hãy gửi tệp nhỏ hơn, hoặc gửi các hồ sơ đó trước."
        ),
        format!(
            "Your unsent applications already hold close to the {limit} MB limit of files. Send a smaller file, or send those applications first."
        ),
    ))
}

/// The stored file's row: whose it is, for which question, and its size and digest.
async fn record(
    state: &AppState,
    application: &Application,
    id: &str,
    file_name: &str,
    file: &NewFile,
) -> Result<(), sqlx::Error> {
    let digest: String = Sha256::digest(&file.bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    sqlx::query(
        "INSERT INTO documents (id, application_id, owner_id, question, file_name, content_type, size_bytes, sha256, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(id)
    .bind(&application.id)
    .bind(&application.applicant_id)
    .bind(file.question)
    .bind(file_name)
    .bind(file.file_type.mime())
    .bind(file.bytes.len() as i64)
    .bind(digest)
    .bind(now())
    .execute(&state.db)
    .await?;
    Ok(())
}

/// Deletes stored documents of an application, named by their answers (`<id>/<file name>`): a
/// file replaced by a new one, or stored for a page that was then not saved.
pub async fn discard(state: &AppState, application_id: &str, answers: &[String]) {
    for answer in answers {
        let id = answer.split_once('/').map_or(answer.as_str(), |(id, _)| id);
        delete(state, application_id, id).await;
    }
}

/// Deletes one document's row, then its bytes. A failure leaves it to the retention job.
pub async fn delete(state: &AppState, application_id: &str, id: &str) {
    let deleted = sqlx::query("DELETE FROM documents WHERE id = $1 AND application_id = $2")
        .bind(id)
        .bind(application_id)
        .execute(&state.db)
        .await;
    if deleted.is_ok_and(|result| result.rows_affected() == 1) {
        let _ = tokio::fs::remove_file(directory(state).join(id)).await;
    }
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
    let application = match own_application(&state, &page, &id).await {
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
        return pages::not_found(&state, &page);
    };
    let Ok(bytes) = tokio::fs::read(directory(&state).join(&document)).await else {
        return pages::not_found(&state, &page);
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
    crate::auth::sessions::no_store(headers);
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
