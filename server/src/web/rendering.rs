//! What every page handler needs to render a page: the citizen's language and session, the
//! request's CSP nonce and the current path (for the language switch and sign-in return), gathered
//! by one extractor.

use crate::auth::citizen::Citizen;
use crate::auth::sessions;
use crate::state::AppState;
use crate::web::language;
use app::layout::{render_document, Page};
use app::session_timeout::SessionClock;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use domain::text::Lang;
use leptos::nonce::Nonce;
use leptos::prelude::AnyView;

pub struct PageContext {
    pub lang: Lang,
    pub citizen: Option<Citizen>,
    pub request_id: Option<String>,
    nonce: Nonce,
    current_path: String,
}

impl PageContext {
    pub async fn from_parts(parts: &Parts, state: &AppState) -> Self {
        let mut citizen = sessions::current(
            &state.db,
            &state.session_cache,
            &state.sessions,
            &parts.headers,
        )
        .await;
        if let Some(citizen) = &mut citizen {
            sessions::touch(&state.db, &state.session_cache, citizen).await;
        }
        Self {
            lang: language::from_headers(&parts.headers),
            citizen,
            request_id: parts
                .extensions
                .get::<tower_http::request_id::RequestId>()
                .and_then(|id| id.header_value().to_str().ok())
                .map(str::to_string),
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

    /// For error pages, which must render even when the database is what failed.
    pub fn anonymous(parts: &Parts) -> Self {
        Self {
            lang: language::from_headers(&parts.headers),
            citizen: None,
            request_id: None,
            nonce: parts
                .extensions
                .get::<Nonce>()
                .cloned()
                .unwrap_or_else(Nonce::new),
            current_path: parts.uri.path().to_string(),
        }
    }

    /// A static page: no WebAssembly is loaded.
    pub fn page(&self, state: &AppState, title: &str, body: AnyView) -> Response {
        self.document(state, title, body, false)
    }

    /// A page with islands: the hydration script is included when the package was built.
    pub fn interactive_page(&self, state: &AppState, title: &str, body: AnyView) -> Response {
        self.document(state, title, body, true)
    }

    pub fn page_with_status(
        &self,
        state: &AppState,
        status: StatusCode,
        title: &str,
        body: AnyView,
    ) -> Response {
        let mut response = self.page(state, title, body);
        *response.status_mut() = status;
        response
    }

    fn document(&self, state: &AppState, title: &str, body: AnyView, islands: bool) -> Response {
        let session = self.citizen.as_ref().map(|citizen| SessionClock {
            idle_seconds: state.sessions.idle_timeout.as_secs(),
            seconds_left: state.sessions.seconds_left(citizen),
        });
        let page = Page {
            lang: self.lang,
            title: title.to_string(),
            current_path: self.current_path.clone(),
            // Signed-in pages hold the idle-timeout warning, an island.
            interactive: (islands || session.is_some()) && state.assets.package_dir.is_some(),
            citizen_name: self
                .citizen
                .as_ref()
                .map(|citizen| citizen.full_name.clone()),
            session,
        };
        let mut response = Html(render_document(
            page,
            &state.document_assets,
            &self.nonce,
            body,
        ))
        .into_response();
        if self.citizen.is_some() {
            // A signed-in page shows personal data: no cache may keep it.
            sessions::no_store(response.headers_mut());
        }
        response
    }
}

impl FromRequestParts<AppState> for PageContext {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(Self::from_parts(parts, state).await)
    }
}
