//! Saving a step: its answers validated on the server, its registry checks, its files stored once
//! the page is accepted, and the draft saved, or the page shown again with what was typed.

use crate::applications::uploads;
use crate::applications::uploads::NewFile;
use crate::auth::sign_in::level_1_refused;
use crate::clients::payment_gateway::Withdrawal;
use crate::journey::draft::{next_url, save, unavailable};
use crate::journey::payment;
use crate::journey::registry_checks::run_checks;
use crate::journey::sources::today_iso;
use crate::journey::step_page::{load_step, render_step};
use crate::state::AppState;
use crate::store::applications::Application;
use crate::web::form::{posted_value, read_form, Posted, Upload};
use crate::web::rendering::PageContext;
use app::forms::FieldError;
use app::strings::strings;
use axum::extract::{Path, Request, State};
use axum::response::{IntoResponse, Redirect, Response};
use domain::catalogue::Service;
use domain::engine::validation;
use domain::engine::{Answers, Context, Definition, Kind, Question, Step};
use domain::text::Lang;
use serde_json::json;
use std::collections::BTreeMap;

/// A question's answer as posted: the checkboxes of a several-choice question come as repeated
/// names, joined here by commas for the engine to check.
fn posted_answer(posted: &Posted, question: &Question) -> Option<String> {
    match question.kind {
        Kind::Choices(_) => {
            let chosen: Vec<&str> = posted
                .iter()
                .filter(|(key, _)| key == question.id)
                .map(|(_, value)| value.as_str())
                .collect();
            (!chosen.is_empty()).then(|| chosen.join(","))
        }
        _ => posted_value(posted, question.id).map(str::to_string),
    }
}

/// `POST /applications/{id}/{step}`: an accepted page is saved and the citizen goes on; a refused
/// one comes back as typed, with the reasons beside the questions.
pub async fn save_step(
    State(state): State<AppState>,
    page: PageContext,
    Path((id, step_id)): Path<(String, String)>,
    request: Request,
) -> Response {
    if let Some(refused) = level_1_refused(&state, &page, None).await {
        return refused;
    }
    let (mut application, definition, service, step) =
        match load_step(&state, &page, &id, &step_id).await {
            Ok(loaded) => loaded,
            Err(response) => return response,
        };
    let (posted, uploads) = match read_form(&state, request).await {
        Ok(form) => form,
        Err(response) => return response,
    };
    application.context.insert("today", json!(today_iso()));
    let (candidate, mut errors) = checked_page(
        &state,
        &page,
        &application,
        definition,
        step,
        &posted,
        uploads,
    )
    .await;
    if errors.is_empty() {
        match save_accepted(
            &state,
            &page,
            &application,
            definition,
            service,
            step,
            &candidate,
        )
        .await
        {
            Ok(response) => return response,
            Err(error) => errors.push(error),
        }
    }
    uploads::discard(&state, &application.id, &candidate.stored_now).await;
    let values = typed_values(step, &posted, &application);
    render_step(
        &state,
        &page,
        &application,
        definition,
        service,
        step,
        &values,
        &errors,
    )
}

/// The page checked in turns (its answers, the step's own rule, the registry, its files), each
/// turn only once the turns before it refused nothing: the draft as the page would make it, and
/// the refusals.
async fn checked_page(
    state: &AppState,
    page: &PageContext,
    application: &Application,
    definition: &Definition,
    step: &Step,
    posted: &Posted,
    uploads: Vec<(String, Upload)>,
) -> (Candidate, Vec<FieldError>) {
    let lang = page.lang;
    let (new_files, mut errors) = uploads::received(step, uploads, lang);
    let mut candidate = Candidate::of(application);
    check_answers(
        step,
        posted,
        &new_files,
        application,
        &mut candidate.answers,
        &mut errors,
        lang,
    );
    if errors.is_empty() {
        errors.extend(step_rule(
            step,
            &candidate.answers,
            &application.context,
            lang,
        ));
    }
    if errors.is_empty() {
        errors.extend(
            registry_refusals(
                state,
                page,
                definition,
                step,
                &candidate.answers,
                &application.context,
            )
            .await,
        );
    }
    // Files are stored only for a step that is accepted, so a refused page leaves nothing behind.
    if errors.is_empty() {
        errors.extend(store_files(state, application, new_files, &mut candidate, lang).await);
    }
    (candidate, errors)
}

/// Checks each question's answer (unless its file was refused already) into `candidate`, and
/// adds a refusal beside each question whose answer is not accepted.
fn check_answers(
    step: &Step,
    posted: &Posted,
    new_files: &[NewFile],
    application: &Application,
    candidate: &mut Answers,
    errors: &mut Vec<FieldError>,
    lang: Lang,
) {
    let today = domain::age::today_in_vietnam();
    for question in step.questions {
        if errors.iter().any(|error| error.field == question.id) {
            continue;
        }
        // A document's answer is never what the form says: it is the file received now (stored
        // once the page is accepted), or the one stored before for this application and
        // question (kept when another answer on the page is refused).
        let answer = match question.kind {
            Kind::Document(_) if new_files.iter().any(|file| file.question == question.id) => {
                candidate.set(question.id, uploads::RECEIVED.to_string());
                continue;
            }
            Kind::Document(_) => application.answers.get(question.id).map(str::to_string),
            _ => posted_answer(posted, question),
        };
        match validation::check(question, answer.as_deref(), &application.context, today) {
            Ok(value) => candidate.set(question.id, value),
            Err(refusal) => errors.push(FieldError {
                field: question.id,
                message: refusal.get(lang).to_string(),
            }),
        }
    }
}

/// The refusals of the step's own rule across its answers, where it has one.
fn step_rule(step: &Step, candidate: &Answers, context: &Context, lang: Lang) -> Vec<FieldError> {
    let Some(validate) = step.validate else {
        return Vec::new();
    };
    validate(candidate, context)
        .into_iter()
        .map(|(field, message)| FieldError {
            field,
            message: message.get(lang).to_string(),
        })
        .collect()
}

/// The registry's refusals of the step's typed identifiers, or one saying it cannot answer now.
async fn registry_refusals(
    state: &AppState,
    page: &PageContext,
    definition: &Definition,
    step: &Step,
    candidate: &Answers,
    context: &Context,
) -> Vec<FieldError> {
    match run_checks(state, page, definition, step, candidate, context).await {
        Ok(check_errors) => check_errors,
        Err(()) => vec![FieldError {
            field: step.questions[0].id,
            message: strings(page.lang).registry_check_unavailable.to_string(),
        }],
    }
}

/// The draft as the page would make it: its answers, the files stored for them (to delete should
/// the draft not be saved after all), and the answers those files replace (to delete once it is).
struct Candidate {
    answers: Answers,
    stored_now: Vec<String>,
    replaced: Vec<String>,
}

impl Candidate {
    fn of(application: &Application) -> Self {
        Self {
            answers: application.answers.clone(),
            stored_now: Vec::new(),
            replaced: Vec::new(),
        }
    }
}

/// Stores the page's new files, each becoming its question's answer in `candidate`; a file that
/// cannot be kept is a refusal beside its question.
async fn store_files(
    state: &AppState,
    application: &Application,
    new_files: Vec<NewFile>,
    candidate: &mut Candidate,
    lang: Lang,
) -> Vec<FieldError> {
    let mut errors = Vec::new();
    for file in new_files {
        let question = file.question;
        match uploads::store(state, application, file).await {
            Ok(stored) => {
                candidate
                    .replaced
                    .extend(application.answers.get(question).map(str::to_string));
                candidate.stored_now.push(stored.clone());
                candidate.answers.set(question, stored);
            }
            Err(refusal) => errors.push(FieldError {
                field: question,
                message: refusal.get(lang).to_string(),
            }),
        }
    }
    errors
}

/// Saves the draft with the accepted page, once any payment begun for the old answers is
/// withdrawn, and answers where the citizen goes; `Err` is the reason it was not saved, to show
/// beside the page's first question.
async fn save_accepted(
    state: &AppState,
    page: &PageContext,
    application: &Application,
    definition: &'static Definition,
    service: &Service,
    step: &Step,
    candidate: &Candidate,
) -> Result<Response, FieldError> {
    let refused = |message: &str| FieldError {
        field: step.questions[0].id,
        message: message.to_string(),
    };
    let text = strings(page.lang);
    // The answers change: a payment begun for the old ones must not be payable any more.
    match state.payments.withdraw(application).await {
        Withdrawal::Done => {}
        Withdrawal::Paid(payment_id) => {
            uploads::discard(state, &application.id, &candidate.stored_now).await;
            let paid = payment::return_path(&application.id, &payment_id);
            return Ok(Redirect::to(&paid).into_response());
        }
        Withdrawal::Unavailable => return Err(refused(text.payment_unavailable)),
    }
    let mut answers = candidate.answers.clone();
    answers.complete(step.id);
    let saving = Application {
        answers,
        ..application.clone()
    };
    match save(state, &saving).await {
        Ok(true) => {
            uploads::discard(state, &application.id, &candidate.replaced).await;
            Ok(Redirect::to(&next_url(definition, &saving)).into_response())
        }
        // Another window saved this draft (or began its payment) since it was read.
        Ok(false) => Err(refused(text.changed_elsewhere)),
        Err(_) => {
            uploads::discard(state, &application.id, &candidate.stored_now).await;
            Ok(unavailable(state, page, service))
        }
    }
}

/// What was typed, as typed, so that nothing is lost when the page comes back refused; a document
/// question shows the file stored before.
fn typed_values(
    step: &Step,
    posted: &Posted,
    application: &Application,
) -> BTreeMap<String, String> {
    step.questions
        .iter()
        .map(|question| {
            let value = match question.kind {
                Kind::Document(_) => application.answers.get(question.id).map(str::to_string),
                _ => posted_answer(posted, question),
            };
            (question.id.to_string(), value.unwrap_or_default())
        })
        .collect()
}
