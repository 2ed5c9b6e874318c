//! Settings of the provider: where it listens, how it names itself, where the registry is, which
//! relying parties it knows, and the lifetimes that tests shorten; as a process it reads them
//! from `IDENTITY_*` variables or the equivalent flags (`identity --help`).

use std::{net::SocketAddr, time::Duration};

use cli::settings::{
    self,
    clap::{self, builder::BoolishValueParser, Parser},
};

const DEFAULT_BIND: &str = "127.0.0.1:3102";
const DEFAULT_REGISTRY_URL: &str = "http://127.0.0.1:3101";
const DEFAULT_REGISTRY_TOKEN: &str = "identity-dev-secret";
const DEFAULT_PORTAL_SECRET: &str = "portal-dev-secret";
const DEFAULT_PORTAL_REDIRECT_URI: &str = "http://localhost:3000/auth/callback";
const DEFAULT_PORTAL_POST_LOGOUT_URI: &str = "http://localhost:3000/";
const DEFAULT_AGENCY_SECRET: &str = "agency-oidc-dev-secret";
const DEFAULT_AGENCY_REDIRECT_URI: &str = "http://127.0.0.1:3104/workbench/callback";
const DEFAULT_CODE_LIFETIME_SECS: u64 = 60;
const DEFAULT_SESSION_LIFETIME_SECS: u64 = 30 * 60;

/// The settings of the provider as its own process, over the defaults of [`Config::default`].
#[derive(Parser, Debug)]
#[command(
    name = "identity",
    version,
    about = "Stand-in for the national eID: an OpenID Connect provider with a sign-in page."
)]
pub struct Settings {
    /// Address to listen on
    #[arg(long, env = "IDENTITY_BIND", default_value = DEFAULT_BIND)]
    bind: SocketAddr,
    /// The issuer and base of every endpoint [default: http://{bound address}]
    #[arg(long, env = "IDENTITY_PUBLIC_URL", value_parser = settings::base_url)]
    public_url: Option<String>,
    /// The population registry
    #[arg(long, env = "IDENTITY_REGISTRY_URL", value_parser = settings::base_url, default_value = DEFAULT_REGISTRY_URL)]
    registry_url: String,
    /// Bearer token the registry expects from this provider
    #[arg(long, env = "IDENTITY_REGISTRY_TOKEN", default_value = DEFAULT_REGISTRY_TOKEN, hide_env_values = true)]
    registry_token: String,
    /// The portal's client secret
    #[arg(long, env = "IDENTITY_PORTAL_SECRET", default_value = DEFAULT_PORTAL_SECRET, hide_env_values = true)]
    portal_secret: String,
    /// The portal's redirect URIs, comma-separated
    #[arg(long, env = "IDENTITY_PORTAL_REDIRECT_URIS", value_parser = settings::list::<String>, default_value = DEFAULT_PORTAL_REDIRECT_URI)]
    portal_redirect_uris: ::std::vec::Vec<String>,
    /// Where the portal may send citizens after signing out, comma-separated
    #[arg(long, env = "IDENTITY_PORTAL_POST_LOGOUT_URIS", value_parser = settings::list::<String>, default_value = DEFAULT_PORTAL_POST_LOGOUT_URI)]
    portal_post_logout_uris: ::std::vec::Vec<String>,
    /// The agency stand-in's client secret (its officers' workbench)
    #[arg(long, env = "IDENTITY_AGENCY_SECRET", default_value = DEFAULT_AGENCY_SECRET, hide_env_values = true)]
    agency_secret: String,
    /// The agency stand-in's redirect URIs, comma-separated
    #[arg(long, env = "IDENTITY_AGENCY_REDIRECT_URIS", value_parser = settings::list::<String>, default_value = DEFAULT_AGENCY_REDIRECT_URI)]
    agency_redirect_uris: ::std::vec::Vec<String>,
    /// How long an authorization code may be redeemed, in seconds
    #[arg(long, env = "IDENTITY_CODE_LIFETIME_SECS", default_value_t = DEFAULT_CODE_LIFETIME_SECS)]
    code_lifetime_secs: u64,
    /// How long the provider's own session spares the citizen a password, in seconds
    #[arg(long, env = "IDENTITY_SESSION_LIFETIME_SECS", default_value_t = DEFAULT_SESSION_LIFETIME_SECS)]
    session_lifetime_secs: u64,
    /// Mounts /admin/rotate-keys (true, 1, yes or on); never in production-like runs
    #[arg(long, env = "IDENTITY_ADMIN", value_parser = BoolishValueParser::new())]
    admin: bool,
    /// Derives the signing keys, so that every run has the same ones [default: random keys]
    #[arg(long, env = "IDENTITY_KEY_SEED", hide_env_values = true)]
    key_seed: Option<String>,
}

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
            secret: DEFAULT_PORTAL_SECRET.into(),
            display_name: "Cổng dịch vụ công".into(),
            redirect_uris: vec![DEFAULT_PORTAL_REDIRECT_URI.into()],
            post_logout_redirect_uris: vec![DEFAULT_PORTAL_POST_LOGOUT_URI.into()],
        }
    }

    /// The agency stand-in's officers' workbench as it runs on a developer's machine.
    pub fn agency() -> Self {
        Self {
            id: "agency".into(),
            secret: DEFAULT_AGENCY_SECRET.into(),
            display_name: "Hệ thống xử lý hồ sơ của cơ quan".into(),
            redirect_uris: vec![DEFAULT_AGENCY_REDIRECT_URI.into()],
            post_logout_redirect_uris: Vec::new(),
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
            bind: DEFAULT_BIND.parse().expect("a valid address"),
            public_url: None,
            registry_url: DEFAULT_REGISTRY_URL.into(),
            registry_token: DEFAULT_REGISTRY_TOKEN.into(),
            clients: vec![Client::portal(), Client::agency()],
            code_lifetime: Duration::from_secs(DEFAULT_CODE_LIFETIME_SECS),
            id_token_lifetime: Duration::from_secs(5 * 60),
            access_token_lifetime: Duration::from_secs(10 * 60),
            session_lifetime: Duration::from_secs(DEFAULT_SESSION_LIFETIME_SECS),
            max_password_failures: 5,
            lockout_duration: Duration::from_secs(15 * 60),
            admin_enabled: false,
            key_seed: None,
        }
    }
}

impl Config {
    /// The configuration the settings describe.
    pub fn from_settings(settings: Settings) -> Self {
        Config {
            bind: settings.bind,
            public_url: settings.public_url,
            registry_url: settings.registry_url,
            registry_token: settings.registry_token,
            clients: vec![
                Client {
                    secret: settings.portal_secret,
                    redirect_uris: settings.portal_redirect_uris,
                    post_logout_redirect_uris: settings.portal_post_logout_uris,
                    ..Client::portal()
                },
                Client {
                    secret: settings.agency_secret,
                    redirect_uris: settings.agency_redirect_uris,
                    ..Client::agency()
                },
            ],
            code_lifetime: Duration::from_secs(settings.code_lifetime_secs),
            session_lifetime: Duration::from_secs(settings.session_lifetime_secs),
            admin_enabled: settings.admin,
            // An empty seed is no seed, as when the variable is unset.
            key_seed: settings.key_seed.filter(|seed| !seed.is_empty()),
            ..Config::default()
        }
    }

    pub fn client(&self, id: &str) -> Option<&Client> {
        self.clients.iter().find(|client| client.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from(pairs: &[(&str, &str)]) -> Result<Config, settings::clap::Error> {
        let lookup = |name: &str| {
            let pair = pairs.iter().find(|(key, _)| *key == name);
            pair.map(|(_, value)| (*value).to_owned())
        };
        settings::from_lookup(lookup).map(Config::from_settings)
    }

    #[test]
    fn environment_overrides_defaults() {
        let config = from(&[
            ("IDENTITY_BIND", "127.0.0.1:4000"),
            ("IDENTITY_PUBLIC_URL", "https://id.example/"),
            ("IDENTITY_PORTAL_REDIRECT_URIS", "http://a/cb, http://b/cb"),
            ("IDENTITY_CODE_LIFETIME_SECS", "5"),
            ("IDENTITY_ADMIN", "true"),
            (
                "IDENTITY_AGENCY_REDIRECT_URIS",
                "https://agency.example/workbench/callback",
            ),
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
        assert_eq!(
            config.client("agency").unwrap().redirect_uris,
            ["https://agency.example/workbench/callback"]
        );
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
        let agency = config.client("agency").unwrap();
        assert_eq!(agency.secret, "agency-oidc-dev-secret");
        assert_eq!(
            agency.redirect_uris,
            ["http://127.0.0.1:3104/workbench/callback"]
        );
        assert!(!config.admin_enabled);
    }
}
