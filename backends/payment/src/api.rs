//! The merchant API under `/v1`: create a payment (authenticated, idempotent) and read its
//! status, which is the only statement about a payment a merchant may act on.

use axum::{
    extract::{rejection::JsonRejection, FromRequest, FromRequestParts, Path, Request, State},
    http::{header, request::Parts, HeaderMap, HeaderValue, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
    Json,
};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;

use crate::{
    config::Merchant,
    errors::ApiError,
    ledger::{KeyReused, Order, Outcome, Payment, Status},
    state::AppState,
};

pub const MAX_AMOUNT_VND: u64 = 100_000_000;
const MAX_DESCRIPTION_CHARS: usize = 200;
const MAX_REFERENCE_CHARS: usize = 64;
const MAX_IDEMPOTENCY_KEY_BYTES: usize = 255;

/// A JSON body whose every rejection (wrong content type, syntax, shape) is a `{code, message}`
/// 4xx like the rest of the API.
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        match Json::<T>::from_request(request, state).await {
            Ok(Json(value)) => Ok(Self(value)),
            Err(JsonRejection::MissingJsonContentType(_)) => Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "send the body as application/json",
            )),
            Err(rejection) => Err(ApiError::bad_request("invalid_body", rejection.body_text())),
        }
    }
}

/// The merchant whose secret is in `Authorization: Bearer …`.
pub struct Authenticated(pub Merchant);

impl FromRequestParts<AppState> for Authenticated {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .ok_or_else(|| {
                ApiError::new(
                    StatusCode::UNAUTHORIZED,
                    "unauthorized",
                    "send the merchant secret as Authorization: Bearer <secret>",
                )
            })?;
        state
            .config
            .merchant_by_secret(token.trim())
            .cloned()
            .map(Self)
            .ok_or_else(|| {
                ApiError::new(
                    StatusCode::UNAUTHORIZED,
                    "unauthorized",
                    "the merchant secret is not valid",
                )
            })
    }
}

/// While an outage is injected, the API answers as a gateway that is down does.
pub async fn outage_guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if state.outage() {
        return ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            "the payment gateway is temporarily unavailable; try again later",
        )
        .into_response();
    }
    next.run(request).await
}

#[derive(Deserialize)]
pub struct NewPayment {
    /// A JSON number of any kind, so that a negative, fractional or huge amount gets the amount's
    /// own error rather than a parser message.
    amount_vnd: Option<serde_json::Number>,
    description: Option<String>,
    reference: Option<String>,
    return_url: Option<String>,
}

#[derive(Serialize)]
struct Created<'a> {
    payment_id: &'a str,
    redirect_url: String,
    status: Status,
}

/// `POST /v1/payments`.
pub async fn create(
    State(state): State<AppState>,
    Authenticated(merchant): Authenticated,
    headers: HeaderMap,
    JsonBody(request): JsonBody<NewPayment>,
) -> Result<Response, ApiError> {
    let key = idempotency_key(&headers)?;
    let order = check(&merchant, request)?;
    let mut ledger = state.ledger();
    let (payment, replayed) = ledger
        .create(&merchant.id, key, order)
        .map_err(|KeyReused| {
            ApiError::new(
                StatusCode::CONFLICT,
                "idempotency_key_reused",
                "this Idempotency-Key was already used for a different payment",
            )
        })?;
    if !replayed {
        tracing::info!(
            merchant = %merchant.id,
            payment_id = %payment.id,
            amount_vnd = payment.order.amount_vnd,
            "payment created"
        );
    }
    let body = Created {
        payment_id: &payment.id,
        redirect_url: format!("{}/pay/{}", state.public_url, payment.id),
        status: payment.status,
    };
    let mut response = (StatusCode::CREATED, Json(body)).into_response();
    if replayed {
        response
            .headers_mut()
            .insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    Ok(response)
}

#[derive(Serialize)]
struct View<'a> {
    payment_id: &'a str,
    status: Status,
    amount_vnd: u64,
    reference: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    paid_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    failure_reason: Option<&'static str>,
}

impl<'a> From<&'a Payment> for View<'a> {
    fn from(payment: &'a Payment) -> Self {
        Self {
            payment_id: &payment.id,
            status: payment.status,
            amount_vnd: payment.order.amount_vnd,
            reference: &payment.order.reference,
            paid_at: payment.paid_at.and_then(|at| at.format(&Rfc3339).ok()),
            failure_reason: payment.failure_reason,
        }
    }
}

/// `GET /v1/payments/{payment_id}`: another merchant's payment is as unknown as a missing one.
pub async fn status(
    State(state): State<AppState>,
    Authenticated(merchant): Authenticated,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let ledger = state.ledger();
    let payment = ledger
        .get(&id)
        .filter(|payment| payment.merchant == merchant.id)
        .ok_or_else(ApiError::not_found)?;
    Ok(Json(View::from(payment)).into_response())
}

/// `POST /v1/payments/{payment_id}/cancel`: the merchant withdraws a payment it no longer wants
/// (the citizen changed what they are paying for). A pending payment ends cancelled; a settled
/// one keeps its status, which the answer shows, so a merchant learns at once that it was paid.
pub async fn cancel(
    State(state): State<AppState>,
    Authenticated(merchant): Authenticated,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let mut ledger = state.ledger();
    let owned = ledger
        .get(&id)
        .is_some_and(|payment| payment.merchant == merchant.id);
    if !owned {
        return Err(ApiError::not_found());
    }
    let _ = ledger.settle(&id, Outcome::Cancelled, time::OffsetDateTime::now_utc());
    let payment = ledger.get(&id).ok_or_else(ApiError::not_found)?;
    Ok(Json(View::from(payment)).into_response())
}

fn idempotency_key(headers: &HeaderMap) -> Result<&str, ApiError> {
    let key = headers
        .get("idempotency-key")
        .map(|value| value.to_str().map(str::trim));
    match key {
        Some(Ok(key))
            if !key.is_empty()
                && key.len() <= MAX_IDEMPOTENCY_KEY_BYTES
                && key.bytes().all(|byte| byte.is_ascii_graphic()) =>
        {
            Ok(key)
        }
        Some(_) => Err(ApiError::bad_request(
            "invalid_idempotency_key",
            "Idempotency-Key must be 1 to 255 visible ASCII characters",
        )),
        None => Err(ApiError::bad_request(
            "idempotency_key_required",
            "send an Idempotency-Key header, unique per payment attempt",
        )),
    }
}

/// Turns a request into an order, or names the first field that is wrong.
fn check(merchant: &Merchant, request: NewPayment) -> Result<Order, ApiError> {
    let amount_vnd = request
        .amount_vnd
        .and_then(|number| number.as_u64())
        .filter(|amount| (1..=MAX_AMOUNT_VND).contains(amount))
        .ok_or_else(|| {
            ApiError::bad_request(
                "amount_out_of_range",
                "amount_vnd must be a whole number of đồng from 1 to 100000000",
            )
        })?;
    let description = text(
        request.description,
        MAX_DESCRIPTION_CHARS,
        "invalid_description",
        "description must be 1 to 200 characters without control characters",
    )?;
    let reference = text(
        request.reference,
        MAX_REFERENCE_CHARS,
        "invalid_reference",
        "reference must be 1 to 64 characters without control characters",
    )?;
    let return_url = request
        .return_url
        .as_deref()
        .and_then(|raw| url::Url::parse(raw.trim()).ok())
        .filter(|url| matches!(url.scheme(), "http" | "https"))
        .ok_or_else(|| {
            ApiError::bad_request("invalid_return_url", "return_url must be an http(s) URL")
        })?;
    // Compared after parsing, so that `..` segments or odd spellings cannot lead elsewhere.
    let allowed = merchant
        .return_url_prefixes
        .iter()
        .any(|prefix| return_url.as_str().starts_with(prefix.as_str()));
    if !allowed {
        return Err(ApiError::bad_request(
            "return_url_not_allowed",
            "return_url must start with one of the merchant's registered return URL prefixes",
        ));
    }
    Ok(Order {
        amount_vnd,
        description,
        reference,
        return_url,
    })
}

fn text(
    value: Option<String>,
    max_chars: usize,
    code: &'static str,
    message: &'static str,
) -> Result<String, ApiError> {
    value
        .map(|value| value.trim().to_owned())
        .filter(|value| {
            !value.is_empty()
                && value.chars().count() <= max_chars
                && !value.chars().any(char::is_control)
        })
        .ok_or_else(|| ApiError::bad_request(code, message))
}
