//! Settings of the gateway: where it listens, the base of the checkout URLs it hands out, the
//! merchants it knows, and whether the test-only admin endpoints are mounted; as a process it
//! reads them from `PAYMENT_*` variables or the equivalent flags (`payment --help`).

use std::net::SocketAddr;

use cli::settings::{
    self,
    clap::{self, builder::BoolishValueParser, Parser},
};
pub use stand_in_support::ConfigError;

const DEFAULT_BIND: &str = "127.0.0.1:3103";
const DEFAULT_PORTAL_SECRET: &str = "portal-pay-secret";
const DEFAULT_PORTAL_RETURN_PREFIX: &str = "http://localhost:3000/";

/// The settings of the gateway as its own process, over the defaults of [`Config::default`].
#[derive(Parser, Debug)]
#[command(
    name = "payment",
    version,
    about = "Stand-in for the national payment gateway: a merchant API and a checkout page."
)]
pub struct Settings {
    /// Address to listen on
    #[arg(long, env = "PAYMENT_BIND", default_value = DEFAULT_BIND)]
    bind: SocketAddr,
    /// Base of every redirect_url [default: http://{bound address}]
    #[arg(long, env = "PAYMENT_PUBLIC_URL", value_parser = settings::base_url)]
    public_url: Option<String>,
    /// The portal's merchant API secret
    #[arg(long, env = "PAYMENT_PORTAL_SECRET", default_value = DEFAULT_PORTAL_SECRET, hide_env_values = true)]
    portal_secret: String,
    /// Where the portal's payments may return to: comma-separated http(s) URLs, each ending in /
    #[arg(long, env = "PAYMENT_PORTAL_RETURN_PREFIXES", value_parser = settings::list::<String>, default_value = DEFAULT_PORTAL_RETURN_PREFIX)]
    portal_return_prefixes: ::std::vec::Vec<String>,
    /// Mounts /admin/faults (true, 1, yes or on); never in production-like runs
    #[arg(long, env = "PAYMENT_ADMIN", value_parser = BoolishValueParser::new())]
    admin: bool,
}

/// A business allowed to take payments through the gateway.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merchant {
    pub id: String,
    /// The bearer token of its API calls.
    pub secret: String,
    /// Shown on the checkout page so that the citizen knows whom they pay.
    pub display_name: String,
    /// A payment's `return_url` must start with one of these; each ends with `/` so that a
    /// prefix cannot be stretched into another host (`http://localhost:3000.example`).
    pub return_url_prefixes: Vec<String>,
}

impl Merchant {
    /// The citizen portal as it runs on a developer's machine.
    pub fn portal() -> Self {
        Self {
            id: "portal".into(),
            secret: DEFAULT_PORTAL_SECRET.into(),
            display_name: "Cổng dịch vụ công".into(),
            return_url_prefixes: vec![DEFAULT_PORTAL_RETURN_PREFIX.into()],
        }
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    pub bind: SocketAddr,
    /// Base of every `redirect_url`; `None` means `http://{bound address}`, which suits tests
    /// and launchers binding port 0.
    pub public_url: Option<String>,
    pub merchants: Vec<Merchant>,
    /// Mounts `/admin/faults`. Never on in production-like runs.
    pub admin_enabled: bool,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            bind: DEFAULT_BIND.parse().expect("a valid address"),
            public_url: None,
            merchants: vec![Merchant::portal()],
            admin_enabled: false,
        }
    }
}

impl Config {
    /// The configuration the settings describe, or why it cannot be used.
    pub fn from_settings(settings: Settings) -> Result<Self, ConfigError> {
        let config = Config {
            bind: settings.bind,
            public_url: settings.public_url,
            merchants: vec![Merchant {
                secret: settings.portal_secret,
                return_url_prefixes: settings.portal_return_prefixes,
                ..Merchant::portal()
            }],
            admin_enabled: settings.admin,
        };
        config.validate().map_err(|error| {
            ConfigError::new(format!("PAYMENT_PORTAL_RETURN_PREFIXES: {error}"))
        })?;
        Ok(config)
    }

    /// Refuses prefixes that would let a return URL leave the merchant's own site.
    pub fn validate(&self) -> Result<(), ConfigError> {
        for merchant in &self.merchants {
            for prefix in &merchant.return_url_prefixes {
                let parsed = url::Url::parse(prefix).ok();
                let web = parsed
                    .as_ref()
                    .is_some_and(|url| matches!(url.scheme(), "http" | "https"));
                if !web || !prefix.ends_with('/') {
                    return Err(ConfigError::new(format!(
                        "return URL prefix of merchant {} must be an http(s) URL ending in '/': {prefix}",
                        merchant.id
                    )));
                }
            }
        }
        Ok(())
    }

    /// The merchant whose API secret this is.
    pub fn merchant_by_secret(&self, given: &str) -> Option<&Merchant> {
        use subtle::ConstantTimeEq;
        self.merchants
            .iter()
            .find(|merchant| bool::from(merchant.secret.as_bytes().ct_eq(given.as_bytes())))
    }

    pub fn merchant(&self, id: &str) -> Option<&Merchant> {
        self.merchants.iter().find(|merchant| merchant.id == id)
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
        let settings = settings::from_lookup(lookup).map_err(|error| error.to_string())?;
        Config::from_settings(settings).map_err(|error| error.to_string())
    }

    #[test]
    fn defaults_register_the_portal_on_port_3103() {
        let config = from(&[]).unwrap();
        assert_eq!(config.bind.to_string(), "127.0.0.1:3103");
        let portal = config.merchant_by_secret("portal-pay-secret").unwrap();
        assert_eq!(portal.id, "portal");
        assert_eq!(portal.return_url_prefixes, ["http://localhost:3000/"]);
        assert!(config.merchant_by_secret("portal-pay-secre").is_none());
        assert!(!config.admin_enabled);
    }

    #[test]
    fn environment_overrides_defaults() {
        let config = from(&[
            ("PAYMENT_BIND", "127.0.0.1:4103"),
            ("PAYMENT_PUBLIC_URL", "https://pay.example/"),
            ("PAYMENT_PORTAL_SECRET", "s3cret"),
            (
                "PAYMENT_PORTAL_RETURN_PREFIXES",
                "http://a/, https://b/pay/",
            ),
            ("PAYMENT_ADMIN", "true"),
        ])
        .unwrap();
        assert_eq!(config.bind.port(), 4103);
        assert_eq!(config.public_url.as_deref(), Some("https://pay.example"));
        assert_eq!(config.merchants[0].secret, "s3cret");
        assert_eq!(
            config.merchants[0].return_url_prefixes,
            ["http://a/", "https://b/pay/"]
        );
        assert!(config.admin_enabled);
    }

    #[test]
    fn refuses_unusable_values() {
        assert!(from(&[("PAYMENT_BIND", "nowhere")]).is_err());
        let error =
            from(&[("PAYMENT_PORTAL_RETURN_PREFIXES", "http://localhost:3000")]).unwrap_err();
        assert!(error.contains("PAYMENT_PORTAL_RETURN_PREFIXES"), "{error}");
        assert!(from(&[("PAYMENT_PORTAL_RETURN_PREFIXES", "javascript:alert(1)/")]).is_err());
    }
}
