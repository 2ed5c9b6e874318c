//! A panic in a handler becomes a calm 500 page in the citizen's language with the request id to
//! quote, never panic text. The panic layer marks its response; this middleware, which can see the
//! request, renders the page.

use crate::state::AppState;
use crate::web::rendering::PageContext;
use app::strings::strings;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::any::Any;
use tower_http::request_id::RequestId;

#[derive(Clone, Copy)]
struct Panicked;

/// The panic layer's response: a bare 500 marked for [`friendly_errors`].
pub fn panic_response(_payload: Box<dyn Any + Send + 'static>) -> Response {
    tracing::error!("a request handler panicked");
    let mut response = StatusCode::INTERNAL_SERVER_ERROR.into_response();
    response.extensions_mut().insert(Panicked);
    response
}

pub async fn friendly_errors(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let (parts, body) = request.into_parts();
    let request_id = parts
        .extensions
        .get::<RequestId>()
        .and_then(|id| id.header_value().to_str().ok())
        .unwrap_or("-")
        .to_string();
    // The session is not looked up: whatever failed may have been the database.
    let page = PageContext::anonymous(&parts);
    let response = next.run(Request::from_parts(parts, body)).await;
    if response.extensions().get::<Panicked>().is_none() {
        return response;
    }
    let body = app::pages::server_error(page.lang, request_id);
    page.page_with_status(
        &state,
        StatusCode::INTERNAL_SERVER_ERROR,
        strings(page.lang).error_title,
        body,
    )
}
