//! Check your answers: the page with the declaration, the page of a draft that cannot be sent
//! yet, and the declaration itself, which sends the draft or leads to payment.

use crate::applications::answers::answer_rows;
use crate::auth::acting_for;
use crate::auth::ownership::own_application;
use crate::auth::sign_in::level_1_refused;
use crate::clients::payment_gateway::Withdrawal;
use crate::journey::draft::{load_draft, next_url, prefilled, save, unavailable};
use crate::journey::payment;
use crate::journey::sending::{already_open, finish, not_sent, object_key};
use crate::state::AppState;
use crate::store::applications::{Application, SendError};
use crate::store::status::Status;
use crate::web::form::{posted_value, Posted};
use crate::web::rendering::PageContext;
use app::forms::{self, FieldError};
use app::journey::CheckPage;
use app::strings::strings;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use domain::catalogue::Service;
use domain::engine::Definition;

pub async fn show_check(
    State(state): State<AppState>,
    page: PageContext,
    Path(id): Path<String>,
) -> Response {
    let (application, definition, service) = match load_draft(&state, &page, &id).await {
        Ok(loaded) => loaded,
        Err(response) => return response,
    };
    if let Some(elsewhere) = not_ready_to_send(&state, &page, &application, definition, service) {
        return elsewhere;
    }
    render_check(&state, &page, &application, definition, service, &[])
}

/// Where a draft goes instead of the check page: its next question while it is incomplete, the
/// waiting page while it cannot be sent yet.
fn not_ready_to_send(
    state: &AppState,
    page: &PageContext,
    application: &Application,
    definition: &'static Definition,
    service: &Service,
) -> Option<Response> {
    if definition
        .next_step(&application.answers, &application.context)
        .is_some()
    {
        return Some(Redirect::to(&next_url(definition, application)).into_response());
    }
    waiting_page(state, page, application, definition, service)
}

/// The page of a complete draft that cannot be sent yet: why, what to do, and "check again".
fn waiting_page(
    state: &AppState,
    page: &PageContext,
    application: &Application,
    definition: &'static Definition,
    service: &Service,
) -> Option<Response> {
    let reason = definition.ready?(&application.answers, &application.context).err()?;
    let lang = page.lang;
    let text = strings(lang);
    let body = app::journey::waiting(
        lang,
        service.name.get(lang),
        reason.get(lang),
        &application.id,
    );
    Some(page.page_with_status(state, StatusCode::OK, text.waiting_title, body))
}

fn render_check(
    state: &AppState,
    page: &PageContext,
    application: &Application,
    definition: &'static Definition,
    service: &Service,
    errors: &[FieldError],
) -> Response {
    let lang = page.lang;
    let last = definition
        .asked_steps(&application.answers, &application.context)
        .last()
        .map(|step| step.id);
    let body = app::journey::check_page(
        lang,
        CheckPage {
            action: format!("/applications/{}/submit", application.id),
            back: last.map_or_else(
                || format!("/services/{}", service.slug),
                |step| format!("/applications/{}/{step}", application.id),
            ),
            service_name: service.name.get(lang),
            prefilled: prefilled(definition, &application.context, lang),
            answers: answer_rows(definition, application, lang),
            fee_vnd: (definition.fee)(&application.answers, &application.context),
            definition,
            errors,
            on_behalf: acting_for::on_behalf(application).as_ref(),
        },
    );
    let title = forms::title(lang, strings(lang).check_answers_title, errors);
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    page.page_with_status(state, status, &title, body)
}

pub async fn submit(
    State(state): State<AppState>,
    page: PageContext,
    Path(id): Path<String>,
    Form(posted): Form<Posted>,
) -> Response {
    if let Some(refused) = level_1_refused(&state, &page, None).await {
        return refused;
    }
    let (mut application, definition, service) = match load_draft(&state, &page, &id).await {
        Ok(loaded) => loaded,
        Err(response) => {
            // A second click, the back button, or a second tab finds it already submitted: the
            // confirmation rather than an error.
            return match own_application(&state, &page, &id).await {
                Ok(submitted) if submitted.reference.is_some() => {
                    Redirect::to(&format!("/applications/{id}/confirmation")).into_response()
                }
                _ => response,
            };
        }
    };
    if let Some(elsewhere) = not_ready_to_send(&state, &page, &application, definition, service) {
        return elsewhere;
    }
    if posted_value(&posted, "declaration") != Some("yes") {
        let errors = [FieldError {
            field: "declaration",
            message: strings(page.lang).declaration_missing.into(),
        }];
        return render_check(&state, &page, &application, definition, service, &errors);
    }
    let object_key = object_key(definition, &application);
    if let Some(refused) =
        already_open(&state, &page, service, object_key.clone(), &application.id).await
    {
        return refused;
    }
    if application.status == Status::AwaitingPayment {
        if let Err(response) = declared_again(&state, &page, &mut application, service).await {
            return response;
        }
    }
    match (definition.fee)(&application.answers, &application.context) {
        Some(fee) => {
            payment::start(
                &state,
                &page,
                &application,
                service,
                fee,
                object_key.as_deref(),
            )
            .await
        }
        None => finish(&state, &page, &application, service, None).await,
    }
}

/// Makes a draft waiting for payment a draft again, its payment withdrawn; or the response to
/// send instead.
async fn declared_again(
    state: &AppState,
    page: &PageContext,
    application: &mut Application,
    service: &Service,
) -> Result<(), Response> {
    // Declared again (back from the gateway): the payment begun before is withdrawn, and the
    // draft declared now gets a payment of its own.
    match state.payments.withdraw(application).await {
        Withdrawal::Done => {}
        Withdrawal::Paid(payment_id) => {
            return Err(
                Redirect::to(&payment::return_path(&application.id, &payment_id)).into_response(),
            )
        }
        Withdrawal::Unavailable => return Err(payment::unavailable(state, page)),
    }
    match save(state, application).await {
        Ok(true) => {
            application.version += 1;
            application.status = Status::Draft;
            application.payment_id = None;
            Ok(())
        }
        Ok(false) => Err(not_sent(state, page, application, service, SendError::Changed).await),
        Err(_) => Err(unavailable(state, page, service)),
    }
}
