//! Sending a declared draft exactly once, why one was not sent, and the confirmation.

use crate::auth::acting_for;
use crate::auth::ownership::own_application;
use crate::journey::draft::{next_url, unavailable};
use crate::state::AppState;
use crate::store::applications::{self, Application, SendError};
use crate::web::pages;
use crate::web::rendering::PageContext;
use app::journey::ConfirmationPage;
use app::strings::strings;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::catalogue::{self, Service};
use domain::definitions;
use domain::engine::Definition;

/// What `application` concerns, for refusing a second one about it while it is open.
pub(super) fn object_key(definition: &Definition, application: &Application) -> Option<String> {
    definition.object_of(
        &application.subject_id,
        &application.answers,
        &application.context,
    )
}

/// Submits (once) the version of the draft that was checked and declared, with the payment that
/// paid for it, and shows the confirmation. Nothing incomplete or not ready is ever sent, whatever
/// led here.
pub async fn finish(
    state: &AppState,
    page: &PageContext,
    application: &Application,
    service: &Service,
    paid: Option<(&str, u64)>,
) -> Response {
    let Some(definition) = definitions::by_slug(&application.service) else {
        return pages::not_found(state, page);
    };
    if !definition.may_send(&application.answers, &application.context) {
        return Redirect::to(&next_url(definition, application)).into_response();
    }
    let object_key = object_key(definition, application);
    let sending = applications::Sending {
        application,
        paid,
        object_key: object_key.as_deref(),
        hand_over: state.config.agency_url.is_some(),
    };
    match applications::submit(&state.db, sending).await {
        Ok(_) => {
            Redirect::to(&format!("/applications/{}/confirmation", application.id)).into_response()
        }
        Err(error) => not_sent(state, page, application, service, error).await,
    }
}

/// Why a draft was not sent, as the citizen reads it: changed meanwhile (check it again), about
/// something another open application concerns, or the database not answering.
pub async fn not_sent(
    state: &AppState,
    page: &PageContext,
    application: &Application,
    service: &Service,
    error: SendError,
) -> Response {
    match error {
        SendError::Changed => {
            Redirect::to(&format!("/applications/{}/check", application.id)).into_response()
        }
        SendError::AlreadyOpen => {
            let key = definitions::by_slug(&application.service)
                .and_then(|definition| object_key(definition, application));
            already_open(state, page, service, key, &application.id)
                .await
                .unwrap_or_else(|| already_open_page(page, state, service, None))
        }
        SendError::Database(_) => unavailable(state, page, service),
    }
}

/// The refusal of a second application about what an open one (other than `asking`, the draft
/// being sent) concerns, with the way to the open one when it is the citizen's own; `None` when
/// nothing open concerns it.
pub(super) async fn already_open(
    state: &AppState,
    page: &PageContext,
    service: &Service,
    object_key: Option<String>,
    asking: &str,
) -> Option<Response> {
    let key = object_key?;
    let open = match applications::open_about(&state.db, &key, asking).await {
        Ok(open) => open?,
        Err(_) => return Some(unavailable(state, page, service)),
    };
    let (open_id, applicant) = open;
    let own = page
        .citizen
        .as_ref()
        .is_some_and(|citizen| citizen.personal_id == applicant);
    let link = own.then(|| format!("/applications/{open_id}"));
    Some(already_open_page(page, state, service, link))
}

fn already_open_page(
    page: &PageContext,
    state: &AppState,
    service: &Service,
    link: Option<String>,
) -> Response {
    let text = strings(page.lang);
    let body = app::journey::already_open(page.lang, service.name.get(page.lang), link);
    page.page_with_status(state, StatusCode::CONFLICT, text.already_open_title, body)
}

pub async fn confirmation(
    State(state): State<AppState>,
    page: PageContext,
    Path(id): Path<String>,
) -> Response {
    let application = match own_application(&state, &page, &id).await {
        Ok(application) => application,
        Err(response) => return response,
    };
    let (Some(reference), Some(service)) = (
        &application.reference,
        catalogue::by_slug(&application.service),
    ) else {
        return Redirect::to(&format!("/applications/{id}")).into_response();
    };
    let lang = page.lang;
    let body = app::journey::confirmation(
        lang,
        ConfirmationPage {
            application_id: &application.id,
            reference,
            time_limit: service.time_limit.get(lang),
            on_behalf: acting_for::on_behalf(&application).as_ref(),
        },
    );
    page.page(&state, strings(lang).confirmation_title, body)
}
