//! The routes and the way to run them.

use std::{io, net::SocketAddr, sync::Arc};

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
    admin, authorize,
    config::Config,
    directory::{CitizenDirectory, RegistryDirectory},
    discovery,
    errors::json_error,
    logout, pages, security_headers, sign_in,
    state::AppState,
    token, userinfo,
};

pub fn router(state: AppState) -> Router {
    let mut router = Router::new()
        .route(
            "/.well-known/openid-configuration",
            get(discovery::openid_configuration),
        )
        .route("/jwks", get(discovery::jwks))
        .route("/authorize", get(authorize::authorize))
        .route(
            "/signin",
            get(sign_in::show).post(sign_in::submit_credentials),
        )
        .route("/signin/otp", post(sign_in::submit_otp))
        .route("/signin/cancel", post(sign_in::cancel))
        .route("/token", post(token::token))
        .route(
            "/userinfo",
            get(userinfo::userinfo).post(userinfo::userinfo),
        )
        .route("/logout", get(logout::logout))
        .route("/assets/identity.css", get(stylesheet))
        .route("/health", get(health));
    if state.config.admin_enabled {
        router = router.route("/admin/rotate-keys", post(admin::rotate_keys));
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

async fn not_found() -> Response {
    json_error(StatusCode::NOT_FOUND, "not_found", "no such endpoint")
}

/// A provider serving in the background.
pub struct RunningIdentity {
    pub addr: SocketAddr,
    pub issuer: String,
    pub task: JoinHandle<io::Result<()>>,
}

/// Binds `config.bind`, looks citizens up in the registry at `config.registry_url`, and serves
/// until the task is aborted.
pub async fn start(config: Config) -> io::Result<RunningIdentity> {
    let directory = Arc::new(RegistryDirectory::new(
        &config.registry_url,
        &config.registry_token,
    ));
    start_with_directory(config, directory).await
}

pub async fn start_with_directory(
    config: Config,
    directory: Arc<dyn CitizenDirectory>,
) -> io::Result<RunningIdentity> {
    let listener = TcpListener::bind(config.bind).await?;
    let addr = listener.local_addr()?;
    let issuer = config
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{addr}"));
    let state = AppState::new(config, issuer.clone(), directory);
    let app = router(state);
    let task = tokio::spawn(async move { axum::serve(listener, app).await });
    Ok(RunningIdentity { addr, issuer, task })
}
