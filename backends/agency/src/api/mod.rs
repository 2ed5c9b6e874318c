//! The HTTP API: the hand-over routes under `/v1/` for the portal, the operator routes under
//! `/admin/`, and the public OpenAPI document. Owns the token checks and the request log.

mod admin;
mod applications;
mod body;
mod error;
mod feed;
mod hand_over;
mod openapi;

use axum::{
    extract::{DefaultBodyLimit, Request, State},
    http::{header, HeaderValue, StatusCode},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::{get, post, put},
    Router,
};

use crate::state::AppState;
use error::ApiError;

pub fn router(state: AppState) -> Router {
    let mut guarded = Router::new()
        .route(
            "/v1/applications/{reference}",
            put(applications::put).get(applications::get),
        )
        .route(
            "/v1/applications/{reference}/answers",
            post(applications::answer),
        )
        .route("/v1/changes", get(feed::changes))
        .route("/v1/agencies", get(feed::agencies))
        .route("/v1/route", get(feed::route));
    guarded = guarded.route_layer(middleware::from_fn_with_state(
        state.clone(),
        require_portal_token,
    ));
    if state.config.admin_enabled {
        let operator = Router::new()
            .route("/admin/modes", get(admin::list_modes).put(admin::set_mode))
            .route(
                "/admin/applications/{reference}/status",
                post(admin::decide),
            )
            .route_layer(middleware::from_fn_with_state(
                state.clone(),
                require_admin_token,
            ));
        guarded = guarded.merge(operator);
    }
    Router::new()
        .merge(guarded)
        .route("/openapi.json", get(openapi::document))
        .route(
            "/health",
            get(|| async { axum::Json(serde_json::json!({ "status": "ok" })) }),
        )
        .fallback(|| async { ApiError::not_found("no such endpoint") })
        .method_not_allowed_fallback(|| async {
            ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "this endpoint does not take that method",
            )
        })
        .layer(DefaultBodyLimit::max(body::LIMIT_BYTES))
        .layer(middleware::from_fn(no_store))
        .layer(middleware::from_fn(log))
        .with_state(state)
}

/// Every `/v1/` call carries `Authorization: Bearer <portal token>`.
async fn require_portal_token(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    if bearer(&request).is_some_and(|token| state.config.is_portal_token(token)) {
        next.run(request).await
    } else {
        unauthorized("Authorization: Bearer <the portal's token> is needed")
    }
}

/// Every `/admin/` call carries `Authorization: Bearer <operator token>`.
async fn require_admin_token(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    if bearer(&request).is_some_and(|token| state.config.is_admin_token(token)) {
        next.run(request).await
    } else {
        unauthorized("Authorization: Bearer <the operator's token> is needed")
    }
}

/// The token of a `Bearer` authorisation; the scheme's name is case-insensitive (RFC 9110,
/// section 11.1).
fn bearer(request: &Request) -> Option<&str> {
    let value = request
        .headers()
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then_some(token)
}

fn unauthorized(message: &'static str) -> Response {
    ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", message).into_response()
}

/// Cases carry personal data: no cache may keep an answer, and no client may guess its type.
async fn no_store(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// One line per request: the method, the route (with the reference left out, since a log reader
/// could tie it to a citizen; the query too), the status.
async fn log(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let route = route_of(request.uri().path());
    let response = next.run(request).await;
    tracing::info!(%method, %route, status = response.status().as_u16(), "agency request");
    response
}

/// The routes as logged; any other path is logged as `(no such route)`, since a mistyped or
/// hostile path may hold anything.
const LOGGED_ROUTES: [&str; 9] = [
    "/v1/applications/{reference}",
    "/v1/applications/{reference}/answers",
    "/v1/changes",
    "/v1/agencies",
    "/v1/route",
    "/admin/modes",
    "/admin/applications/{reference}/status",
    "/openapi.json",
    "/health",
];

/// The route `path` is served by, with the segment after `applications/` standing as
/// `{reference}`.
fn route_of(path: &str) -> &'static str {
    let mut segments: Vec<&str> = path.split('/').collect();
    if let Some(at) = segments
        .iter()
        .position(|segment| *segment == "applications")
    {
        if let Some(reference) = segments.get_mut(at + 1) {
            *reference = "{reference}";
        }
    }
    let pattern = segments.join("/");
    LOGGED_ROUTES
        .into_iter()
        .find(|route| *route == pattern)
        .unwrap_or("(no such route)")
}

#[cfg(test)]
mod tests {
    #[test]
    fn logs_routes_without_references() {
        assert_eq!(
            super::route_of("/v1/applications/HS202600000001/answers"),
            "/v1/applications/{reference}/answers"
        );
        assert_eq!(super::route_of("/v1/changes"), "/v1/changes");
        assert_eq!(
            super::route_of("/v1/people/001090000001"),
            "(no such route)"
        );
    }
}
