//! What every handler and job shares: configuration, the database, the built assets and the
//! clients of the national systems, built once at start.

use crate::applications::signatures;
use crate::auth::oidc::{OidcSettings, RelyingParty};
use crate::auth::session_cache::SessionCache;
use crate::auth::sessions::SessionPolicy;
use crate::clients::agency::AgencyClient;
use crate::clients::payment_gateway::PaymentClient;
use crate::clients::registry_client::RegistryClient;
use crate::config::Config;
use crate::store::db;
use crate::web::assets::{AssetStore, PACKAGE_NAME};
use crate::web::rate_limit::RateLimiter;
use app::layout::Assets as DocumentAssets;
use leptos::config::LeptosOptions;
use sqlx::AnyPool;
use std::sync::Arc;
use std::time::Duration;

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
    /// The agencies' case systems, when the portal hands applications over to them
    /// (`PORTAL_AGENCY_URL`); `None` while the portal decides by itself.
    pub agency: Option<AgencyClient>,
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
        let roots = &config.tls_roots;
        let registry = RegistryClient::new(
            &config.registry_url,
            &config.registry_secret,
            db.clone(),
            roots,
        );
        let oidc = RelyingParty::new(
            OidcSettings {
                issuer: config.oidc_issuer.clone(),
                client_id: config.oidc_client_id.clone(),
                client_secret: config.oidc_client_secret.clone(),
                redirect_url: format!("{public_url}/auth/callback"),
                post_logout_url: format!("{public_url}/"),
            },
            roots,
        );
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
        let payments = PaymentClient::new(&config.payment_url, &config.payment_secret, roots);
        let agency = config
            .agency_url
            .as_deref()
            .map(|url| AgencyClient::new(url, &config.agency_token, roots));
        let document_key = signatures::signing_key(&config.document_secret);
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
            agency,
            public_url: public_url.into(),
            document_key,
        })))
    }
}
