//! The citizen's side: the checkout page at the payment's `redirect_url`, and its two forms, pay
//! and cancel. Each form carries the payment's CSRF token; a settled payment is never settled
//! again. After either form the browser goes back to the merchant's `return_url` with only the
//! payment id — the merchant must ask the API how it ended.

use axum::{
    extract::{rejection::FormRejection, Path, State},
    http::{header, StatusCode},
    response::{IntoResponse, Response},
    Form,
};
use domain::text::Text;
use serde::Deserialize;
use subtle::ConstantTimeEq;
use time::OffsetDateTime;

use crate::{
    ledger::{AlreadySettled, Outcome, Payment, Status},
    methods, pages,
    state::AppState,
};

#[derive(Deserialize)]
pub struct PayForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    method: String,
}

#[derive(Deserialize)]
pub struct CancelForm {
    #[serde(default)]
    csrf_token: String,
}

const CHOOSE_METHOD: Text = Text::new(
    "Chọn ngân hàng hoặc ví để thanh toán.",
    "Choose a bank or wallet to pay with.",
);

const CANNOT_CONTINUE: Text = Text::new("Không thể thanh toán", "The payment cannot continue");

/// `GET /pay/{payment_id}`.
pub async fn show(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let Some(payment) = state.ledger().get(&id).cloned() else {
        return unknown_payment();
    };
    let payee = payee(&state, &payment);
    let html = match payment.status {
        Status::Pending => pages::checkout(&payment, &payee, None),
        _ => pages::settled(&payment, &payee, &return_url(&payment)),
    };
    pages::respond(StatusCode::OK, html)
}

/// `POST /pay/{payment_id}`: the chosen bank pays, or declines.
pub async fn pay(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: Result<Form<PayForm>, FormRejection>,
) -> Response {
    let Ok(Form(form)) = form else {
        return unreadable_form();
    };
    let payment = match pending(&state, &id, &form.csrf_token) {
        Ok(payment) => payment,
        Err(refusal) => return refusal.respond(&state),
    };
    let Some(method) = methods::find(&form.method) else {
        let html = pages::checkout(&payment, &payee(&state, &payment), Some(CHOOSE_METHOD));
        return pages::respond(StatusCode::BAD_REQUEST, html);
    };
    let outcome = if method.declines {
        Outcome::Declined
    } else {
        Outcome::Paid
    };
    settle(&state, &id, outcome)
}

/// `POST /pay/{payment_id}/cancel`.
pub async fn cancel(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: Result<Form<CancelForm>, FormRejection>,
) -> Response {
    let Ok(Form(form)) = form else {
        return unreadable_form();
    };
    if let Err(refusal) = pending(&state, &id, &form.csrf_token) {
        return refusal.respond(&state);
    }
    settle(&state, &id, Outcome::Cancelled)
}

/// Why a form about a payment cannot be acted on.
enum Refusal {
    Unknown,
    /// The CSRF token is not the one of this payment's page.
    Forged,
    Settled(Box<Payment>),
}

impl Refusal {
    fn respond(self, state: &AppState) -> Response {
        match self {
            Refusal::Unknown => unknown_payment(),
            Refusal::Forged => pages::problem(
                StatusCode::FORBIDDEN,
                CANNOT_CONTINUE,
                Text::new(
                    "Biểu mẫu đã cũ hoặc không đến từ trang thanh toán. Hãy quay lại dịch vụ và thử lại.",
                    "The form is out of date or did not come from the payment page. Go back to the service and try again.",
                ),
            ),
            Refusal::Settled(payment) => already_settled(state, &payment),
        }
    }
}

/// The payment a form is about, once it exists, the form came from its page, and it can still be
/// settled.
fn pending(state: &AppState, id: &str, csrf_token: &str) -> Result<Payment, Refusal> {
    let payment = state.ledger().get(id).cloned().ok_or(Refusal::Unknown)?;
    if !bool::from(payment.csrf_token.as_bytes().ct_eq(csrf_token.as_bytes())) {
        return Err(Refusal::Forged);
    }
    if payment.status != Status::Pending {
        return Err(Refusal::Settled(Box::new(payment)));
    }
    Ok(payment)
}

/// Records the outcome and sends the browser back to the merchant. A concurrent form may have
/// settled the payment since it was read; then the citizen sees how it ended.
fn settle(state: &AppState, id: &str, outcome: Outcome) -> Response {
    let settled = {
        let mut ledger = state.ledger();
        match ledger.settle(id, outcome, OffsetDateTime::now_utc()) {
            Some(Ok(payment)) => Ok(payment.clone()),
            Some(Err(AlreadySettled(_))) => Err(ledger.get(id).cloned()),
            None => Err(None),
        }
    };
    match settled {
        Ok(payment) => {
            tracing::info!(
                merchant = %payment.merchant,
                payment_id = %payment.id,
                status = ?payment.status,
                "payment settled"
            );
            (
                StatusCode::SEE_OTHER,
                [(header::LOCATION, return_url(&payment))],
            )
                .into_response()
        }
        Err(Some(payment)) => already_settled(state, &payment),
        Err(None) => unknown_payment(),
    }
}

/// 409 with the page of the payment as it ended: a paid payment says it cannot be paid again.
fn already_settled(state: &AppState, payment: &Payment) -> Response {
    let html = pages::settled(payment, &payee(state, payment), &return_url(payment));
    pages::respond(StatusCode::CONFLICT, html)
}

/// The merchant's `return_url` with `payment_id` added to its query.
fn return_url(payment: &Payment) -> String {
    let mut url = payment.order.return_url.clone();
    url.query_pairs_mut().append_pair("payment_id", &payment.id);
    url.into()
}

fn payee(state: &AppState, payment: &Payment) -> String {
    state.config.merchant(&payment.merchant).map_or_else(
        || payment.merchant.clone(),
        |merchant| merchant.display_name.clone(),
    )
}

fn unknown_payment() -> Response {
    pages::problem(
        StatusCode::NOT_FOUND,
        Text::new("Không tìm thấy khoản thanh toán", "Payment not found"),
        Text::new(
            "Địa chỉ này không dẫn đến khoản thanh toán nào. Hãy quay lại dịch vụ và bắt đầu thanh toán lại.",
            "This address leads to no payment. Go back to the service and start paying again.",
        ),
    )
}

fn unreadable_form() -> Response {
    pages::problem(
        StatusCode::BAD_REQUEST,
        CANNOT_CONTINUE,
        Text::new(
            "Biểu mẫu gửi lên không đọc được.",
            "The form could not be read.",
        ),
    )
}
