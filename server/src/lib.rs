//! The portal server: configuration, storage, middleware and routes around the Leptos pages.
//!
//! Its modules by concern: the features are `journey` (a citizen's draft, from start to sending),
//! `applications` (the pages about sent applications), `account` and `jobs` (work outside any
//! request); they use `auth` (sign-in, sessions, acting for a child), `web` (HTTP plumbing and
//! page rendering), `clients` (the national systems) and `store` (the portal's database). `state`
//! holds what they all share and `routes` says which handler answers which path. No module imports
//! one that imports it back (`scripts/check-layout.py` checks).

pub mod account;
pub mod applications;
pub mod auth;
pub mod clients;
pub mod clock;
pub mod config;
pub mod jobs;
pub mod journey;
pub mod routes;
pub mod state;
pub mod store;
pub mod tokens;
pub mod web;

use crate::config::Config;
use crate::jobs::{agency_feed, hand_over, processing, retention, triggers};
use axum::Router;
use tokio::net::TcpListener;

pub use crate::routes::{router, with_middleware};
pub use crate::state::{AppState, BoxError};
pub use crate::store::db;
pub use crate::web::connections::serve;
pub use crate::web::telemetry;

/// Builds the router for a bound listener (tests bind port 0 and read the port first).
pub async fn prepare(listener: &TcpListener, config: Config) -> Result<Router, BoxError> {
    let public_url = config.public_url_for(listener.local_addr()?);
    let state = AppState::new(config, &public_url).await?;
    // Either the agencies decide (handed over, their decisions read from their feed) or the
    // portal's own stand-in does, never both on the same application: which one is the
    // configuration's choice (`PORTAL_AGENCY_URL`). The in-portal processing stays the default
    // until the agencies' path also writes the registry records and forwards answers.
    if state.agency.is_some() {
        hand_over::spawn(state.clone());
        agency_feed::spawn(state.clone());
    } else {
        processing::spawn(state.clone());
    }
    triggers::spawn(state.clone());
    retention::spawn(state.clone());
    Ok(router(state))
}

/// Runs the portal until SIGINT or SIGTERM, finishing the requests in flight.
pub async fn run(config: Config) -> Result<(), BoxError> {
    let stop = cli::shutdown::requested();
    let listener = TcpListener::bind(config.addr).await?;
    let limits = config.connection_limits();
    let router = prepare(&listener, config).await?;
    tracing::info!(address = %listener.local_addr()?, "portal listening");
    serve(listener, router, limits, stop).await?;
    Ok(())
}
