//! The portal's settings: each has an environment variable, the equivalent flag and a default
//! that runs the portal locally (`portal --help` lists them), and is turned here into the
//! configuration the server runs with.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use crate::clients::http::ExtraRoots;
use cli::settings::{
    self,
    clap::{self, Parser},
};

/// The settings as an operator gives them: whole numbers of the units their names say.
#[derive(Parser, Debug)]
#[command(
    name = "portal",
    version,
    about = "The citizen public-services portal: serves the site and talks to the registry, the eID provider, the payment gateway and the agencies' case systems."
)]
pub struct Settings {
    /// Address to listen on; port 0 picks a free port
    #[arg(long, env = "PORTAL_ADDR", default_value = "127.0.0.1:3000")]
    addr: SocketAddr,
    /// Origin citizens see [default: http://localhost:<port>]; https:// turns on HSTS, Secure and
    /// __Host- cookies, and requires the four secrets
    #[arg(long, env = "PORTAL_PUBLIC_URL", value_parser = settings::base_url)]
    public_url: Option<String>,
    /// Where the SQLite databases are created
    #[arg(long, env = "PORTAL_DATA_DIR", default_value = "data")]
    data_dir: PathBuf,
    /// The portal's database: sqlite://… or postgres://user:password@host:port/database
    /// [default: sqlite://<data dir>/portal.db]
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    database_url: Option<String>,
    /// Whether other instances use the same database (true or false) [default: true on
    /// PostgreSQL, false on SQLite]; when not, sessions are also kept in memory
    #[arg(long, env = "PORTAL_SHARED_DATABASE")]
    shared_database: Option<bool>,
    /// The built stylesheet, WebAssembly package and public files
    #[arg(long, env = "PORTAL_SITE_DIR", default_value = "target/site")]
    site_dir: PathBuf,
    /// Requests taking longer get 408
    #[arg(long, env = "PORTAL_REQUEST_TIMEOUT_SECS", default_value_t = 30)]
    request_timeout_secs: u64,
    /// Larger request bodies get 413
    #[arg(long, env = "PORTAL_MAX_BODY_BYTES", default_value_t = 65_536)]
    max_body_bytes: usize,
    /// Time a client has to send a request's head (so also how long an idle kept-alive
    /// connection stays open)
    #[arg(long, env = "PORTAL_HEADER_TIMEOUT_SECS", default_value_t = 10)]
    header_timeout_secs: u64,
    /// Connections served at once; more wait in the listen queue
    #[arg(long, env = "PORTAL_MAX_CONNECTIONS", default_value_t = 10_000)]
    max_connections: usize,
    /// Comma-separated addresses of the balancers in front of the portal, whose X-Forwarded-For
    /// names the client for the sign-in limit
    #[arg(long, env = "PORTAL_TRUSTED_PROXIES", value_parser = settings::list::<IpAddr>, default_value = "")]
    trusted_proxies: ::std::vec::Vec<IpAddr>,
    /// What one citizen's applications not sent yet may hold in uploaded files, all together
    #[arg(long, env = "PORTAL_UPLOAD_QUOTA_MB", default_value_t = 50)]
    upload_quota_mb: i64,
    /// How often expired drafts, ended sessions, abandoned sign-ins and orphaned uploads are
    /// deleted
    #[arg(long, env = "PORTAL_RETENTION_SECS", default_value_t = 3_600)]
    retention_secs: u64,
    /// The population registry
    #[arg(
        long,
        env = "PORTAL_REGISTRY_URL",
        default_value = "http://127.0.0.1:3101"
    )]
    registry_url: String,
    /// The portal's registry credential
    #[arg(long, env = "PORTAL_REGISTRY_SECRET", default_value = DEFAULT_REGISTRY_SECRET, hide_env_values = true)]
    registry_secret: String,
    /// The eID provider
    #[arg(
        long,
        env = "PORTAL_OIDC_ISSUER",
        default_value = "http://127.0.0.1:3102"
    )]
    oidc_issuer: String,
    /// The portal's client id at the eID provider
    #[arg(long, env = "PORTAL_OIDC_CLIENT_ID", default_value = "portal")]
    oidc_client_id: String,
    /// The portal's client secret at the eID provider
    #[arg(long, env = "PORTAL_OIDC_CLIENT_SECRET", default_value = DEFAULT_OIDC_SECRET, hide_env_values = true)]
    oidc_client_secret: String,
    /// The payment gateway
    #[arg(
        long,
        env = "PORTAL_PAYMENT_URL",
        default_value = "http://127.0.0.1:3103"
    )]
    payment_url: String,
    /// The portal's merchant credential at the payment gateway
    #[arg(long, env = "PORTAL_PAYMENT_SECRET", default_value = DEFAULT_PAYMENT_SECRET, hide_env_values = true)]
    payment_secret: String,
    /// A session unused this long ends
    #[arg(long, env = "PORTAL_SESSION_IDLE_MINUTES", default_value_t = 30)]
    session_idle_minutes: u64,
    /// A session ends this long after signing in, used or not
    #[arg(long, env = "PORTAL_SESSION_MAX_HOURS", default_value_t = 12)]
    session_max_hours: u64,
    /// Sign-in and callback requests per client (an IPv4 address or an IPv6 /64); more get 429
    #[arg(long, env = "PORTAL_SIGN_IN_LIMIT_PER_MINUTE", default_value_t = 10)]
    sign_in_limit_per_minute: u32,
    /// How long an untouched draft is kept
    #[arg(long, env = "PORTAL_DRAFT_DAYS", default_value_t = 30)]
    draft_days: u64,
    /// How often the agency stand-in moves applications on
    #[arg(long, env = "PORTAL_PROCESSING_MS", default_value_t = 5_000)]
    processing_ms: u64,
    /// The agencies' case systems, to hand submitted applications over to and learn their
    /// decisions from; unset, the portal decides by itself (its stand-in worker)
    #[arg(long, env = "PORTAL_AGENCY_URL", value_parser = settings::base_url)]
    agency_url: Option<String>,
    /// The portal's bearer token at the agencies' case systems
    #[arg(long, env = "PORTAL_AGENCY_TOKEN", default_value = DEFAULT_AGENCY_TOKEN, hide_env_values = true)]
    agency_token: String,
    /// How often the agencies' feed of decisions is read
    #[arg(long, env = "PORTAL_AGENCY_POLL_MS", default_value_t = 2_000)]
    agency_poll_ms: u64,
    /// A PEM file of CA certificates to trust beside the system's, for backends whose https
    /// certificates a national or private CA issued
    #[arg(long, env = "PORTAL_TLS_CA_FILE")]
    tls_ca_file: Option<PathBuf>,
    /// Derives the key that signs decision documents (their QR codes)
    #[arg(long, env = "PORTAL_DOCUMENT_SECRET", default_value = DEFAULT_DOCUMENT_SECRET, hide_env_values = true)]
    document_secret: String,
}

/// What the server runs with, read from [`Settings`].
#[derive(Clone, Debug)]
pub struct Config {
    pub addr: SocketAddr,
    /// The origin citizens see, used for redirects back from the identity provider and to decide
    /// whether cookies are `Secure`; `None` means `http://localhost:<port>`.
    pub public_url: Option<String>,
    pub data_dir: PathBuf,
    pub database_url: String,
    /// Whether other portal instances use the same database. When none does, sessions are also
    /// kept in memory, so that a signed-in page costs no session query.
    pub shared_database: bool,
    pub site_dir: PathBuf,
    pub request_timeout: Duration,
    pub max_body_bytes: usize,
    /// How long a client has to send a request's head; one that dribbles its headers is cut off.
    pub header_timeout: Duration,
    pub max_connections: usize,
    pub registry_url: String,
    pub registry_secret: String,
    pub oidc_issuer: String,
    pub oidc_client_id: String,
    pub oidc_client_secret: String,
    pub session_idle: Duration,
    pub session_lifetime: Duration,
    pub sign_in_limit_per_minute: u32,
    pub trusted_proxies: Vec<IpAddr>,
    /// All together, over one citizen's unsent applications (each file is at most 5 MB).
    pub upload_quota_bytes: i64,
    pub draft_lifetime: Duration,
    pub retention_interval: Duration,
    /// Each application takes two rounds: received → in progress → decided.
    pub processing_interval: Duration,
    pub payment_url: String,
    pub payment_secret: String,
    pub document_secret: String,
    /// Where submitted applications are handed over; `None` keeps today's in-portal processing
    /// (`jobs::processing`), so that the two never decide the same application.
    pub agency_url: Option<String>,
    pub agency_token: String,
    /// A zero interval would make the poller spin, so it is at least a millisecond.
    pub agency_poll_interval: Duration,
    /// `PORTAL_TLS_CA_FILE`'s certificates, read at start.
    pub tls_roots: ExtraRoots,
}

impl Config {
    /// The origin citizens see: configured, or `http://localhost:<port>` for the bound port.
    pub fn public_url_for(&self, bound: SocketAddr) -> String {
        self.public_url
            .clone()
            .unwrap_or_else(|| format!("http://localhost:{}", bound.port()))
    }

    /// What every connection is held to.
    pub fn connection_limits(&self) -> crate::web::connections::ConnectionLimits {
        crate::web::connections::ConnectionLimits {
            header_timeout: self.header_timeout,
            max_connections: self.max_connections.max(1),
        }
    }

    /// Reads settings by variable name through `lookup` alone, so tests can configure without
    /// touching the process environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, String> {
        let settings = settings::from_lookup(lookup).map_err(|error| error.to_string())?;
        Self::from_settings(settings)
    }

    /// The configuration the settings describe, or the setting that makes it unusable.
    pub fn from_settings(settings: Settings) -> Result<Self, String> {
        let minutes = |count: u64| Duration::from_secs(60 * count);
        let hours = |count: u64| minutes(60 * count);
        let database_url = settings.database_url.unwrap_or_else(|| {
            format!("sqlite://{}", settings.data_dir.join("portal.db").display())
        });
        let config = Self {
            addr: settings.addr,
            public_url: settings.public_url,
            shared_database: settings
                .shared_database
                .unwrap_or_else(|| crate::store::db::is_postgres(&database_url)),
            database_url,
            data_dir: settings.data_dir,
            site_dir: settings.site_dir,
            request_timeout: Duration::from_secs(settings.request_timeout_secs),
            max_body_bytes: settings.max_body_bytes,
            header_timeout: Duration::from_secs(settings.header_timeout_secs),
            max_connections: settings.max_connections,
            registry_url: settings.registry_url,
            registry_secret: settings.registry_secret,
            oidc_issuer: settings.oidc_issuer,
            oidc_client_id: settings.oidc_client_id,
            oidc_client_secret: settings.oidc_client_secret,
            session_idle: minutes(settings.session_idle_minutes),
            session_lifetime: hours(settings.session_max_hours),
            sign_in_limit_per_minute: settings.sign_in_limit_per_minute,
            trusted_proxies: settings.trusted_proxies,
            upload_quota_bytes: 1024 * 1024 * settings.upload_quota_mb,
            draft_lifetime: hours(24 * settings.draft_days),
            // A zero interval would make the retention loop spin.
            retention_interval: Duration::from_secs(settings.retention_secs.max(1)),
            processing_interval: Duration::from_millis(settings.processing_ms),
            payment_url: settings.payment_url,
            payment_secret: settings.payment_secret,
            document_secret: settings.document_secret,
            agency_url: settings.agency_url,
            agency_token: settings.agency_token,
            agency_poll_interval: Duration::from_millis(settings.agency_poll_ms.max(1)),
            tls_roots: match &settings.tls_ca_file {
                Some(file) => ExtraRoots::read(file)
                    .map_err(|error| format!("PORTAL_TLS_CA_FILE: {error}"))?,
                None => ExtraRoots::default(),
            },
        };
        config.refuse_published_secrets()?;
        Ok(config)
    }

    /// A portal served over https is a real deployment: it must not run on the secrets published
    /// in this repository (the document-signing key would derive from a public string, and anyone
    /// could speak for the portal to the registry, the eID and the gateway).
    fn refuse_published_secrets(&self) -> Result<(), String> {
        let public = self.public_url.as_deref().unwrap_or_default();
        if !public.starts_with("https://") {
            return Ok(());
        }
        let secrets = [
            (
                "PORTAL_REGISTRY_SECRET",
                &self.registry_secret,
                DEFAULT_REGISTRY_SECRET,
            ),
            (
                "PORTAL_OIDC_CLIENT_SECRET",
                &self.oidc_client_secret,
                DEFAULT_OIDC_SECRET,
            ),
            (
                "PORTAL_PAYMENT_SECRET",
                &self.payment_secret,
                DEFAULT_PAYMENT_SECRET,
            ),
            (
                "PORTAL_DOCUMENT_SECRET",
                &self.document_secret,
                DEFAULT_DOCUMENT_SECRET,
            ),
        ];
        // The agency's token is only sent, so only checked, when applications are handed over.
        let agency = self.agency_url.as_ref().map(|_| {
            (
                "PORTAL_AGENCY_TOKEN",
                &self.agency_token,
                DEFAULT_AGENCY_TOKEN,
            )
        });
        match secrets
            .iter()
            .chain(agency.iter())
            .find(|(_, value, published)| value.as_str() == *published || value.len() < 16)
        {
            Some((name, _, _)) => Err(format!(
                "{name} must be set to a secret of at least 16 characters, not the published \
                 development default, when PORTAL_PUBLIC_URL is https"
            )),
            None => Ok(()),
        }
    }
}

const DEFAULT_REGISTRY_SECRET: &str = "portal-dev-secret";
const DEFAULT_OIDC_SECRET: &str = "portal-dev-secret";
const DEFAULT_PAYMENT_SECRET: &str = "portal-pay-secret";
const DEFAULT_DOCUMENT_SECRET: &str = "portal-dev-document-secret";
/// The agency stand-in's own development default, so that the two meet without configuration.
const DEFAULT_AGENCY_TOKEN: &str = "portal-agency-dev-secret";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_run_locally_and_bad_values_are_named() {
        let config = Config::from_lookup(|_| None).unwrap();
        assert_eq!(config.addr.to_string(), "127.0.0.1:3000");
        assert_eq!(config.database_url, "sqlite://data/portal.db");
        let error =
            Config::from_lookup(|name| (name == "PORTAL_ADDR").then(|| "nope".into())).unwrap_err();
        assert!(error.contains("PORTAL_ADDR"));
    }

    #[test]
    fn a_ca_file_that_cannot_be_used_is_named_with_what_is_wrong() {
        let with_file = |path: &std::path::Path| {
            let path = path.display().to_string();
            Config::from_lookup(move |name| (name == "PORTAL_TLS_CA_FILE").then(|| path.clone()))
        };
        let dir = tempfile::tempdir().unwrap();
        let missing = with_file(&dir.path().join("ca.pem")).unwrap_err();
        assert!(missing.starts_with("PORTAL_TLS_CA_FILE: "), "{missing}");
        assert!(missing.contains("cannot be read"), "{missing}");
        let not_pem = dir.path().join("ca.txt");
        std::fs::write(&not_pem, "a key, not a certificate").unwrap();
        let error = with_file(&not_pem).unwrap_err();
        assert!(error.contains("one or more PEM certificates"), "{error}");
        assert_eq!(
            format!("{:?}", Config::from_lookup(|_| None).unwrap().tls_roots),
            "ExtraRoots(0 certificates)"
        );
    }

    #[test]
    fn https_refuses_the_published_development_secrets() {
        let production = |overrides: &[(&str, &str)]| {
            let overrides: Vec<(String, String)> = overrides
                .iter()
                .map(|(name, value)| (name.to_string(), value.to_string()))
                .collect();
            Config::from_lookup(move |name| {
                if name == "PORTAL_PUBLIC_URL" {
                    return Some("https://dichvucong.example".into());
                }
                overrides
                    .iter()
                    .find(|(key, _)| key == name)
                    .map(|(_, value)| value.clone())
            })
        };
        let error = production(&[]).unwrap_err();
        assert!(error.contains("PORTAL_REGISTRY_SECRET"), "{error}");
        let all = [
            ("PORTAL_REGISTRY_SECRET", "registry-secret-0123456789"),
            ("PORTAL_OIDC_CLIENT_SECRET", "oidc-secret-0123456789"),
            ("PORTAL_PAYMENT_SECRET", "payment-secret-0123456789"),
            ("PORTAL_DOCUMENT_SECRET", "document-secret-0123456789"),
        ];
        assert!(production(&all).is_ok());
        // Each published default, alone, is named.
        for (index, (name, _)) in all.iter().enumerate() {
            let mut one_default = all;
            one_default[index].1 = match *name {
                "PORTAL_REGISTRY_SECRET" | "PORTAL_OIDC_CLIENT_SECRET" => "portal-dev-secret",
                "PORTAL_PAYMENT_SECRET" => "portal-pay-secret",
                _ => "portal-dev-document-secret",
            };
            let error = production(&one_default).unwrap_err();
            assert!(error.contains(name), "{name}: {error}");
        }
        // The agency's token matters once applications are handed over.
        let handing_over = [
            all.as_slice(),
            &[("PORTAL_AGENCY_URL", "https://agency.example")],
        ]
        .concat();
        let error = production(&handing_over).unwrap_err();
        assert!(error.contains("PORTAL_AGENCY_TOKEN"), "{error}");
        let with_token = [
            handing_over.as_slice(),
            &[("PORTAL_AGENCY_TOKEN", "agency-token-0123456789")],
        ]
        .concat();
        assert!(production(&with_token).is_ok());
        // Plain http (development, tests) keeps its defaults.
        assert!(Config::from_lookup(|_| None).is_ok());
    }
}
