//! What every page handler needs to render a page: the citizen's language, the request's CSP
//! nonce and the current path (for the language switch), gathered by one extractor.

use crate::language;
use crate::AppState;
use app::layout::{render_document, Page};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use domain::text::Lang;
use leptos::nonce::Nonce;
use leptos::prelude::AnyView;

pub struct PageContext {
    pub lang: Lang,
    nonce: Nonce,
    current_path: String,
}

impl PageContext {
    pub fn from_parts(parts: &Parts) -> Self {
        Self {
            lang: language::from_headers(&parts.headers),
            // The security middleware runs first and always sets the nonce; a fresh one keeps the
            // page valid (if uselessly so for scripts) should a route ever be mounted outside it.
            nonce: parts
                .extensions
                .get::<Nonce>()
                .cloned()
                .unwrap_or_else(Nonce::new),
            current_path: parts
                .uri
                .path_and_query()
                .map_or_else(|| "/".to_string(), |pq| pq.as_str().to_string()),
        }
    }

    /// A static page: no WebAssembly is loaded.
    pub fn page(&self, state: &AppState, title: &str, body: AnyView) -> Html<String> {
        self.document(state, title, body, false)
    }

    /// A page with islands: the hydration script is included when the package was built.
    pub fn interactive_page(&self, state: &AppState, title: &str, body: AnyView) -> Html<String> {
        self.document(state, title, body, true)
    }

    pub fn page_with_status(
        &self,
        state: &AppState,
        status: StatusCode,
        title: &str,
        body: AnyView,
    ) -> Response {
        (status, self.page(state, title, body)).into_response()
    }

    fn document(
        &self,
        state: &AppState,
        title: &str,
        body: AnyView,
        islands: bool,
    ) -> Html<String> {
        let page = Page {
            lang: self.lang,
            title: title.to_string(),
            current_path: self.current_path.clone(),
            interactive: islands && state.assets.package_dir.is_some(),
        };
        Html(render_document(
            page,
            &state.document_assets,
            &self.nonce,
            body,
        ))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for PageContext {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Self::from_parts(parts))
    }
}
