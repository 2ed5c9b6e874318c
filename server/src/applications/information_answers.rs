//! The applicant's answer to the agency's request for more information, sent from the
//! application's page.

use crate::applications::information::{empty_form, request_for, save_answer, DOCUMENT_QUESTION};
use crate::applications::pages::render;
use crate::applications::uploads;
use crate::auth::ownership::own_application;
use crate::auth::sign_in::level_1_refused;
use crate::state::AppState;
use crate::store::applications;
use crate::store::status::Status;
use crate::web::form::{posted_value, read_form};
use crate::web::rendering::PageContext;
use app::forms::FieldError;
use app::strings::{strings, FREE_TEXT_MAX_CHARS};
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::text::Text;

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
    let text = strings(page.lang);
    let typed = posted_value(&posted, "answer").unwrap_or_default();
    let answer = typed.trim();
    let mut form = empty_form(&application, page.lang);
    form.value = typed.to_string();
    if answer.is_empty() {
        form.errors.push(FieldError {
            field: "answer",
            message: text.information_missing.into(),
        });
    } else if answer.chars().count() > FREE_TEXT_MAX_CHARS {
        form.errors.push(FieldError {
            field: "answer",
            message: text.free_text_too_long.into(),
        });
    }
    let upload = uploads
        .into_iter()
        .find(|(name, upload)| name == "document" && !upload.bytes.is_empty())
        .map(|(_, upload)| upload);
    let rules = request_for(&application).and_then(|request| request.document);
    let mut document = None;
    // A file is kept only with an answer that is accepted, so a refusal leaves nothing behind.
    if let (true, Some(upload), Some(rules)) = (form.errors.is_empty(), upload, rules) {
        let stored = match uploads::checked(DOCUMENT_QUESTION, &rules, upload) {
            Ok(file) => uploads::store(&state, &application, file).await,
            Err(refusal) => Err(refusal),
        };
        match stored {
            Ok(stored) => document = Some(stored),
            Err(refusal) => form.errors.push(FieldError {
                field: "document",
                message: refusal.get(page.lang).to_string(),
            }),
        }
    }
    if !form.errors.is_empty() {
        let mut response = render(&state, &page, &application, Some(form)).await;
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        return response;
    }
    if save_answer(&state.db, &id, answer, document.as_deref())
        .await
        .is_err()
        || applications::advance(
            &state.db,
            &id,
            Status::MoreInformation,
            Status::InProgress,
            Text::new(
                "Bạn đã gửi thông tin bổ sung; cơ quan tiếp tục xử lý hồ sơ",
                "You sent the information asked for; the agency goes on with the application",
            ),
            None,
        )
        .await
        .is_err()
    {
        let mut response = render(&state, &page, &application, Some(form)).await;
        *response.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
        return response;
    }
    back
}
