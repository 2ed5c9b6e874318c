//! A step's page: its questions with the answers given so far, the registry facts shown on the
//! first step, and the way back.

use crate::auth::acting_for;
use crate::journey::draft::{load_draft, prefilled};
use crate::state::AppState;
use crate::store::applications::Application;
use crate::web::pages;
use crate::web::rendering::PageContext;
use app::forms::{self, FieldError};
use app::journey::StepPage;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use domain::catalogue::Service;
use domain::engine::{Definition, Step};
use std::collections::BTreeMap;

/// A step of the citizen's draft `id` that is asked with the answers given so far, with the
/// draft; or the response to send instead.
pub(super) async fn load_step(
    state: &AppState,
    page: &PageContext,
    id: &str,
    step_id: &str,
) -> Result<
    (
        Application,
        &'static Definition,
        &'static Service,
        &'static Step,
    ),
    Response,
> {
    let (application, definition, service) = load_draft(state, page, id).await?;
    let Some(step) = definition
        .step(step_id)
        .filter(|step| step.is_asked(&application.answers, &application.context))
    else {
        return Err(pages::not_found(state, page));
    };
    Ok((application, definition, service, step))
}

pub async fn show_step(
    State(state): State<AppState>,
    page: PageContext,
    Path((id, step_id)): Path<(String, String)>,
) -> Response {
    let (application, definition, service, step) =
        match load_step(&state, &page, &id, &step_id).await {
            Ok(loaded) => loaded,
            Err(response) => return response,
        };
    let values = stored_values(step, &application);
    render_step(
        &state,
        &page,
        &application,
        definition,
        service,
        step,
        &values,
        &[],
    )
}

fn stored_values(step: &Step, application: &Application) -> BTreeMap<String, String> {
    step.questions
        .iter()
        .filter_map(|question| {
            application.answers.get(question.id).map(|stored| {
                (
                    question.id.to_string(),
                    app::journey::display_value(question, stored),
                )
            })
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
pub(super) fn render_step(
    state: &AppState,
    page: &PageContext,
    application: &Application,
    definition: &'static Definition,
    service: &Service,
    step: &'static Step,
    values: &BTreeMap<String, String>,
    errors: &[FieldError],
) -> Response {
    let lang = page.lang;
    let first = definition
        .asked_steps(&application.answers, &application.context)
        .first()
        .is_some_and(|first| first.id == step.id);
    let back = previous_url(definition, application, step.id);
    let body = app::journey::step_page(
        lang,
        StepPage {
            action: format!("/applications/{}/{}", application.id, step.id),
            back,
            service_name: service.name.get(lang),
            step,
            values,
            errors,
            context: &application.context,
            prefilled: if first {
                prefilled(definition, &application.context, lang)
            } else {
                Vec::new()
            },
            on_behalf: acting_for::on_behalf(application).as_ref(),
        },
    );
    let title = forms::title(lang, step.title.get(lang), errors);
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    page.page_with_status(state, status, &title, body)
}

fn previous_url(
    definition: &'static Definition,
    application: &Application,
    current: &str,
) -> String {
    let asked = definition.asked_steps(&application.answers, &application.context);
    match asked.iter().position(|step| step.id == current) {
        Some(position) if position > 0 => format!(
            "/applications/{}/{}",
            application.id,
            asked[position - 1].id
        ),
        _ => format!("/services/{}", definition.slug()),
    }
}
