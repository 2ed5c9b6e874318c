//! The routes and the way to run them.

use std::{io, net::SocketAddr};

use axum::{
    http::StatusCode,
    middleware,
    routing::{get, post},
    Router,
};
use stand_in_support::{
    routes::{self, Stylesheet},
    SecurityHeaders,
};
use tokio::task::JoinHandle;

use crate::{admin, api, checkout, config::Config, errors::ApiError, pages, state::AppState};

pub fn router(state: AppState) -> Router {
    let merchant_api = Router::new()
        .route("/v1/payments", post(api::create))
        .route("/v1/payments/{payment_id}", get(api::status))
        .route("/v1/payments/{payment_id}/cancel", post(api::cancel))
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            api::outage_guard,
        ));
    let mut router = Router::new()
        .merge(merchant_api)
        .route("/pay/{payment_id}", get(checkout::show).post(checkout::pay))
        .route("/pay/{payment_id}/cancel", post(checkout::cancel));
    if state.config.admin_enabled {
        router = router.route("/admin/faults", post(admin::set_faults));
    }
    let stylesheet = Stylesheet {
        path: "/assets/payment.css",
        css: pages::STYLESHEET,
    };
    // The checkout form's redirect may lead only back to a merchant; nothing about a payment may
    // linger in a cache.
    let merchants = &state.config.merchants;
    let returns = merchants.iter().flat_map(|m| &m.return_url_prefixes);
    let headers = SecurityHeaders::new(returns).no_store_by_default();
    routes::site(router, stylesheet, not_found, headers).with_state(state)
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
    let listener = stand_in_support::bind(config.bind).await?;
    let addr = listener.addr();
    let public_url = listener.public_url(config.public_url.as_deref());
    let app = router(AppState::new(config, public_url.clone()));
    let task = listener.serve(app, std::future::pending());
    Ok(Running {
        addr,
        public_url,
        task,
    })
}
