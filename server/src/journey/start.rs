//! Starting a service from its start page's button, and "check again" on a draft that waits for
//! the registry.

use crate::auth::acting_for;
use crate::auth::citizen::Citizen;
use crate::auth::sign_in::{level_1_refused, sign_in_redirect};
use crate::journey::begin::{begin, refresh_and_continue};
use crate::journey::draft::{load_draft, unavailable};
use crate::journey::whom::{choose_whom, render_whom};
use crate::state::AppState;
use crate::web::form::{posted_value, Posted};
use crate::web::pages;
use crate::web::rendering::PageContext;
use app::journey::WHOM_ASKED;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use domain::catalogue::{self, Service};
use domain::definitions;
use domain::engine::{Definition, Subject};

/// What starting a service takes: a citizen signed in at level 2, and a service the engine runs;
/// otherwise the response to send instead.
async fn starting<'a>(
    state: &AppState,
    page: &'a PageContext,
    slug: &str,
) -> Result<(&'a Citizen, &'static Definition, &'static Service), Response> {
    let Some(service) = catalogue::by_slug(slug) else {
        return Err(pages::not_found(state, page));
    };
    let Some(citizen) = &page.citizen else {
        // Back to the start page, whose button starts the service (a POST, never a link).
        return Err(sign_in_redirect(&format!("/services/{slug}")));
    };
    if let Some(refused) = level_1_refused(state, page, Some(service.slug)).await {
        return Err(refused);
    }
    let Some(definition) = definitions::by_slug(slug) else {
        let body = app::account::service_not_online(page.lang, service);
        return Err(page.page(state, service.name.get(page.lang), body));
    };
    Ok((citizen, definition, service))
}

/// `POST /services/{slug}/start`, from the start page's button: signed in at level 2, the citizen
/// resumes their draft of this service or starts one prefilled from the registry. Starting reads
/// the registry and writes a draft, so it is never a link that another site could make a browser
/// follow. A parent of children under 14 is first asked whom the application is for, where the
/// service allows a parent to act for a child; their answer comes back here too (see
/// [`choose_whom`]).
pub async fn start(
    State(state): State<AppState>,
    page: PageContext,
    Path(slug): Path<String>,
    Form(posted): Form<Posted>,
) -> Response {
    let (citizen, definition, service) = match starting(&state, &page, &slug).await {
        Ok(started) => started,
        Err(response) => return response,
    };
    let answering_whom = posted_value(&posted, WHOM_ASKED).is_some()
        || posted_value(&posted, "applying_for").is_some();
    if answering_whom {
        return choose_whom(&state, &page, citizen, definition, service, &posted).await;
    }
    if definition.may_be_for(Subject::ChildUnder14) {
        match acting_for::children_under_14(&state, &page, citizen, definition.slug()).await {
            Ok(children) if !children.is_empty() => {
                return render_whom(&state, &page, citizen, service, &children, &[])
            }
            Ok(_) => {}
            Err(_) => return unavailable(&state, &page, service),
        }
    }
    begin(&state, &page, citizen, definition, service, None).await
}

/// `GET /services/{slug}/start`: a link (an old message, a bookmark) starts nothing; it leads to
/// the start page, whose button does.
pub async fn to_start_page(Path(slug): Path<String>) -> Response {
    let page = catalogue::by_slug(&slug).map_or_else(
        || "/".to_string(),
        |service| format!("/services/{}", service.slug),
    );
    Redirect::to(&page).into_response()
}

/// `POST /applications/{id}/refresh`: "check again" on a draft that waits for the registry.
pub async fn refresh(
    State(state): State<AppState>,
    page: PageContext,
    Path(id): Path<String>,
) -> Response {
    if let Some(refused) = level_1_refused(&state, &page, None).await {
        return refused;
    }
    let (application, definition, service) = match load_draft(&state, &page, &id).await {
        Ok(loaded) => loaded,
        Err(response) => return response,
    };
    let Some(citizen) = &page.citizen else {
        return sign_in_redirect(&format!("/applications/{id}"));
    };
    refresh_and_continue(&state, &page, citizen, definition, service, application).await
}
