//! Handlers for the public pages: home with search, service start pages, and the 404 page (which
//! also serves static assets, so that no asset route can shadow a page).

use crate::state::AppState;
use crate::web::rendering::PageContext;
use app::strings::strings;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use domain::catalogue;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct HomeQuery {
    #[serde(default)]
    q: String,
}

/// The longest search query kept; longer input is cut rather than refused.
const MAX_QUERY_CHARS: usize = 100;

pub async fn home(
    State(state): State<AppState>,
    page: PageContext,
    Query(query): Query<HomeQuery>,
) -> Response {
    let query: String = query.q.chars().take(MAX_QUERY_CHARS).collect();
    let body = app::pages::home(page.lang, query);
    page.interactive_page(&state, strings(page.lang).home_title, body)
}

pub async fn service_start(
    State(state): State<AppState>,
    page: PageContext,
    Path(slug): Path<String>,
) -> Response {
    match catalogue::by_slug(&slug) {
        Some(service) => {
            let body = app::pages::service_start(page.lang, service);
            page.page(&state, service.name.get(page.lang), body)
                .into_response()
        }
        None => not_found(&state, &page),
    }
}

/// Anything no route claims: a static asset if one has that path, the 404 page otherwise.
pub async fn fallback(
    State(state): State<AppState>,
    page: PageContext,
    uri: axum::http::Uri,
    headers: HeaderMap,
) -> Response {
    state
        .assets
        .serve(uri.path(), &headers)
        .unwrap_or_else(|| not_found(&state, &page))
}

pub fn not_found(state: &AppState, page: &PageContext) -> Response {
    let body = app::pages::not_found(page.lang);
    page.page_with_status(
        state,
        StatusCode::NOT_FOUND,
        strings(page.lang).not_found_title,
        body,
    )
}
