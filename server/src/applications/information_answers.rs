//! The applicant's answer to the agency's request for more information, sent from the
//! application's page.

use crate::applications::information::{empty_form, request_for, save_answer, DOCUMENT_QUESTION};
use crate::applications::pages::render;
use crate::applications::uploads;
use crate::auth::ownership::own_application;
use crate::auth::sign_in::level_1_refused;
use crate::state::AppState;
use crate::store::applications::{self, Application};
use crate::store::status::Status;
use crate::web::form::{posted_value, read_form, Upload};
use crate::web::rendering::PageContext;
use app::forms::FieldError;
use app::strings::{strings, FREE_TEXT_MAX_CHARS};
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::text::{Lang, Text};

/// `POST /applications/{id}/information`: the applicant's answer. Refused answers come back with
/// what was typed and the reason (422); an accepted one puts the application back in the agency's
/// hands. Only the applicant can answer, and only while an answer is awaited.
pub async fn answer(
    State(state): State<AppState>,
    page: PageContext,
    Path(id): Path<String>,
    request: Request,
) -> Response {
    if let Some(refused) = level_1_refused(&state, &page, None).await {
        return refused;
    }
    let application = match own_application(&state, &page, &id).await {
        Ok(application) => application,
        Err(response) => return response,
    };
    let back = Redirect::to(&format!("/applications/{id}")).into_response();
    if application.status != Status::MoreInformation {
        // Answered already (a second click, another tab) or never asked: the page says which.
        return back;
    }
    let (posted, uploads) = match read_form(&state, request).await {
        Ok(form) => form,
        Err(response) => return response,
    };
    let typed = posted_value(&posted, "answer").unwrap_or_default();
    let answer = typed.trim();
    let mut form = empty_form(&application, page.lang);
    form.value = typed.to_string();
    // A file is kept only with an answer that is accepted, so a refusal leaves nothing behind.
    let accepted = match answer_refusal(answer, page.lang) {
        Some(error) => Err(error),
        None => keep_document(&state, &application, uploads, page.lang).await,
    };
    let status = match accepted {
        Err(error) => {
            form.errors.push(error);
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Ok(document) => match record_answer(&state, &id, answer, document.as_deref()).await {
            Ok(()) => return back,
            Err(_) => StatusCode::SERVICE_UNAVAILABLE,
        },
    };
    let mut response = render(&state, &page, &application, Some(form)).await;
    *response.status_mut() = status;
    response
}

/// Why the typed answer cannot be accepted, if it cannot: it is empty or too long.
fn answer_refusal(answer: &str, lang: Lang) -> Option<FieldError> {
    let text = strings(lang);
    let message = if answer.is_empty() {
        text.information_missing
    } else if answer.chars().count() > FREE_TEXT_MAX_CHARS {
        text.free_text_too_long
    } else {
        return None;
    };
    Some(FieldError {
        field: "answer",
        message: message.into(),
    })
}

/// Checks and stores the document sent with the answer, when the request asks for one and a
/// file came; the refusal is shown against the document field.
async fn keep_document(
    state: &AppState,
    application: &Application,
    uploads: Vec<(String, Upload)>,
    lang: Lang,
) -> Result<Option<String>, FieldError> {
    let upload = uploads
        .into_iter()
        .find(|(name, upload)| name == "document" && !upload.bytes.is_empty())
        .map(|(_, upload)| upload);
    let rules = request_for(application).and_then(|request| request.document);
    let (Some(upload), Some(rules)) = (upload, rules) else {
        return Ok(None);
    };
    let stored = match uploads::checked(DOCUMENT_QUESTION, &rules, upload) {
        Ok(file) => uploads::store(state, application, file).await,
        Err(refusal) => Err(refusal),
    };
    stored.map(Some).map_err(|refusal| FieldError {
        field: "document",
        message: refusal.get(lang).to_string(),
    })
}

/// Saves the accepted answer and hands the application back to the agency. An application that
/// moved on meanwhile is left as it is, as the page then says.
async fn record_answer(
    state: &AppState,
    id: &str,
    answer: &str,
    document: Option<&str>,
) -> Result<(), sqlx::Error> {
    save_answer(&state.db, id, answer, document).await?;
    applications::advance(
        &state.db,
        id,
        Status::MoreInformation,
        Status::InProgress,
        Text::new(
            "Bạn đã gửi thông tin bổ sung; cơ quan tiếp tục xử lý hồ sơ",
            "You sent the information asked for; the agency goes on with the application",
        ),
        None,
    )
    .await?;
    Ok(())
}
