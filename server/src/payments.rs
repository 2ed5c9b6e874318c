//! Paying a fee through the national payment gateway: the portal creates a payment, sends the
//! citizen to the gateway, and on their return asks the gateway itself whether it was paid (the
//! return URL proves nothing). Only a confirmed payment submits the application; a failed or
//! cancelled one loses nothing and can be paid again.

use crate::applications::{self, Application, Status};
use crate::journey;
use crate::rendering::PageContext;
use crate::AppState;
use app::strings::strings;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::catalogue::{self, Service};
use domain::definitions;
use serde::Deserialize;
use serde_json::json;
use std::time::Duration;

pub struct PaymentClient {
    http: reqwest::Client,
    base_url: String,
    secret: String,
}

#[derive(Deserialize)]
struct Created {
    payment_id: String,
    redirect_url: String,
}

#[derive(Deserialize)]
struct PaymentStatus {
    status: String,
    amount_vnd: u64,
    reference: String,
}

impl PaymentClient {
    pub fn new(base_url: &str, secret: &str) -> Self {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(2))
            .timeout(Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("HTTP client");
        Self {
            http,
            base_url: base_url.trim_end_matches('/').to_string(),
            secret: secret.to_string(),
        }
    }

    async fn create(
        &self,
        key: &str,
        amount: u64,
        description: &str,
        reference: &str,
        return_url: &str,
    ) -> Option<Created> {
        let response = self
            .http
            .post(format!("{}/v1/payments", self.base_url))
            .bearer_auth(&self.secret)
            .header("idempotency-key", key)
            .json(&json!({ "amount_vnd": amount, "description": description, "reference": reference, "return_url": return_url }))
            .send()
            .await
            .ok()?;
        if !response.status().is_success() {
            tracing::warn!(status = %response.status(), "the payment gateway refused to create a payment");
            return None;
        }
        response.json().await.ok()
    }

    /// The gateway's record of a payment: `Ok(None)` when it has none (an unknown or malformed
    /// id), `Err` when it cannot answer now.
    async fn status(&self, payment_id: &str) -> Result<Option<PaymentStatus>, ()> {
        let well_formed = !payment_id.is_empty()
            && payment_id.len() <= 64
            && payment_id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if !well_formed {
            return Ok(None);
        }
        let response = self
            .http
            .get(format!("{}/v1/payments/{payment_id}", self.base_url))
            .bearer_auth(&self.secret)
            .send()
            .await
            .map_err(drop)?;
        let status = response.status();
        if status.is_server_error() {
            return Err(());
        }
        if !status.is_success() {
            return Ok(None);
        }
        response.json().await.map(Some).map_err(drop)
    }

    /// Withdraws a payment at the gateway; its status afterwards, as `status` reads it, or
    /// `Ok(None)` when the gateway knows no such payment. `Err` for any other answer: nothing is
    /// taken as withdrawn unless the gateway says so.
    async fn cancel(&self, payment_id: &str) -> Result<Option<PaymentStatus>, ()> {
        let response = self
            .http
            .post(format!("{}/v1/payments/{payment_id}/cancel", self.base_url))
            .bearer_auth(&self.secret)
            .send()
            .await
            .map_err(drop)?;
        match response.status() {
            reqwest::StatusCode::NOT_FOUND => Ok(None),
            status if status.is_success() => response.json().await.map(Some).map_err(drop),
            _ => Err(()),
        }
    }
}

/// What became of the payment begun for a draft that is about to change.
pub enum Withdrawal {
    /// None was begun, or it is cancelled now and can no longer be paid.
    Done,
    /// The citizen paid it first: the draft is sent as declared, not changed.
    Paid(String),
    /// The gateway cannot answer now; nothing may change until it can.
    Unavailable,
}

/// Cancels at the gateway the payment begun for `application`, before its answers change, so
/// that no money can be taken for answers that are no longer the application's.
pub async fn withdraw(state: &AppState, application: &Application) -> Withdrawal {
    match application
        .payment_id
        .as_deref()
        .filter(|_| application.status == Status::AwaitingPayment)
    {
        Some(payment_id) => withdraw_payment(state, payment_id).await,
        None => Withdrawal::Done,
    }
}

/// Cancels a payment at the gateway unless it was paid.
pub async fn withdraw_payment(state: &AppState, payment_id: &str) -> Withdrawal {
    match state.payments.cancel(payment_id).await {
        Ok(Some(payment)) if payment.status == "paid" => Withdrawal::Paid(payment_id.to_string()),
        // Only a payment the gateway says can no longer be paid (or knows nothing of) is gone.
        Ok(Some(payment)) if matches!(payment.status.as_str(), "cancelled" | "failed") => {
            Withdrawal::Done
        }
        Ok(None) => Withdrawal::Done,
        Ok(Some(_)) | Err(()) => Withdrawal::Unavailable,
    }
}

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
            journey::not_sent(state, page, application, service, error).await
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
    if let Some(refused) = crate::auth::level_1_refused(&state, &page, None).await {
        return refused;
    }
    let application = match crate::tracking::own_application(&state, &page, &id).await {
        Ok(application) => application,
        Err(response) => return response,
    };
    let (Some(service), Some(definition)) = (
        catalogue::by_slug(&application.service),
        definitions::by_slug(&application.service),
    ) else {
        return crate::pages::not_found(&state, &page);
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
            journey::finish(
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
