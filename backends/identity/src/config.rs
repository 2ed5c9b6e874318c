//! Settings of the provider: where it listens, how it names itself, where the registry is, which
//! relying parties it knows, and the lifetimes that tests shorten.

use std::{net::SocketAddr, time::Duration};

pub use stand_in_support::ConfigError;
use stand_in_support::Vars;

/// A relying party registered with the provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Client {
    pub id: String,
    pub secret: String,
    /// Shown on the sign-in page so that the citizen knows which service asks.
    pub display_name: String,
    /// Redirect URIs compared by exact string match, as OpenID Connect requires.
    pub redirect_uris: Vec<String>,
    pub post_logout_redirect_uris: Vec<String>,
}

impl Client {
    /// The citizen portal as it runs on a developer's machine.
    pub fn portal() -> Self {
        Self {
            id: "portal".into(),
            secret: "portal-dev-secret".into(),
            display_name: "Cổng dịch vụ công".into(),
            redirect_uris: vec!["http://localhost:3000/auth/callback".into()],
            post_logout_redirect_uris: vec!["http://localhost:3000/".into()],
        }
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    pub bind: SocketAddr,
    /// The issuer and base of every advertised endpoint; `None` means `http://{bound address}`,
    /// which suits tests and the launcher binding port 0.
    pub public_url: Option<String>,
    pub registry_url: String,
    /// Bearer token the registry expects from this provider.
    pub registry_token: String,
    pub clients: Vec<Client>,
    pub code_lifetime: Duration,
    pub id_token_lifetime: Duration,
    pub access_token_lifetime: Duration,
    /// How long the provider's own browser session spares the citizen a password.
    pub session_lifetime: Duration,
    /// Wrong passwords for one ID number before it is locked.
    pub max_password_failures: u32,
    pub lockout_duration: Duration,
    /// Mounts `/admin/*` (key rotation). Never on in production-like runs.
    pub admin_enabled: bool,
    /// A passphrase from which signing keys are derived, for reproducible runs; random keys
    /// otherwise.
    pub key_seed: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            bind: SocketAddr::from(([127, 0, 0, 1], 3102)),
            public_url: None,
            registry_url: "http://127.0.0.1:3101".into(),
            registry_token: "identity-dev-secret".into(),
            clients: vec![Client::portal()],
            code_lifetime: Duration::from_secs(60),
            id_token_lifetime: Duration::from_secs(5 * 60),
            access_token_lifetime: Duration::from_secs(10 * 60),
            session_lifetime: Duration::from_secs(30 * 60),
            max_password_failures: 5,
            lockout_duration: Duration::from_secs(15 * 60),
            admin_enabled: false,
            key_seed: None,
        }
    }
}

impl Config {
    /// Reads `IDENTITY_*` variables over the defaults (the README lists them).
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_vars(&Vars::from_env())
    }

    fn from_vars(vars: &Vars) -> Result<Self, ConfigError> {
        let mut config = Config::default();
        if let Some(bind) = vars.parsed("IDENTITY_BIND", "an address")? {
            config.bind = bind;
        }
        config.public_url = vars.base_url("IDENTITY_PUBLIC_URL");
        if let Some(url) = vars.base_url("IDENTITY_REGISTRY_URL") {
            config.registry_url = url;
        }
        if let Some(token) = vars.text("IDENTITY_REGISTRY_TOKEN") {
            config.registry_token = token;
        }
        let portal = &mut config.clients[0];
        if let Some(secret) = vars.text("IDENTITY_PORTAL_SECRET") {
            portal.secret = secret;
        }
        if let Some(uris) = vars.list("IDENTITY_PORTAL_REDIRECT_URIS") {
            portal.redirect_uris = uris;
        }
        if let Some(uris) = vars.list("IDENTITY_PORTAL_POST_LOGOUT_URIS") {
            portal.post_logout_redirect_uris = uris;
        }
        if let Some(seconds) = vars.parsed("IDENTITY_CODE_LIFETIME_SECS", "a number of seconds")? {
            config.code_lifetime = Duration::from_secs(seconds);
        }
        if let Some(seconds) =
            vars.parsed("IDENTITY_SESSION_LIFETIME_SECS", "a number of seconds")?
        {
            config.session_lifetime = Duration::from_secs(seconds);
        }
        if let Some(admin) = vars.flag("IDENTITY_ADMIN") {
            config.admin_enabled = admin;
        }
        config.key_seed = vars
            .text("IDENTITY_KEY_SEED")
            .filter(|seed| !seed.is_empty());
        Ok(config)
    }

    pub fn client(&self, id: &str) -> Option<&Client> {
        self.clients.iter().find(|client| client.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        Config::from_vars(&Vars::from_pairs(pairs))
    }

    #[test]
    fn environment_overrides_defaults() {
        let config = from(&[
            ("IDENTITY_BIND", "127.0.0.1:4000"),
            ("IDENTITY_PUBLIC_URL", "https://id.example/"),
            ("IDENTITY_PORTAL_REDIRECT_URIS", "http://a/cb, http://b/cb"),
            ("IDENTITY_CODE_LIFETIME_SECS", "5"),
            ("IDENTITY_ADMIN", "true"),
        ])
        .unwrap();
        assert_eq!(config.bind.port(), 4000);
        assert_eq!(config.public_url.as_deref(), Some("https://id.example"));
        assert_eq!(
            config.clients[0].redirect_uris,
            ["http://a/cb", "http://b/cb"]
        );
        assert_eq!(config.code_lifetime, Duration::from_secs(5));
        assert!(config.admin_enabled);
    }

    #[test]
    fn rejects_unparsable_values() {
        assert!(from(&[("IDENTITY_BIND", "nowhere")]).is_err());
        assert!(from(&[("IDENTITY_CODE_LIFETIME_SECS", "soon")]).is_err());
    }

    #[test]
    fn defaults_register_the_portal() {
        let config = from(&[]).unwrap();
        let portal = config.client("portal").unwrap();
        assert_eq!(portal.secret, "portal-dev-secret");
        assert_eq!(
            portal.redirect_uris,
            ["http://localhost:3000/auth/callback"]
        );
        assert!(!config.admin_enabled);
    }
}
