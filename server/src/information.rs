//! "More information needed": before deciding, the agency may ask the applicant something the
//! application does not settle; each service's definition says when and what. The application
//! waits in "more information needed", the applicant is told in their outbox and answers on the
//! application's page (in words, with a paper attached where the request allows one), and the
//! agency goes on. The stand-in asks once per application.

use crate::applications::{self, Application, Status};
use crate::documents;
use crate::journey::{posted_value, read_form};
use crate::rendering::PageContext;
use crate::sessions::now;
use crate::AppState;
use app::forms::FieldError;
use app::journey::{AnswerForm, InformationRequested};
use app::strings::{strings, FREE_TEXT_MAX_CHARS};
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::definitions;
use domain::engine::{InformationRequest, Submitted};
use domain::text::{Lang, Text};
use sqlx::AnyPool;

/// The question under which a paper sent with an answer is stored.
const DOCUMENT_QUESTION: &str = "more_information";

/// A request as stored, with its answer once given.
pub struct Asked {
    pub request_vi: String,
    pub request_en: String,
    pub answer: Option<String>,
    /// The stored document (`<id>/<file name>`) sent with the answer, if any.
    pub document: Option<String>,
}

/// What the agency asked on an application, if it asked anything.
pub async fn asked(db: &AnyPool, application_id: &str) -> Result<Option<Asked>, sqlx::Error> {
    let row: Option<(String, String, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT request_vi, request_en, answer, document FROM information_requests \
         WHERE application_id = $1",
    )
    .bind(application_id)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|(request_vi, request_en, answer, document)| Asked {
        request_vi,
        request_en,
        answer,
        document,
    }))
}

/// What the service's definition asks of this application, if anything.
fn request_for(application: &Application) -> Option<InformationRequest> {
    let definition = definitions::by_slug(&application.service)?;
    let submitted = Submitted {
        answers: &application.answers,
        context: &application.context,
        subject_id: &application.subject_id,
        reference: application.reference.as_deref().unwrap_or(&application.id),
    };
    definition.more_information?(&submitted)
}

/// The agency's turn on an application in progress: asks the applicant what the service needs
/// to know, unless they have answered already. True when the application now waits for them.
pub async fn ask_if_needed(
    state: &AppState,
    application: &Application,
) -> Result<bool, sqlx::Error> {
    let Some(request) = request_for(application) else {
        return Ok(false);
    };
    let earlier = asked(&state.db, &application.id).await?;
    if earlier.is_some_and(|asked| asked.answer.is_some()) {
        return Ok(false);
    }
    // The request and the message to the applicant are written together, once; moving the
    // status follows, and is retried at the next round should it fail.
    let mut tx = state.db.begin().await?;
    let inserted = sqlx::query(
        "INSERT INTO information_requests (application_id, request_vi, request_en, asked_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (application_id) DO NOTHING",
    )
    .bind(&application.id)
    .bind(request.message.vi)
    .bind(request.message.en)
    .bind(now())
    .execute(&mut *tx)
    .await?;
    if inserted.rows_affected() == 1 {
        let reference = application.reference.as_deref().unwrap_or_default();
        sqlx::query(
            "INSERT INTO outbox (recipient_id, channel, subject_vi, subject_en, link, created_at) \
             VALUES ($1, 'email', $2, $3, $4, $5)",
        )
        .bind(&application.applicant_id)
        .bind(format!(
            "Cơ quan giải quyết cần bạn bổ sung thông tin cho hồ sơ {reference}."
        ))
        .bind(format!(
            "The agency needs more information for your application {reference}."
        ))
        .bind(format!("/applications/{}", application.id))
        .bind(now())
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    applications::advance(
        &state.db,
        &application.id,
        Status::InProgress,
        Status::MoreInformation,
        request.message,
        None,
    )
    .await?;
    Ok(true)
}

/// The request and its answer (or the form to answer it) for the application's page. `form` is
/// what was just refused, to show again; `None` shows the form empty.
pub async fn for_page(
    state: &AppState,
    application: &Application,
    lang: Lang,
    form: Option<AnswerForm>,
) -> Option<InformationRequested> {
    let asked = asked(&state.db, &application.id).await.ok()??;
    let request = match lang {
        Lang::Vi => asked.request_vi,
        Lang::En => asked.request_en,
    };
    if let Some(answer) = asked.answer {
        let document = asked
            .document
            .map(|document| domain::engine::documents::shown_name(&document).to_string());
        return Some(InformationRequested {
            request,
            answer: Some((answer, document)),
            form: None,
        });
    }
    let awaited = application.status == Status::MoreInformation;
    Some(InformationRequested {
        request,
        answer: None,
        form: awaited.then(|| form.unwrap_or_else(|| empty_form(application, lang))),
    })
}

fn empty_form(application: &Application, lang: Lang) -> AnswerForm {
    let document = request_for(application)
        .and_then(|request| request.document)
        .map(|rules| {
            let accept: Vec<&str> = rules.accept.iter().map(|kind| kind.extensions()).collect();
            let stated = rules.describe();
            let words = match lang {
                Lang::Vi => stated.vi,
                Lang::En => stated.en,
            };
            (accept.join(","), words)
        });
    AnswerForm {
        action: format!("/applications/{}/information", application.id),
        value: String::new(),
        document,
        errors: Vec::new(),
    }
}

/// `POST /applications/{id}/information`: the applicant's answer. Refused answers come back with
/// what was typed and the reason (422); an accepted one puts the application back in the agency's
/// hands. Only the applicant can answer, and only while an answer is awaited.
pub async fn answer(
    State(state): State<AppState>,
    page: PageContext,
    Path(id): Path<String>,
    request: Request,
) -> Response {
    if let Some(refused) = crate::auth::level_1_refused(&state, &page, None).await {
        return refused;
    }
    let application = match crate::tracking::own_application(&state, &page, &id).await {
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
        let stored = match documents::checked(DOCUMENT_QUESTION, &rules, upload) {
            Ok(file) => documents::store(&state, &application, file).await,
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
        let mut response = crate::tracking::render(&state, &page, &application, Some(form)).await;
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
        let mut response = crate::tracking::render(&state, &page, &application, Some(form)).await;
        *response.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
        return response;
    }
    back
}

async fn save_answer(
    db: &AnyPool,
    application_id: &str,
    answer: &str,
    document: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE information_requests SET answer = $1, document = $2, answered_at = $3 \
         WHERE application_id = $4 AND answered_at IS NULL",
    )
    .bind(answer)
    .bind(document)
    .bind(now())
    .bind(application_id)
    .execute(db)
    .await
    .map(drop)
}
