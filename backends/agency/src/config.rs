//! Settings of the agency stand-in: where it listens, where its cases are kept, the token the
//! portal presents, how quickly the automatic mode decides, and whether the operator routes are
//! mounted.

use std::{net::SocketAddr, time::Duration};

pub use stand_in_support::ConfigError;
use stand_in_support::Vars;

/// The portal's token when none is configured: named so that nobody mistakes it for a real
/// secret, as the other stand-ins name theirs (`portal-dev-secret`, `portal-pay-secret`).
pub const DEVELOPMENT_PORTAL_TOKEN: &str = "portal-agency-dev-secret";

/// Shorter tokens are refused: a token is a password the portal and the agencies share.
const MINIMUM_TOKEN_LENGTH: usize = 16;

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
    /// Reads `AGENCY_*` variables over the defaults (the README lists them).
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_vars(&Vars::from_env())
    }

    fn from_vars(vars: &Vars) -> Result<Self, ConfigError> {
        let mut config = Self::default();
        if let Some(bind) = vars.parsed("AGENCY_BIND", "an address")? {
            config.bind = bind;
        }
        config.database = vars
            .text("AGENCY_DATABASE")
            .map(|path| path.trim().to_owned())
            .filter(|path| !path.is_empty() && path != ":memory:");
        if let Some(token) = vars.text("AGENCY_PORTAL_TOKEN") {
            config.portal_token = token.trim().to_owned();
        }
        if let Some(delay) = vars.parsed::<u64>("AGENCY_AUTOMATIC_DELAY_MS", "a number")? {
            config.automatic_delay = Duration::from_millis(delay);
        }
        if let Some(admin) = vars.flag("AGENCY_ADMIN") {
            config.admin_enabled = admin;
        }
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

    fn from(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        Config::from_vars(&Vars::from_pairs(pairs))
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
        assert!(short.to_string().contains("AGENCY_PORTAL_TOKEN"), "{short}");
    }
}
