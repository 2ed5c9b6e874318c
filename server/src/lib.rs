//! The portal server: configuration, storage, middleware and routes around the Leptos pages.

pub mod assets;
pub mod config;
pub mod db;
pub mod errors;
pub mod health;
pub mod language;
pub mod pages;
pub mod rendering;
pub mod security;
pub mod telemetry;

use crate::assets::{AssetStore, PACKAGE_NAME};
use crate::config::Config;
use app::layout::Assets as DocumentAssets;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{middleware, Router};
use leptos::config::LeptosOptions;
use sqlx::SqlitePool;
use std::sync::Arc;
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// What handlers share. Cheap to clone: everything is behind an `Arc` or is a pool handle.
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub db: SqlitePool,
    pub assets: Arc<AssetStore>,
    pub document_assets: Arc<DocumentAssets>,
}

impl AppState {
    pub async fn new(config: Config) -> Result<Self, BoxError> {
        let db = db::connect(&config.database_url).await?;
        let assets = AssetStore::load(&config.site_dir).map_err(|error| {
            format!(
                "cannot read the built site in {} ({error}); run the build first",
                config.site_dir.display()
            )
        })?;
        let leptos_options = LeptosOptions::builder()
            .output_name(PACKAGE_NAME)
            .site_pkg_dir(assets.package_dir.clone().unwrap_or_else(|| "pkg".into()))
            .build();
        let document_assets = DocumentAssets {
            stylesheet_url: assets.stylesheet_url.clone(),
            leptos_options,
        };
        Ok(Self {
            config: Arc::new(config),
            db,
            assets: Arc::new(assets),
            document_assets: Arc::new(document_assets),
        })
    }
}

/// The whole application.
pub fn router(state: AppState) -> Router {
    let routes = Router::new()
        .route("/", get(pages::home))
        .route("/services/{slug}", get(pages::service_start))
        .route("/language/{tag}", get(language::switch))
        .route("/healthz", get(health::live))
        .route("/readyz", get(health::ready))
        .fallback(pages::fallback);
    with_middleware(routes, state)
}

/// Wraps routes in the portal's middleware; tests use it to put routes of their own behind it.
pub fn with_middleware(routes: Router<AppState>, state: AppState) -> Router {
    let policy = Arc::new(security::SecurityPolicy {
        https: state
            .config
            .public_url
            .as_deref()
            .is_some_and(|url| url.starts_with("https://")),
    });
    // Each `layer` wraps everything added before it, so the list reads innermost first.
    routes
        .layer(CompressionLayer::new())
        .layer(RequestBodyLimitLayer::new(state.config.max_body_bytes))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            state.config.request_timeout,
        ))
        .layer(CatchPanicLayer::custom(errors::panic_response))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            errors::friendly_errors,
        ))
        .layer(middleware::from_fn_with_state(policy, security::headers))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(TraceLayer::new_for_http().make_span_with(telemetry::request_span))
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .with_state(state)
}

/// Binds the listener and builds the router; the caller serves them (tests pick port 0).
pub async fn prepare(config: Config) -> Result<(TcpListener, Router), BoxError> {
    let listener = TcpListener::bind(config.addr).await?;
    let state = AppState::new(config).await?;
    Ok((listener, router(state)))
}

/// Runs the portal until SIGINT or SIGTERM, finishing the requests in flight.
pub async fn run(config: Config) -> Result<(), BoxError> {
    let (listener, router) = prepare(config).await?;
    tracing::info!(address = %listener.local_addr()?, "portal listening");
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    Ok(())
}

async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = interrupt => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}
