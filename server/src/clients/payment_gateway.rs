//! The portal's client of the national payment gateway: creating a payment, asking the gateway
//! itself whether it was paid (the return URL proves nothing), and withdrawing one before the
//! answers it paid for change.

use super::http::{self, ExtraRoots};
use crate::store::applications::Application;
use crate::store::status::Status;
use serde::Deserialize;
use serde_json::json;
use std::time::Duration;

pub struct PaymentClient {
    http: reqwest::Client,
    base_url: String,
    secret: String,
}

#[derive(Deserialize)]
pub struct Created {
    pub payment_id: String,
    pub redirect_url: String,
}

#[derive(Deserialize)]
pub struct PaymentStatus {
    pub status: String,
    pub amount_vnd: u64,
    pub reference: String,
}

impl PaymentClient {
    pub fn new(base_url: &str, secret: &str, roots: &ExtraRoots) -> Self {
        let http = http::client(roots, Duration::from_secs(2), Duration::from_secs(10));
        Self {
            http,
            base_url: base_url.trim_end_matches('/').to_string(),
            secret: secret.to_string(),
        }
    }

    pub async fn create(
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
    pub async fn status(&self, payment_id: &str) -> Result<Option<PaymentStatus>, ()> {
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
    pub async fn cancel(&self, payment_id: &str) -> Result<Option<PaymentStatus>, ()> {
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

impl PaymentClient {
    /// Cancels at the gateway the payment begun for `application`, before its answers change, so
    /// that no money can be taken for answers that are no longer the application's.
    pub async fn withdraw(&self, application: &Application) -> Withdrawal {
        match application
            .payment_id
            .as_deref()
            .filter(|_| application.status == Status::AwaitingPayment)
        {
            Some(payment_id) => self.withdraw_payment(payment_id).await,
            None => Withdrawal::Done,
        }
    }

    /// Cancels a payment at the gateway unless it was paid.
    pub async fn withdraw_payment(&self, payment_id: &str) -> Withdrawal {
        match self.cancel(payment_id).await {
            Ok(Some(payment)) if payment.status == "paid" => {
                Withdrawal::Paid(payment_id.to_string())
            }
            // Only a payment the gateway says can no longer be paid (or knows nothing of) is gone.
            Ok(Some(payment)) if matches!(payment.status.as_str(), "cancelled" | "failed") => {
                Withdrawal::Done
            }
            Ok(None) => Withdrawal::Done,
            Ok(Some(_)) | Err(()) => Withdrawal::Unavailable,
        }
    }
}
