//! Application logs. One INFO line per request when its answer is sent, in the span of the
//! request: the method, the route's template (`/applications/{id}`, never the path itself nor the
//! query string, which may hold what a citizen typed), the status, the latency and the request id
//! — never personal data.

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;
use tower_http::request_id::RequestId;
use tracing::Span;

/// Installs the logger (`RUST_LOG`, `LOG_FORMAT`); sqlx's statement lines are left out by
/// default, as they would double every request's line.
pub fn init() -> Result<(), cli::logging::UnknownFormat> {
    cli::logging::init("info,sqlx=warn")
}

/// Drops a request id the client sent, so that every request gets one the portal made: a client's
/// value would otherwise reach the logs and the audit table as it is (a forged line, a collision).
pub async fn fresh_request_id(mut request: Request, next: Next) -> Response {
    request.headers_mut().remove("x-request-id");
    next.run(request).await
}

/// The span of one request, as the trace layer opens it.
pub fn request_span<B>(request: &axum::http::Request<B>) -> Span {
    let request_id = request
        .extensions()
        .get::<RequestId>()
        .and_then(|id| id.header_value().to_str().ok())
        .unwrap_or("-");
    // A path no route matched is not logged as it came: it is whatever the client typed.
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("(no route)", MatchedPath::as_str);
    tracing::info_span!(
        "request",
        method = %request.method(),
        route = %route,
        request_id = %request_id,
    )
}
