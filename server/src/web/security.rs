//! Headers that every response carries: a strict Content-Security-Policy with a per-request nonce
//! for the one inline script (the island loader), no framing, no sniffing, no referrer leaks.

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use leptos::nonce::Nonce;
use std::sync::Arc;

/// What the header policy depends on.
#[derive(Clone, Debug)]
pub struct SecurityPolicy {
    /// HSTS only makes sense, and is only sent, when the portal is served over https.
    pub https: bool,
    /// The eID provider's origin: signing out posts a form that ends on its logout page.
    pub identity_origin: String,
    /// The payment gateway's origin: paying posts a form that redirects there.
    pub payment_origin: String,
}

pub async fn headers(
    State(policy): State<Arc<SecurityPolicy>>,
    mut request: Request,
    next: Next,
) -> Response {
    let nonce = Nonce::new();
    let identity = &policy.identity_origin;
    let payment = &policy.payment_origin;
    let csp = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
         form-action 'self' {identity} {payment}; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
    );
    request.extensions_mut().insert(nonce);
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_str(&csp).expect("nonce is base64"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=()"),
    );
    if policy.https {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000; includeSubDomains"),
        );
    }
    response
}
