//! Paying a fee through the national payment gateway: the portal creates a payment, sends the
//! citizen to the gateway, and on their return asks the gateway itself whether it was paid (the
//! return URL proves nothing). Only a confirmed payment submits the application; a failed or
//! cancelled one loses nothing and can be paid again.

use crate::auth::ownership::own_application;
use crate::auth::sign_in::level_1_refused;
use crate::journey::sending::{finish, not_sent};
use crate::state::AppState;
use crate::store::applications::{self, Application};
use crate::store::status::Status;
use crate::web::rendering::PageContext;
use app::strings::strings;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::catalogue::{self, Service};
use domain::definitions;
use serde::Deserialize;

/// Where the citizen goes when the payment turned out to be made: its return, which completes
/// the application as declared.
pub fn return_path(application_id: &str, payment_id: &str) -> String {
    format!("/applications/{application_id}/payment?payment_id={payment_id}")
}

/// Creates a payment for the fee of the declared version of the draft, binds it to that version
/// and sends the citizen to the gateway. `object_key` is what the application concerns: held from
/// now on, so that no second application about it can be paid for.
pub async fn start(
    state: &AppState,
    page: &PageContext,
    application: &Application,
    service: &Service,
    fee: u64,
    object_key: Option<&str>,
) -> Response {
    // One payment per declared version: paying again after a failure, or after changing an
    // answer, makes a new payment.
    let key = format!("{}-v{}", application.id, application.version);
    let return_url = format!(
        "{}/applications/{}/payment",
        state.public_url, application.id
    );
    let description = format!("{} — {}", service.name.vi, application.id);
    let Some(created) = state
        .payments
        .create(&key, fee, &description, &application.id, &return_url)
        .await
    else {
        return unavailable(state, page);
    };
    let lifetime = state.config.draft_lifetime.as_secs() as i64;
    let payment = (created.payment_id.as_str(), fee);
    match applications::set_payment(&state.db, application, payment, object_key, lifetime).await {
        Ok(()) => Redirect::to(&created.redirect_url).into_response(),
        Err(error) => {
            // A second click on the same declaration got the same payment (same idempotency
            // key), which the first click bound: the citizen goes on to pay it.
            let bound =
                applications::find_for(&state.db, &application.id, &application.applicant_id)
                    .await
                    .ok()
                    .flatten()
                    .and_then(|stored| stored.payment_id)
                    .is_some_and(|bound| bound == created.payment_id);
            if bound {
                return Redirect::to(&created.redirect_url).into_response();
            }
            // The payment is not the draft's: nobody may pay it.
            let _ = state.payments.cancel(&created.payment_id).await;
            not_sent(state, page, application, service, error).await
        }
    }
}

#[derive(Deserialize)]
pub struct Returned {
    payment_id: Option<String>,
}

/// `/applications/{id}/payment`: the citizen is back from the gateway. The application is sent
/// only when the gateway itself says that the payment bound to this version of the draft is paid,
/// for exactly the fee its answers cost now, and the draft is still complete and ready.
pub async fn returned(
    State(state): State<AppState>,
    page: PageContext,
    Path(id): Path<String>,
    Query(returned): Query<Returned>,
) -> Response {
    if let Some(refused) = level_1_refused(&state, &page, None).await {
        return refused;
    }
    let application = match own_application(&state, &page, &id).await {
        Ok(application) => application,
        Err(response) => return response,
    };
    let (Some(service), Some(definition)) = (
        catalogue::by_slug(&application.service),
        definitions::by_slug(&application.service),
    ) else {
        return crate::web::pages::not_found(&state, &page);
    };
    if application.reference.is_some() {
        return Redirect::to(&format!("/applications/{id}/confirmation")).into_response();
    }
    // Whether a parent may act for the child was checked at the declaration, just before paying;
    // a payment made then completes the application even if the child turns 14 meanwhile, rather
    // than taking the fee for nothing.
    let bound = application
        .payment_id
        .as_deref()
        .filter(|_| application.status == Status::AwaitingPayment)
        .filter(|bound| returned.payment_id.as_deref() == Some(*bound));
    let Some(payment_id) = bound else {
        return failed(&state, &page, &application);
    };
    let fee = (definition.fee)(&application.answers, &application.context);
    if !definition.may_send(&application.answers, &application.context)
        || fee.is_none()
        || fee != application.fee_vnd
    {
        return failed(&state, &page, &application);
    }
    // The gateway, not the query string, says whether this payment is paid and for what.
    match state.payments.status(payment_id).await {
        Ok(Some(payment))
            if payment.status == "paid"
                && payment.reference == application.id
                && Some(payment.amount_vnd) == fee =>
        {
            finish(
                &state,
                &page,
                &application,
                service,
                Some((payment_id, payment.amount_vnd)),
            )
            .await
        }
        Ok(_) => failed(&state, &page, &application),
        Err(()) => unavailable(&state, &page),
    }
}

fn failed(state: &AppState, page: &PageContext, application: &Application) -> Response {
    let text = strings(page.lang);
    let body = app::journey::payment_failed(page.lang, &application.id);
    page.page_with_status(
        state,
        StatusCode::PAYMENT_REQUIRED,
        text.payment_failed_title,
        body,
    )
}

pub fn unavailable(state: &AppState, page: &PageContext) -> Response {
    let text = strings(page.lang);
    let body = app::journey::not_possible(
        page.lang,
        "",
        text.payment_failed_title,
        text.payment_unavailable,
    );
    page.page_with_status(
        state,
        StatusCode::SERVICE_UNAVAILABLE,
        text.payment_failed_title,
        body,
    )
}
