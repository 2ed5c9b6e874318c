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
    /// `PORTAL_DRAFT_DAYS`, default 30: how long an untouched draft is kept.
    pub draft_lifetime: Duration,
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
        let data_dir =
            lookup("PORTAL_DATA_DIR").map_or_else(|| PathBuf::from("data"), PathBuf::from);
        let database_url = lookup("DATABASE_URL")
            .unwrap_or_else(|| format!("sqlite://{}", data_dir.join("portal.db").display()));
        let shared_database = parse(
            &lookup,
            "PORTAL_SHARED_DATABASE",
            crate::db::is_postgres(&database_url),
        )?;
        Ok(Self {
            addr,
            shared_database,
            public_url: lookup("PORTAL_PUBLIC_URL")
                .map(|url| url.trim_end_matches('/').to_string()),
            site_dir: lookup("PORTAL_SITE_DIR")
                .map_or_else(|| PathBuf::from("target/site"), PathBuf::from),
            request_timeout: Duration::from_secs(parse(
                &lookup,
                "PORTAL_REQUEST_TIMEOUT_SECS",
                30,
            )?),
            max_body_bytes: parse(&lookup, "PORTAL_MAX_BODY_BYTES", 65_536)?,
            registry_url: lookup("PORTAL_REGISTRY_URL")
                .unwrap_or_else(|| "http://127.0.0.1:3101".into()),
            registry_secret: lookup("PORTAL_REGISTRY_SECRET")
                .unwrap_or_else(|| "portal-dev-secret".into()),
            oidc_issuer: lookup("PORTAL_OIDC_ISSUER")
                .unwrap_or_else(|| "http://127.0.0.1:3102".into()),
            oidc_client_id: lookup("PORTAL_OIDC_CLIENT_ID").unwrap_or_else(|| "portal".into()),
            oidc_client_secret: lookup("PORTAL_OIDC_CLIENT_SECRET")
                .unwrap_or_else(|| "portal-dev-secret".into()),
            session_idle: Duration::from_secs(
                60 * parse(&lookup, "PORTAL_SESSION_IDLE_MINUTES", 30)?,
            ),
            session_lifetime: Duration::from_secs(
                3600 * parse(&lookup, "PORTAL_SESSION_MAX_HOURS", 12)?,
            ),
            sign_in_limit_per_minute: parse(&lookup, "PORTAL_SIGN_IN_LIMIT_PER_MINUTE", 10)?,
            draft_lifetime: Duration::from_secs(86_400 * parse(&lookup, "PORTAL_DRAFT_DAYS", 30)?),
            processing_interval: Duration::from_millis(parse(
                &lookup,
                "PORTAL_PROCESSING_MS",
                5_000,
            )?),
            payment_url: lookup("PORTAL_PAYMENT_URL")
                .unwrap_or_else(|| "http://127.0.0.1:3103".into()),
            payment_secret: lookup("PORTAL_PAYMENT_SECRET")
                .unwrap_or_else(|| "portal-pay-secret".into()),
            document_secret: lookup("PORTAL_DOCUMENT_SECRET")
                .unwrap_or_else(|| "portal-dev-document-secret".into()),
            data_dir,
            database_url,
        })
    }
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
}
