//! The citizen's own editable draft: loading it (theirs, still editable, and still about their
//! child when it is for one), saving it, and where it continues.

use crate::auth::acting_for;
use crate::auth::ownership::own_application;
use crate::state::AppState;
use crate::store::applications::{self, Application};
use crate::web::pages;
use crate::web::rendering::PageContext;
use app::strings::strings;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::catalogue::{self, Service};
use domain::definitions;
use domain::engine::{Context, Definition};
use domain::text::Lang;

/// The citizen's own editable application and its definition, or the response to send instead.
pub(super) async fn load_draft(
    state: &AppState,
    page: &PageContext,
    id: &str,
) -> Result<(Application, &'static Definition, &'static Service), Response> {
    let application = own_application(state, page, id).await?;
    let (Some(definition), Some(service)) = (
        definitions::by_slug(&application.service),
        catalogue::by_slug(&application.service),
    ) else {
        return Err(pages::not_found(state, page));
    };
    if !application.status.is_editable() {
        return Err(Redirect::to(&format!("/applications/{id}")).into_response());
    }
    if application.applicant_id != application.subject_id {
        still_their_child(state, page, &application, definition, service).await?;
    }
    Ok((application, definition, service))
}

/// Before anything is done for a child, the registry is asked again whether the citizen is still
/// their parent and the child still under 14.
async fn still_their_child(
    state: &AppState,
    page: &PageContext,
    application: &Application,
    definition: &Definition,
    service: &Service,
) -> Result<(), Response> {
    let Some(citizen) = &page.citizen else {
        return Err(pages::not_found(state, page));
    };
    match acting_for::child(
        state,
        page,
        citizen,
        definition.slug(),
        &application.subject_id,
    )
    .await
    {
        Ok(Some(_)) => Ok(()),
        Ok(None) => {
            let text = strings(page.lang);
            let body = app::journey::not_possible(
                page.lang,
                service.name.get(page.lang),
                text.no_longer_acting_title,
                text.no_longer_acting_body,
            );
            Err(page.page_with_status(
                state,
                StatusCode::FORBIDDEN,
                text.no_longer_acting_title,
                body,
            ))
        }
        Err(_) => Err(unavailable(state, page, service)),
    }
}

/// Saves a draft, keeping it for the configured time from this change.
pub(super) async fn save(state: &AppState, application: &Application) -> Result<bool, sqlx::Error> {
    let lifetime = state.config.draft_lifetime.as_secs() as i64;
    applications::save_draft(&state.db, application, lifetime).await
}

/// Where a draft continues: its first step not yet completed, or the check page.
pub(super) fn next_url(definition: &'static Definition, application: &Application) -> String {
    match definition.next_step(&application.answers, &application.context) {
        Some(step) => format!("/applications/{}/{}", application.id, step.id),
        None => format!("/applications/{}/check", application.id),
    }
}

pub(super) fn prefilled(
    definition: &Definition,
    context: &Context,
    lang: Lang,
) -> Vec<(String, String)> {
    definition
        .prefilled
        .iter()
        .filter_map(|fact| {
            (fact.value)(context, lang).map(|value| (fact.label.get(lang).to_string(), value))
        })
        .collect()
}

pub(super) fn unavailable(state: &AppState, page: &PageContext, service: &Service) -> Response {
    let text = strings(page.lang);
    let body = app::journey::not_possible(
        page.lang,
        service.name.get(page.lang),
        text.not_eligible_title,
        text.registry_check_unavailable,
    );
    page.page_with_status(
        state,
        StatusCode::SERVICE_UNAVAILABLE,
        text.not_eligible_title,
        body,
    )
}
