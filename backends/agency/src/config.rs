//! Settings of the agency stand-in: where it listens, where its cases are kept, the token the
//! portal presents, how quickly the automatic mode decides, and whether the operator routes are
//! mounted; as a process it reads them from `AGENCY_*` variables or the equivalent flags
//! (`agency --help`).

use std::{net::SocketAddr, time::Duration};

use cli::settings::clap::{self, builder::BoolishValueParser, Parser};
pub use stand_in_support::ConfigError;

/// The portal's token when none is configured: named so that nobody mistakes it for a real
/// secret, as the other stand-ins name theirs (`portal-dev-secret`, `portal-pay-secret`).
pub const DEVELOPMENT_PORTAL_TOKEN: &str = "portal-agency-dev-secret";

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
    /// How long an automatic agency takes for each step, in milliseconds
    #[arg(long, env = "AGENCY_AUTOMATIC_DELAY_MS", default_value_t = 300)]
    automatic_delay_ms: u64,
    /// Mounts /admin/* (true, 1, yes or on); never in production-like runs
    #[arg(long, env = "AGENCY_ADMIN", value_parser = BoolishValueParser::new())]
    admin: bool,
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
    /// `AGENCY_AUTOMATIC_DELAY_MS`: how long an automatic agency takes for each step, unless an
    /// operator set another delay for the agency or the service.
    pub automatic_delay: Duration,
    /// `AGENCY_ADMIN`: mounts `/admin/*` (switching modes, acting as an officer). Off by default.
    pub admin_enabled: bool,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            bind: SocketAddr::from(([127, 0, 0, 1], 3104)),
            database: None,
            portal_token: DEVELOPMENT_PORTAL_TOKEN.to_owned(),
            automatic_delay: Duration::from_millis(300),
            admin_enabled: false,
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
            automatic_delay: Duration::from_millis(settings.automatic_delay_ms),
            admin_enabled: settings.admin,
        };
        config.validate()?;
        Ok(config)
    }

    /// Refuses a token too short to be a secret, so that an empty variable does not open the API.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.portal_token.len() < MINIMUM_TOKEN_LENGTH {
            return Err(ConfigError::new(format!(
                "AGENCY_PORTAL_TOKEN must be at least {MINIMUM_TOKEN_LENGTH} characters"
            )));
        }
        Ok(())
    }

    /// Whether `given` is the portal's token, compared in constant time.
    pub fn is_portal_token(&self, given: &str) -> bool {
        use subtle::ConstantTimeEq;
        bool::from(self.portal_token.as_bytes().ct_eq(given.as_bytes()))
    }

    /// Whether the portal still uses the development token, which the process warns about.
    pub fn uses_development_token(&self) -> bool {
        self.portal_token == DEVELOPMENT_PORTAL_TOKEN
    }
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
        assert_eq!(config.automatic_delay, Duration::from_millis(300));
        assert!(!config.admin_enabled);
    }

    #[test]
    fn environment_overrides_defaults() {
        let config = from(&[
            ("AGENCY_BIND", "127.0.0.1:4104"),
            ("AGENCY_DATABASE", "/var/lib/agency.sqlite3"),
            ("AGENCY_PORTAL_TOKEN", "a-much-longer-secret"),
            ("AGENCY_AUTOMATIC_DELAY_MS", "50"),
            ("AGENCY_ADMIN", "1"),
        ])
        .unwrap();
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
    }
}
