//! What the stand-ins with pages serve alike around their own routes.

use axum::{
    handler::Handler,
    http::header,
    response::{IntoResponse, Response},
    routing::get,
    Json, Router,
};
use serde_json::{json, Value};

use crate::SecurityHeaders;

/// A stylesheet compiled into the binary, and the path it is served at.
pub struct Stylesheet {
    pub path: &'static str,
    pub css: &'static str,
}

/// `routes` completed: the stylesheet, `GET /health`, `fallback` for any other path, and
/// `headers` on every response.
pub fn site<S, H, T>(
    routes: Router<S>,
    stylesheet: Stylesheet,
    fallback: H,
    headers: SecurityHeaders,
) -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    H: Handler<T, S>,
    T: 'static,
{
    let css = stylesheet.css;
    let routes = routes
        .route(stylesheet.path, get(move || async move { serve_css(css) }))
        .route("/health", get(health))
        .fallback(fallback);
    headers.wrap(routes)
}

/// The process is up and serving.
async fn health() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

/// Browsers may keep the stylesheet for an hour.
fn serve_css(css: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        css,
    )
        .into_response()
}
