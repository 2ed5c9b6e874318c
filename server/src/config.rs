//! Configuration from environment variables, each with a default that runs the portal locally.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Clone, Debug)]
pub struct Config {
    /// `PORTAL_ADDR`, default `127.0.0.1:3000`; port 0 picks a free port (tests).
    pub addr: SocketAddr,
    /// `PORTAL_PUBLIC_URL`, default `http://localhost:<port>`: the origin citizens see, used for
    /// redirects back from the identity provider and to decide whether cookies are `Secure`.
    pub public_url: Option<String>,
    /// `PORTAL_DATA_DIR`, default `data`: the SQLite database lives here unless `DATABASE_URL` says otherwise.
    pub data_dir: PathBuf,
    /// `DATABASE_URL`, default `sqlite://<data dir>/portal.db`.
    pub database_url: String,
    /// `PORTAL_SHARED_DATABASE`, `true` or `false`, default `true` on PostgreSQL and `false` on
    /// SQLite: whether other portal instances use the same database. When none does, sessions are
    /// also kept in memory, so that a signed-in page costs no session query.
    pub shared_database: bool,
    /// `PORTAL_SITE_DIR`, default `target/site`: the built stylesheet, WebAssembly package and public files.
    pub site_dir: PathBuf,
    /// `PORTAL_REQUEST_TIMEOUT_SECS`, default 30.
    pub request_timeout: Duration,
    /// `PORTAL_MAX_BODY_BYTES`, default 65,536: the largest request body accepted.
    pub max_body_bytes: usize,
    /// `PORTAL_HEADER_TIMEOUT_SECS`, default 10: how long a client has to send a request's head,
    /// from the connection's start or the end of the previous answer (so also how long an idle
    /// kept-alive connection stays open). A client that dribbles its headers is cut off then.
    pub header_timeout: Duration,
    /// `PORTAL_MAX_CONNECTIONS`, default 10,000: connections served at once; more wait to be
    /// accepted until one closes.
    pub max_connections: usize,
    /// `PORTAL_REGISTRY_URL`, default `http://127.0.0.1:3101`: the population registry's API.
    pub registry_url: String,
    /// `PORTAL_REGISTRY_SECRET`, default `portal-dev-secret`: the portal's registry credential.
    pub registry_secret: String,
    /// `PORTAL_OIDC_ISSUER`, default `http://127.0.0.1:3102`: the eID provider.
    pub oidc_issuer: String,
    /// `PORTAL_OIDC_CLIENT_ID`, default `portal`.
    pub oidc_client_id: String,
    /// `PORTAL_OIDC_CLIENT_SECRET`, default `portal-dev-secret`.
    pub oidc_client_secret: String,
    /// `PORTAL_SESSION_IDLE_MINUTES`, default 30.
    pub session_idle: Duration,
    /// `PORTAL_SESSION_MAX_HOURS`, default 12.
    pub session_lifetime: Duration,
    /// `PORTAL_SIGN_IN_LIMIT_PER_MINUTE`, default 10: sign-in and callback requests per client
    /// address; more get 429.
    pub sign_in_limit_per_minute: u32,
    /// `PORTAL_TRUSTED_PROXIES`, default none: addresses of the balancers in front of the portal
    /// (comma-separated), whose `X-Forwarded-For` names the client for the sign-in limit.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// `PORTAL_UPLOAD_QUOTA_MB`, default 50: what one citizen's applications not sent yet may
    /// hold in uploaded files, all together (each file is at most 5 MB).
    pub upload_quota_bytes: i64,
    /// `PORTAL_DRAFT_DAYS`, default 30: how long an untouched draft is kept.
    pub draft_lifetime: Duration,
    /// `PORTAL_RETENTION_SECS`, default 3,600: how often expired drafts, ended sessions and
    /// orphaned uploads are deleted.
    pub retention_interval: Duration,
    /// `PORTAL_PROCESSING_MS`, default 5,000: how often the agencies' stand-in moves applications
    /// on (each application takes two rounds: received → in progress → decided).
    pub processing_interval: Duration,
    /// `PORTAL_PAYMENT_URL`, default `http://127.0.0.1:3103`: the payment gateway.
    pub payment_url: String,
    /// `PORTAL_PAYMENT_SECRET`, default `portal-pay-secret`: the portal's merchant credential.
    pub payment_secret: String,
    /// `PORTAL_DOCUMENT_SECRET`, default `portal-dev-document-secret`: derives the key that signs
    /// decision documents (their QR codes). Set a real secret in production.
    pub document_secret: String,
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

    pub fn from_env() -> Result<Self, String> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads configuration through `lookup`, so tests can configure without touching the process
    /// environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, String> {
        let addr = parse(
            &lookup,
            "PORTAL_ADDR",
            "127.0.0.1:3000".parse().expect("valid"),
        )?;
        let data_dir = path(&lookup, "PORTAL_DATA_DIR", "data");
        let database_url = lookup("DATABASE_URL")
            .unwrap_or_else(|| format!("sqlite://{}", data_dir.join("portal.db").display()));
        let shared_database = parse(
            &lookup,
            "PORTAL_SHARED_DATABASE",
            crate::store::db::is_postgres(&database_url),
        )?;
        // A duration set as a whole number of units, each `unit` seconds long.
        let duration = |name, default, unit: u64| {
            parse(&lookup, name, default).map(|count: u64| Duration::from_secs(unit * count))
        };
        let config = Self {
            addr,
            shared_database,
            public_url: lookup("PORTAL_PUBLIC_URL")
                .map(|url| url.trim_end_matches('/').to_string()),
            site_dir: path(&lookup, "PORTAL_SITE_DIR", "target/site"),
            // Connections
            request_timeout: duration("PORTAL_REQUEST_TIMEOUT_SECS", 30, 1)?,
            max_body_bytes: parse(&lookup, "PORTAL_MAX_BODY_BYTES", 65_536)?,
            header_timeout: duration("PORTAL_HEADER_TIMEOUT_SECS", 10, 1)?,
            max_connections: parse(&lookup, "PORTAL_MAX_CONNECTIONS", 10_000)?,
            // The registry and the eID provider
            registry_url: text(&lookup, "PORTAL_REGISTRY_URL", "http://127.0.0.1:3101"),
            registry_secret: text(&lookup, "PORTAL_REGISTRY_SECRET", DEFAULT_REGISTRY_SECRET),
            oidc_issuer: text(&lookup, "PORTAL_OIDC_ISSUER", "http://127.0.0.1:3102"),
            oidc_client_id: text(&lookup, "PORTAL_OIDC_CLIENT_ID", "portal"),
            oidc_client_secret: text(&lookup, "PORTAL_OIDC_CLIENT_SECRET", DEFAULT_OIDC_SECRET),
            // Sessions and signing in
            session_idle: duration("PORTAL_SESSION_IDLE_MINUTES", 30, 60)?,
            session_lifetime: duration("PORTAL_SESSION_MAX_HOURS", 12, 3600)?,
            sign_in_limit_per_minute: parse(&lookup, "PORTAL_SIGN_IN_LIMIT_PER_MINUTE", 10)?,
            trusted_proxies: trusted_proxies(&lookup)?,
            // Uploads, drafts and the background jobs
            upload_quota_bytes: 1024 * 1024 * parse(&lookup, "PORTAL_UPLOAD_QUOTA_MB", 50i64)?,
            draft_lifetime: duration("PORTAL_DRAFT_DAYS", 30, 86_400)?,
            retention_interval: duration("PORTAL_RETENTION_SECS", 3_600, 1)?
                .max(Duration::from_secs(1)),
            processing_interval: parse(&lookup, "PORTAL_PROCESSING_MS", 5_000)
                .map(Duration::from_millis)?,
            // Payments and decision documents
            payment_url: text(&lookup, "PORTAL_PAYMENT_URL", "http://127.0.0.1:3103"),
            payment_secret: text(&lookup, "PORTAL_PAYMENT_SECRET", DEFAULT_PAYMENT_SECRET),
            document_secret: text(&lookup, "PORTAL_DOCUMENT_SECRET", DEFAULT_DOCUMENT_SECRET),
            data_dir,
            database_url,
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
        match secrets
            .iter()
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

/// A setting's text, or `default` when it is not set.
fn text(lookup: &impl Fn(&str) -> Option<String>, name: &str, default: &str) -> String {
    lookup(name).unwrap_or_else(|| default.into())
}

/// A setting's directory, or `default` when it is not set.
fn path(lookup: &impl Fn(&str) -> Option<String>, name: &str, default: &str) -> PathBuf {
    PathBuf::from(lookup(name).as_deref().unwrap_or(default))
}

/// `PORTAL_TRUSTED_PROXIES`: comma-separated addresses; blanks between commas are skipped, and
/// the first address that does not parse is named.
fn trusted_proxies(
    lookup: &impl Fn(&str) -> Option<String>,
) -> Result<Vec<std::net::IpAddr>, String> {
    lookup("PORTAL_TRUSTED_PROXIES")
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|address| !address.is_empty())
        .map(|address| {
            address
                .parse()
                .map_err(|_| format!("PORTAL_TRUSTED_PROXIES has an invalid address: {address:?}"))
        })
        .collect()
}

fn parse<T: std::str::FromStr>(
    lookup: &impl Fn(&str) -> Option<String>,
    name: &str,
    default: T,
) -> Result<T, String> {
    match lookup(name) {
        None => Ok(default),
        Some(raw) => raw
            .trim()
            .parse()
            .map_err(|_| format!("{name} has an invalid value: {raw:?}")),
    }
}

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
        // Plain http (development, tests) keeps its defaults.
        assert!(Config::from_lookup(|_| None).is_ok());
    }
}
