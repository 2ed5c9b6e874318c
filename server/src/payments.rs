//! Paying a fee through the national payment gateway: the portal creates a payment, sends the
//! citizen to the gateway, and on their return asks the gateway itself whether it was paid (the
//! return URL proves nothing). Only a confirmed payment submits the application; a failed or
//! cancelled one loses nothing and can be paid again.

use crate::applications::{self, Application};
use crate::journey;
use crate::rendering::PageContext;
use crate::AppState;
use app::strings::strings;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::catalogue::{self, Service};
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
}

/// Creates a payment for the fee and sends the citizen to the gateway.
pub async fn start(
    state: &AppState,
    page: &PageContext,
    application: &Application,
    service: &Service,
    fee: u64,
) -> Response {
    // The previous payment identifies the attempt, so that paying again after a failure makes a
    // new payment; any paid payment for this application's reference completes it.
    let previous = application.payment_id.as_deref().unwrap_or("first");
    let key = format!("{}-{previous}", application.id);
    let return_url = format!(
        "{}/applications/{}/payment",
        state.public_url, application.id
    );
    let description = format!("{} — {}", service.name.vi, application.id);
    match state
        .payments
        .create(&key, fee, &description, &application.id, &return_url)
        .await
    {
        Some(created) => {
            if applications::set_payment(&state.db, &application.id, fee, &created.payment_id)
                .await
                .is_err()
            {
                return unavailable(state, page);
            }
            Redirect::to(&created.redirect_url).into_response()
        }
        None => unavailable(state, page),
    }
}

#[derive(Deserialize)]
pub struct Returned {
    payment_id: Option<String>,
}

/// `/applications/{id}/payment`: the citizen is back from the gateway.
pub async fn returned(
    State(state): State<AppState>,
    page: PageContext,
    Path(id): Path<String>,
    Query(returned): Query<Returned>,
) -> Response {
    let application = match crate::tracking::own_application(&state, &page, &id).await {
        Ok(application) => application,
        Err(response) => return response,
    };
    let Some(service) = catalogue::by_slug(&application.service) else {
        return crate::pages::not_found(&state, &page);
    };
    if application.reference.is_some() {
        return Redirect::to(&format!("/applications/{id}/confirmation")).into_response();
    }
    // Whether a parent may act for the child was checked at the declaration, just before paying;
    // a payment made then completes the application even if the child turns 14 meanwhile, rather
    // than taking the fee for nothing.
    // The gateway, not the query string, says whether this payment is paid and for what.
    let Some(payment_id) = returned.payment_id else {
        return failed(&state, &page, &application);
    };
    match state.payments.status(&payment_id).await {
        Ok(Some(payment))
            if payment.status == "paid"
                && payment.reference == application.id
                && Some(payment.amount_vnd) == application.fee_vnd =>
        {
            journey::finish(
                &state,
                &page,
                &application,
                service,
                Some(payment.amount_vnd),
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

fn unavailable(state: &AppState, page: &PageContext) -> Response {
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
