//! The portal server: configuration, storage, middleware and routes around the Leptos pages.

pub mod account;
pub mod acting_for;
pub mod applications;
pub mod assets;
pub mod audit;
pub mod auth;
pub mod certificates;
pub mod config;
pub mod connections;
pub mod consents;
pub mod csrf;
pub mod db;
pub mod documents;
pub mod errors;
pub mod health;
pub mod information;
pub mod journey;
pub mod language;
pub mod oidc;
pub mod pages;
pub mod payments;
pub mod processing;
pub mod rate_limit;
pub mod receipt;
pub mod registry_client;
pub mod rendering;
pub mod retention;
pub mod security;
pub mod session_cache;
pub mod sessions;
pub mod signed_records;
pub mod telemetry;
pub mod tracking;
pub mod triggers;

use crate::assets::{AssetStore, PACKAGE_NAME};
use crate::config::Config;
use crate::oidc::{OidcSettings, RelyingParty};
use crate::payments::PaymentClient;
use crate::rate_limit::RateLimiter;
use crate::registry_client::RegistryClient;
use crate::session_cache::SessionCache;
use crate::sessions::SessionPolicy;
use app::layout::Assets as DocumentAssets;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{middleware, Router};
use leptos::config::LeptosOptions;
use sqlx::AnyPool;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// What handlers share, behind one reference count: every extractor clones it.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

pub struct Shared {
    pub config: Config,
    pub db: AnyPool,
    pub assets: AssetStore,
    pub document_assets: DocumentAssets,
    pub registry: RegistryClient,
    pub oidc: RelyingParty,
    pub sessions: SessionPolicy,
    pub session_cache: SessionCache,
    pub sign_in_limiter: RateLimiter,
    pub payments: PaymentClient,
    /// The origin citizens see, for URLs that leave the portal and come back.
    pub public_url: String,
    /// Signs decision documents so that their QR codes can be verified.
    pub document_key: ed25519_dalek::SigningKey,
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl AppState {
    /// Connects storage, loads the assets and sets up the clients of the national systems.
    /// `public_url` is the origin citizens see (for the eID's redirect back).
    pub async fn new(config: Config, public_url: &str) -> Result<Self, BoxError> {
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
        let registry =
            RegistryClient::new(&config.registry_url, &config.registry_secret, db.clone());
        let oidc = RelyingParty::new(OidcSettings {
            issuer: config.oidc_issuer.clone(),
            client_id: config.oidc_client_id.clone(),
            client_secret: config.oidc_client_secret.clone(),
            redirect_url: format!("{public_url}/auth/callback"),
            post_logout_url: format!("{public_url}/"),
        });
        // Discovery now, so a misconfigured issuer shows in the log at start; a provider that is
        // down is discovered again at the first sign-in instead of stopping the portal.
        if oidc.discover().await.is_err() {
            tracing::warn!("the identity provider is not reachable yet; sign-in will retry");
        }
        let sessions = SessionPolicy {
            idle_timeout: config.session_idle,
            absolute_lifetime: config.session_lifetime,
            secure_cookie: public_url.starts_with("https://"),
        };
        let session_cache = SessionCache::new(config.shared_database);
        let sign_in_limiter =
            RateLimiter::new(config.sign_in_limit_per_minute, Duration::from_secs(60));
        let payments = PaymentClient::new(&config.payment_url, &config.payment_secret);
        let document_key = certificates::signing_key(&config.document_secret);
        Ok(Self(Arc::new(Shared {
            config,
            db,
            assets,
            document_assets,
            registry,
            oidc,
            sessions,
            session_cache,
            sign_in_limiter,
            payments,
            public_url: public_url.into(),
            document_key,
        })))
    }
}

/// The whole application.
pub fn router(state: AppState) -> Router {
    let routes = Router::new()
        .route("/", get(pages::home))
        .route("/services/{slug}", get(pages::service_start))
        .route(
            "/services/{slug}/start",
            get(journey::to_start_page).post(journey::start),
        )
        .route("/language/{tag}", get(language::switch))
        .route("/auth/login", get(auth::login))
        .route("/auth/callback", get(auth::callback))
        .route("/auth/logout", post(auth::logout))
        .route("/auth/extend", post(auth::extend))
        .route("/account", get(account::show))
        .route("/consents/{id}", post(consents::decide))
        .route(
            "/account/report-error",
            get(account::report_form).post(account::report),
        )
        .route("/applications", get(tracking::list))
        .route("/applications/{id}", get(tracking::show))
        .route("/applications/{id}/receipt.pdf", get(tracking::receipt))
        .route(
            "/applications/{id}/decision.pdf",
            get(certificates::download),
        )
        .route("/verify/{reference}", get(certificates::verify))
        .route(
            "/applications/{id}/confirmation",
            get(journey::confirmation),
        )
        .route("/applications/{id}/check", get(journey::show_check))
        .route("/applications/{id}/submit", post(journey::submit))
        .route("/applications/{id}/refresh", post(journey::refresh))
        .route(
            "/applications/{id}/information",
            post(information::answer).layer(DefaultBodyLimit::max(documents::MAX_REQUEST_BYTES)),
        )
        .route("/applications/{id}/payment", get(payments::returned))
        .route(
            "/applications/{id}/documents/{document}",
            get(documents::download),
        )
        .route(
            "/applications/{id}/{step}",
            get(journey::show_step)
                .post(journey::save_step)
                .layer(DefaultBodyLimit::max(documents::MAX_REQUEST_BYTES)),
        )
        .route("/healthz", get(health::live))
        .route("/readyz", get(health::ready))
        .fallback(pages::fallback);
    with_middleware(routes, state)
}

/// Wraps routes in the portal's middleware; tests use it to put routes of their own behind it.
pub fn with_middleware(routes: Router<AppState>, state: AppState) -> Router {
    let policy = Arc::new(security::SecurityPolicy {
        https: state.sessions.secure_cookie,
        identity_origin: origin_of(&state.config.oidc_issuer),
        payment_origin: origin_of(&state.config.payment_url),
    });
    // Each `layer` wraps everything added before it, so the list reads innermost first.
    routes
        .layer(CompressionLayer::new())
        // Forms are held to the configured limit; step pages accept a document up to their own
        // limit (see the route), and nothing larger reaches a handler at all.
        .layer(DefaultBodyLimit::max(state.config.max_body_bytes))
        .layer(RequestBodyLimitLayer::new(
            documents::MAX_REQUEST_BYTES.max(state.config.max_body_bytes),
        ))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            state.config.request_timeout,
        ))
        .layer(middleware::from_fn_with_state(
            csrf::OwnOrigin::of(&state.public_url),
            csrf::protect,
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
        .layer(middleware::from_fn(telemetry::fresh_request_id))
        .with_state(state)
}

/// `scheme://host:port` of a URL, for the CSP's `form-action` (signing out and paying post forms
/// that redirect there).
pub(crate) fn origin_of(url: &str) -> String {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    let end = url[after_scheme..]
        .find('/')
        .map_or(url.len(), |i| i + after_scheme);
    url[..end].to_string()
}

/// Builds the router for a bound listener (tests bind port 0 and read the port first).
pub async fn prepare(listener: &TcpListener, config: Config) -> Result<Router, BoxError> {
    let public_url = config.public_url_for(listener.local_addr()?);
    let state = AppState::new(config, &public_url).await?;
    processing::spawn(state.clone());
    triggers::spawn(state.clone());
    retention::spawn(state.clone());
    Ok(router(state))
}

pub use connections::serve;

/// Runs the portal until SIGINT or SIGTERM, finishing the requests in flight.
pub async fn run(config: Config) -> Result<(), BoxError> {
    let listener = TcpListener::bind(config.addr).await?;
    let limits = config.connection_limits();
    let router = prepare(&listener, config).await?;
    tracing::info!(address = %listener.local_addr()?, "portal listening");
    serve(listener, router, limits, shutdown_signal()).await?;
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
