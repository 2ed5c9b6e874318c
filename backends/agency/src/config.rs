//! Settings of the agency stand-in: where it listens, where its cases are kept, the tokens the
//! portal and the operator present, the registry the decisions are written to, how quickly the
//! automatic mode decides, and whether the operator routes are mounted; as a process it reads them from `AGENCY_*` variables or the
//! equivalent flags (`agency --help`).

use std::{net::SocketAddr, time::Duration};

use cli::settings::clap::{self, builder::BoolishValueParser, Parser};
pub use stand_in_support::ConfigError;

use crate::workbench::{self, WorkbenchConfig};

/// The portal's token when none is configured: named so that nobody mistakes it for a real
/// secret, as the other stand-ins name theirs (`portal-dev-secret`, `portal-pay-secret`).
pub const DEVELOPMENT_PORTAL_TOKEN: &str = "portal-agency-dev-secret";

/// The operator's token when none is configured, named the same way.
pub const DEVELOPMENT_ADMIN_TOKEN: &str = "agency-admin-dev-secret";

/// The registry stand-in's development secret for the agencies' writes (its
/// `REGISTRY_AGENCY_SECRET` default).
pub const DEVELOPMENT_REGISTRY_TOKEN: &str = "agency-dev-secret";

/// Shorter tokens are refused: a token is a password the portal and the agencies share.
const MINIMUM_TOKEN_LENGTH: usize = 16;

/// The settings of the agency stand-in as its own process, over the defaults of
/// [`Config::default`].
#[derive(Parser, Debug)]
#[command(
    name = "agency",
    version,
    about = "Stand-in for the agencies' case systems: the portal hands applications over and polls their changes."
)]
pub struct Settings {
    /// Address to listen on
    #[arg(long, env = "AGENCY_BIND", default_value = "127.0.0.1:3104")]
    bind: SocketAddr,
    /// SQLite file of the cases [default: in memory, which a restart forgets]
    #[arg(long, env = "AGENCY_DATABASE")]
    database: Option<String>,
    /// The bearer token of the portal's calls (at least 16 characters)
    #[arg(long, env = "AGENCY_PORTAL_TOKEN", default_value = DEVELOPMENT_PORTAL_TOKEN, hide_env_values = true)]
    portal_token: String,
    /// The bearer token of the operator routes (at least 16 characters)
    #[arg(long, env = "AGENCY_ADMIN_TOKEN", default_value = DEVELOPMENT_ADMIN_TOKEN, hide_env_values = true)]
    admin_token: String,
    /// The registry's base URL, where approved decisions are written
    #[arg(
        long,
        env = "AGENCY_REGISTRY_URL",
        default_value = "http://127.0.0.1:3101"
    )]
    registry_url: String,
    /// The agencies' bearer token at the registry
    #[arg(long, env = "AGENCY_REGISTRY_TOKEN", default_value = DEVELOPMENT_REGISTRY_TOKEN, hide_env_values = true)]
    registry_token: String,
    /// How long an automatic agency takes for each step, in milliseconds
    #[arg(long, env = "AGENCY_AUTOMATIC_DELAY_MS", default_value_t = 300)]
    automatic_delay_ms: u64,
    /// Mounts /admin/* (true, 1, yes or on); never in production-like runs
    #[arg(long, env = "AGENCY_ADMIN", value_parser = BoolishValueParser::new())]
    admin: bool,
    #[command(flatten)]
    workbench: workbench::Settings,
}

#[derive(Debug, Clone)]
pub struct Config {
    /// `AGENCY_BIND`, default `127.0.0.1:3104`.
    pub bind: SocketAddr,
    /// `AGENCY_DATABASE`: the SQLite file of the cases; `None` (the default) keeps them in
    /// memory, which a restart forgets.
    pub database: Option<String>,
    /// `AGENCY_PORTAL_TOKEN`: the bearer token of every `/v1/` call.
    pub portal_token: String,
    /// `AGENCY_ADMIN_TOKEN`: the bearer token of every `/admin/` call, apart from the portal's
    /// so that the portal cannot decide its own cases.
    pub admin_token: String,
    /// `AGENCY_REGISTRY_URL`: the registry's base URL, without a trailing slash; approving a
    /// case writes its decision there.
    pub registry_url: String,
    /// `AGENCY_REGISTRY_TOKEN`: the agencies' bearer token at the registry.
    pub registry_token: String,
    /// `AGENCY_AUTOMATIC_DELAY_MS`: how long an automatic agency takes for each step, unless an
    /// operator set another delay for the agency or the service.
    pub automatic_delay: Duration,
    /// `AGENCY_ADMIN`: mounts `/admin/*` (switching modes, acting as an officer). Off by default.
    pub admin_enabled: bool,
    /// The officers' workbench: the eID it signs officers in with, and who they are.
    pub workbench: WorkbenchConfig,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            bind: SocketAddr::from(([127, 0, 0, 1], 3104)),
            database: None,
            portal_token: DEVELOPMENT_PORTAL_TOKEN.to_owned(),
            admin_token: DEVELOPMENT_ADMIN_TOKEN.to_owned(),
            registry_url: "http://127.0.0.1:3101".to_owned(),
            registry_token: DEVELOPMENT_REGISTRY_TOKEN.to_owned(),
            automatic_delay: Duration::from_millis(300),
            admin_enabled: false,
            workbench: WorkbenchConfig::default(),
        }
    }
}

impl Config {
    /// The configuration the settings describe, or why it cannot be used.
    pub fn from_settings(settings: Settings) -> Result<Self, ConfigError> {
        let config = Self {
            bind: settings.bind,
            database: settings
                .database
                .filter(|path| !path.trim().is_empty() && path != ":memory:"),
            portal_token: settings.portal_token,
            admin_token: settings.admin_token,
            registry_url: settings.registry_url.trim_end_matches('/').to_owned(),
            registry_token: settings.registry_token,
            automatic_delay: Duration::from_millis(settings.automatic_delay_ms),
            admin_enabled: settings.admin,
            workbench: WorkbenchConfig::from_settings(settings.workbench),
        };
        config.validate()?;
        Ok(config)
    }

    /// Refuses a registry URL that is not HTTP(S), a token too short to be a secret, so that an empty variable does not open the
    /// API; a token that is not visible ASCII, which no `Authorization` header could carry as
    /// written; and the published development tokens on an address other machines reach.
    pub fn validate(&self) -> Result<(), ConfigError> {
        for (name, token, development) in [
            (
                "AGENCY_PORTAL_TOKEN",
                &self.portal_token,
                DEVELOPMENT_PORTAL_TOKEN,
            ),
            (
                "AGENCY_ADMIN_TOKEN",
                &self.admin_token,
                DEVELOPMENT_ADMIN_TOKEN,
            ),
            (
                "AGENCY_REGISTRY_TOKEN",
                &self.registry_token,
                DEVELOPMENT_REGISTRY_TOKEN,
            ),
            (
                "AGENCY_OIDC_CLIENT_SECRET",
                &self.workbench.oidc_client_secret,
                workbench::DEVELOPMENT_OIDC_SECRET,
            ),
        ] {
            if token.len() < MINIMUM_TOKEN_LENGTH {
                return Err(ConfigError::new(format!(
                    "{name} must be at least {MINIMUM_TOKEN_LENGTH} characters"
                )));
            }
            if !token.bytes().all(|byte| byte.is_ascii_graphic()) {
                return Err(ConfigError::new(format!(
                    "{name} must be visible ASCII characters (no spaces or control characters)"
                )));
            }
            if token == development && !self.bind.ip().is_loopback() {
                return Err(ConfigError::new(format!(
                    "{name} must be set when AGENCY_BIND is not a loopback address: the \
                     development token is published"
                )));
            }
            if token == development && self.workbench.is_public() {
                return Err(ConfigError::new(format!(
                    "{name} must be set when AGENCY_PUBLIC_URL is https: the development \
                     token is published"
                )));
            }
        }
        if !(self.registry_url.starts_with("http://") || self.registry_url.starts_with("https://"))
        {
            return Err(ConfigError::new(
                "AGENCY_REGISTRY_URL must be an http:// or https:// URL",
            ));
        }
        self.workbench.validate()
    }

    /// Whether `given` is the portal's token.
    pub fn is_portal_token(&self, given: &str) -> bool {
        same_token(&self.portal_token, given)
    }

    /// Whether `given` is the operator's token.
    pub fn is_admin_token(&self, given: &str) -> bool {
        same_token(&self.admin_token, given)
    }

    /// Whether a development token is still in use, which the process warns about.
    pub fn uses_development_token(&self) -> bool {
        self.portal_token == DEVELOPMENT_PORTAL_TOKEN
            || self.admin_token == DEVELOPMENT_ADMIN_TOKEN
            || self.registry_token == DEVELOPMENT_REGISTRY_TOKEN
            || self.workbench.oidc_client_secret == workbench::DEVELOPMENT_OIDC_SECRET
    }
}

/// Compares the SHA-256 digests of both tokens in constant time: comparing the tokens
/// themselves would end early on a length that differs, and the time taken would tell it.
fn same_token(expected: &str, given: &str) -> bool {
    use sha2::{Digest, Sha256};
    use subtle::ConstantTimeEq;
    bool::from(
        Sha256::digest(expected.as_bytes())
            .as_slice()
            .ct_eq(Sha256::digest(given.as_bytes()).as_slice()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from(pairs: &[(&str, &str)]) -> Result<Config, String> {
        let lookup = |name: &str| {
            let pair = pairs.iter().find(|(key, _)| *key == name);
            pair.map(|(_, value)| (*value).to_owned())
        };
        let settings = cli::settings::from_lookup(lookup).map_err(|error| error.to_string())?;
        Config::from_settings(settings).map_err(|error| error.to_string())
    }

    #[test]
    fn defaults_listen_on_3104_in_memory_with_the_development_token() {
        let config = from(&[]).unwrap();
        assert_eq!(config.bind.to_string(), "127.0.0.1:3104");
        assert_eq!(config.database, None);
        assert!(config.is_portal_token(DEVELOPMENT_PORTAL_TOKEN));
        assert!(config.uses_development_token());
        assert!(!config.is_portal_token("portal-agency-dev-secre"));
        assert!(config.is_admin_token(DEVELOPMENT_ADMIN_TOKEN));
        assert!(!config.is_portal_token(DEVELOPMENT_ADMIN_TOKEN));
        assert_eq!(config.automatic_delay, Duration::from_millis(300));
        assert!(!config.admin_enabled);
        assert_eq!(config.registry_url, "http://127.0.0.1:3101");
        assert_eq!(config.registry_token, DEVELOPMENT_REGISTRY_TOKEN);
    }

    #[test]
    fn environment_overrides_defaults() {
        let config = from(&[
            ("AGENCY_BIND", "127.0.0.1:4104"),
            ("AGENCY_DATABASE", "/var/lib/agency.sqlite3"),
            ("AGENCY_PORTAL_TOKEN", "a-much-longer-secret"),
            ("AGENCY_ADMIN_TOKEN", "an-operator-secret-1"),
            ("AGENCY_AUTOMATIC_DELAY_MS", "50"),
            ("AGENCY_ADMIN", "1"),
            ("AGENCY_PUBLIC_URL", "https://agency.example/"),
            ("AGENCY_OIDC_ISSUER", "https://eid.example"),
            (
                "AGENCY_OFFICERS",
                "079090000011=police-residence:79, 001085000021=tax",
            ),
            ("AGENCY_REGISTRY_URL", "https://registry.example/"),
            ("AGENCY_REGISTRY_TOKEN", "a-registry-secret-1"),
            ("AGENCY_OIDC_CLIENT_SECRET", "an-eid-client-secret"),
        ])
        .unwrap();
        assert_eq!(
            config.workbench.public_url.as_deref(),
            Some("https://agency.example")
        );
        assert_eq!(config.workbench.oidc_issuer, "https://eid.example");
        assert_eq!(config.workbench.officers.len(), 2);
        assert_eq!(config.workbench.officers[1].agency, "tax");
        assert_eq!(config.registry_url, "https://registry.example");
        assert_eq!(config.registry_token, "a-registry-secret-1");
        assert_eq!(config.bind.port(), 4104);
        assert_eq!(config.database.as_deref(), Some("/var/lib/agency.sqlite3"));
        assert!(config.is_portal_token("a-much-longer-secret"));
        assert!(!config.uses_development_token());
        assert_eq!(config.automatic_delay, Duration::from_millis(50));
        assert!(config.admin_enabled);
        assert_eq!(
            from(&[("AGENCY_DATABASE", ":memory:")]).unwrap().database,
            None
        );
    }

    #[test]
    fn refuses_unusable_values() {
        assert!(from(&[("AGENCY_BIND", "nowhere")]).is_err());
        assert!(from(&[("AGENCY_AUTOMATIC_DELAY_MS", "soon")]).is_err());
        let short = from(&[("AGENCY_PORTAL_TOKEN", " ")]).unwrap_err();
        assert!(short.contains("AGENCY_PORTAL_TOKEN"), "{short}");
        let short = from(&[("AGENCY_ADMIN_TOKEN", "short")]).unwrap_err();
        assert!(short.contains("AGENCY_ADMIN_TOKEN"), "{short}");
        let spaced = from(&[("AGENCY_ADMIN_TOKEN", "a secret with spaces")]).unwrap_err();
        assert!(spaced.contains("visible ASCII"), "{spaced}");
        let published = from(&[
            ("AGENCY_BIND", "0.0.0.0:3104"),
            ("AGENCY_ADMIN_TOKEN", "an-operator-secret-1"),
        ])
        .unwrap_err();
        assert!(published.contains("AGENCY_PORTAL_TOKEN"), "{published}");
        let twice = from(&[(
            "AGENCY_OFFICERS",
            "079090000011=police-residence:79,079090000011=tax",
        )])
        .unwrap_err();
        assert!(twice.contains("exactly one agency"), "{twice}");
        assert!(from(&[("AGENCY_OFFICERS", "079090000011=nowhere")]).is_err());
        let published = from(&[
            ("AGENCY_BIND", "0.0.0.0:3104"),
            ("AGENCY_PORTAL_TOKEN", "a-portal-secret-12"),
            ("AGENCY_ADMIN_TOKEN", "an-operator-secret-1"),
        ])
        .unwrap_err();
        assert!(published.contains("AGENCY_REGISTRY_TOKEN"), "{published}");
        let tokens = [
            ("AGENCY_PORTAL_TOKEN", "a-portal-secret-12"),
            ("AGENCY_ADMIN_TOKEN", "an-operator-secret-1"),
            ("AGENCY_REGISTRY_TOKEN", "a-registry-secret-1"),
        ];
        let published =
            from(&[&tokens[..], &[("AGENCY_BIND", "0.0.0.0:3104")]].concat()).unwrap_err();
        assert!(
            published.contains("AGENCY_OIDC_CLIENT_SECRET"),
            "{published}"
        );
        let public = [("AGENCY_PUBLIC_URL", "https://agency.example")];
        let published = from(&[&tokens[..], &public].concat()).unwrap_err();
        assert!(
            published.contains("AGENCY_PUBLIC_URL is https"),
            "{published}"
        );
        let nowhere = from(&[("AGENCY_REGISTRY_URL", "registry:3101")]).unwrap_err();
        assert!(nowhere.contains("AGENCY_REGISTRY_URL"), "{nowhere}");
        let secret = [("AGENCY_OIDC_CLIENT_SECRET", "an-eid-client-secret")];
        let config =
            from(&[&tokens[..], &secret, &[("AGENCY_BIND", "0.0.0.0:3104")]].concat()).unwrap();
        assert!(config.is_admin_token("an-operator-secret-1"));
        assert!(!config.is_admin_token("a-portal-secret-12"));
    }
}
