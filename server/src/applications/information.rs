//! "More information needed": before deciding, the agency may ask the applicant something the
//! application does not settle; each service's definition says when and what. The application
//! waits in "more information needed", the applicant is told in their outbox and answers on the
//! application's page (in words, with a paper attached where the request allows one), and the
//! agency goes on. The stand-in asks once per application.

use crate::clock::now;
use crate::state::AppState;
use crate::store::applications::{self, Application};
use crate::store::messages;
use crate::store::status::Status;
use app::journey::{AnswerForm, InformationRequested};
use domain::definitions;
use domain::engine::{InformationRequest, Submitted};
use domain::text::{Lang, OwnedText};
use sqlx::AnyPool;

/// The question under which a paper sent with an answer is stored.
pub const DOCUMENT_QUESTION: &str = "more_information";

/// A request as stored, with its answer once given.
pub struct Asked {
    pub request: OwnedText,
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
        request: OwnedText::new(request_vi, request_en),
        answer,
        document,
    }))
}

/// What the service's definition asks of this application, if anything.
pub fn request_for(application: &Application) -> Option<InformationRequest> {
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
        let (applicant, id) = (&application.applicant_id, &application.id);
        messages::more_information_needed(&mut tx, applicant, id, reference).await?;
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
    let request = asked.request.get(lang).to_string();
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

pub fn empty_form(application: &Application, lang: Lang) -> AnswerForm {
    let document = request_for(application)
        .and_then(|request| request.document)
        .map(|rules| {
            let accept: Vec<&str> = rules.accept.iter().map(|kind| kind.extensions()).collect();
            let words = rules.describe().get(lang).to_string();
            (accept.join(","), words)
        });
    AnswerForm {
        action: format!("/applications/{}/information", application.id),
        value: String::new(),
        document,
        errors: Vec::new(),
    }
}

/// Keeps the applicant's answer (and the document sent with it) to the request awaiting one.
pub async fn save_answer(
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
