//! The routes and the way to run them.

use std::{io, net::SocketAddr};

use axum::{
    http::{header, StatusCode},
    middleware,
    response::{IntoResponse, Response},
    routing::{get, post},
    Json, Router,
};
use serde_json::json;
use tokio::{net::TcpListener, task::JoinHandle};

use crate::{
    admin, api, checkout, config::Config, errors::ApiError, pages, security_headers,
    state::AppState,
};

pub fn router(state: AppState) -> Router {
    let merchant_api = Router::new()
        .route("/v1/payments", post(api::create))
        .route("/v1/payments/{payment_id}", get(api::status))
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            api::outage_guard,
        ));
    let mut router = Router::new()
        .merge(merchant_api)
        .route("/pay/{payment_id}", get(checkout::show).post(checkout::pay))
        .route("/pay/{payment_id}/cancel", post(checkout::cancel))
        .route("/assets/payment.css", get(stylesheet))
        .route("/health", get(health));
    if state.config.admin_enabled {
        router = router.route("/admin/faults", post(admin::set_faults));
    }
    router
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            security_headers::add,
        ))
        .with_state(state)
}

async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        pages::STYLESHEET,
    )
        .into_response()
}

async fn health() -> Json<serde_json::Value> {
    Json(json!({ "status": "ok" }))
}

async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such endpoint")
}

/// A gateway serving in the background.
pub struct Running {
    pub addr: SocketAddr,
    /// The base of the checkout URLs it hands out.
    pub public_url: String,
    pub task: JoinHandle<io::Result<()>>,
}

/// Binds `config.bind` (port 0 picks a free port) and serves until the task is aborted.
pub async fn start(config: Config) -> io::Result<Running> {
    config
        .validate()
        .map_err(|error| io::Error::new(io::ErrorKind::InvalidInput, error))?;
    let listener = TcpListener::bind(config.bind).await?;
    let addr = listener.local_addr()?;
    let public_url = config
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{addr}"));
    let app = router(AppState::new(config, public_url.clone()));
    let task = tokio::spawn(async move { axum::serve(listener, app).await });
    Ok(Running {
        addr,
        public_url,
        task,
    })
}
