//! The routes and the way to run them.

use std::{io, net::SocketAddr, sync::Arc};

use axum::{
    http::StatusCode,
    response::Response,
    routing::{get, post},
    Router,
};
use stand_in_support::{
    routes::{self, Stylesheet},
    SecurityHeaders,
};
use tokio::task::JoinHandle;

use crate::{
    admin, authorize,
    config::Config,
    directory::{CitizenDirectory, RegistryDirectory},
    discovery,
    errors::json_error,
    logout, pages, sign_in,
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
        .route("/logout", get(logout::logout));
    if state.config.admin_enabled {
        router = router.route("/admin/rotate-keys", post(admin::rotate_keys));
    }
    let stylesheet = Stylesheet {
        path: "/assets/identity.css",
        css: pages::STYLESHEET,
    };
    // The sign-in form's redirect may lead only to a registered client.
    let redirects = state.config.clients.iter().flat_map(|c| &c.redirect_uris);
    let headers = SecurityHeaders::new(redirects);
    routes::site(router, stylesheet, not_found, headers).with_state(state)
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
    let listener = stand_in_support::bind(config.bind).await?;
    let addr = listener.addr();
    let issuer = listener.public_url(config.public_url.as_deref());
    let app = router(AppState::new(config, issuer.clone(), directory));
    let task = listener.serve(app, std::future::pending());
    Ok(RunningIdentity { addr, issuer, task })
}
