//! Saving a step: its answers validated on the server, its registry checks, its files stored once
//! the page is accepted, and the draft saved, or the page shown again with what was typed.

use crate::applications::uploads;
use crate::auth::sign_in::level_1_refused;
use crate::clients::payment_gateway::Withdrawal;
use crate::journey::draft::{load_draft, next_url, save, unavailable};
use crate::journey::payment;
use crate::journey::registry_checks::run_checks;
use crate::journey::sources::today_iso;
use crate::journey::step_page::render_step;
use crate::state::AppState;
use crate::store::applications::Application;
use crate::web::form::{posted_value, read_form, Posted};
use crate::web::pages;
use crate::web::rendering::PageContext;
use app::forms::FieldError;
use app::strings::strings;
use axum::extract::{Path, Request, State};
use axum::response::{IntoResponse, Redirect, Response};
use domain::engine::validation;
use domain::engine::Kind;
use serde_json::json;
use std::collections::BTreeMap;

/// A question's answer as posted: the checkboxes of a several-choice question come as repeated
/// names, joined here by commas for the engine to check.
pub(super) fn posted_answer(
    posted: &Posted,
    question: &domain::engine::Question,
) -> Option<String> {
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

pub async fn save_step(
    State(state): State<AppState>,
    page: PageContext,
    Path((id, step_id)): Path<(String, String)>,
    request: Request,
) -> Response {
    if let Some(refused) = level_1_refused(&state, &page, None).await {
        return refused;
    }
    let (mut application, definition, service) = match load_draft(&state, &page, &id).await {
        Ok(loaded) => loaded,
        Err(response) => return response,
    };
    let Some(step) = definition
        .step(&step_id)
        .filter(|step| step.is_asked(&application.answers, &application.context))
    else {
        return pages::not_found(&state, &page);
    };
    let (posted, uploads) = match read_form(&state, request).await {
        Ok(form) => form,
        Err(response) => return response,
    };
    application.context.insert("today", json!(today_iso()));
    let lang = page.lang;
    let (new_files, mut errors) = uploads::received(step, uploads, lang);
    let mut candidate = application.answers.clone();
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
            _ => posted_answer(&posted, question),
        };
        match validation::check(question, answer.as_deref(), &application.context, today) {
            Ok(value) => candidate.set(question.id, value),
            Err(refusal) => errors.push(FieldError {
                field: question.id,
                message: refusal.get(lang).to_string(),
            }),
        }
    }
    if errors.is_empty() {
        if let Some(validate) = step.validate {
            errors.extend(validate(&candidate, &application.context).into_iter().map(
                |(field, message)| FieldError {
                    field,
                    message: message.get(lang).to_string(),
                },
            ));
        }
    }
    if errors.is_empty() {
        let checked = run_checks(
            &state,
            &page,
            definition,
            step,
            &candidate,
            &application.context,
        )
        .await;
        match checked {
            Ok(check_errors) => errors.extend(check_errors),
            Err(()) => errors.push(FieldError {
                field: step.questions[0].id,
                message: strings(lang).registry_check_unavailable.to_string(),
            }),
        }
    }
    // Files are stored only for a step that is accepted, so a refused page leaves nothing behind.
    let (mut stored_now, mut replaced) = (Vec::new(), Vec::new());
    if errors.is_empty() {
        for file in new_files {
            let question = file.question;
            match uploads::store(&state, &application, file).await {
                Ok(stored) => {
                    replaced.extend(application.answers.get(question).map(str::to_string));
                    stored_now.push(stored.clone());
                    candidate.set(question, stored);
                }
                Err(refusal) => errors.push(FieldError {
                    field: question,
                    message: refusal.get(lang).to_string(),
                }),
            }
        }
    }
    if errors.is_empty() {
        // The answers change: a payment begun for the old ones must not be payable any more.
        match state.payments.withdraw(&application).await {
            Withdrawal::Done => {}
            Withdrawal::Paid(payment_id) => {
                uploads::discard(&state, &application.id, &stored_now).await;
                return Redirect::to(&payment::return_path(&id, &payment_id)).into_response();
            }
            Withdrawal::Unavailable => errors.push(FieldError {
                field: step.questions[0].id,
                message: strings(lang).payment_unavailable.to_string(),
            }),
        }
    }
    if errors.is_empty() {
        candidate.complete(step.id);
        let saving = Application {
            answers: candidate,
            ..application.clone()
        };
        match save(&state, &saving).await {
            Ok(true) => {
                uploads::discard(&state, &application.id, &replaced).await;
                return Redirect::to(&next_url(definition, &saving)).into_response();
            }
            // Another window saved this draft (or began its payment) since it was read.
            Ok(false) => errors.push(FieldError {
                field: step.questions[0].id,
                message: strings(lang).changed_elsewhere.to_string(),
            }),
            Err(_) => {
                uploads::discard(&state, &application.id, &stored_now).await;
                return unavailable(&state, &page, service);
            }
        }
    }
    uploads::discard(&state, &application.id, &stored_now).await;
    // What was typed comes back as typed, so nothing is lost.
    let values: BTreeMap<String, String> = step
        .questions
        .iter()
        .map(|question| {
            let value = match question.kind {
                Kind::Document(_) => application.answers.get(question.id).map(str::to_string),
                _ => posted_answer(&posted, question),
            };
            (question.id.to_string(), value.unwrap_or_default())
        })
        .collect();
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
