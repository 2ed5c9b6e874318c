//! Settings of the gateway: where it listens, the base of the checkout URLs it hands out, the
//! merchants it knows, and whether the test-only admin endpoints are mounted.

use std::net::SocketAddr;

pub use stand_in_support::ConfigError;
use stand_in_support::Vars;

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
            secret: "portal-pay-secret".into(),
            display_name: "Cổng dịch vụ công".into(),
            return_url_prefixes: vec!["http://localhost:3000/".into()],
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
            bind: SocketAddr::from(([127, 0, 0, 1], 3103)),
            public_url: None,
            merchants: vec![Merchant::portal()],
            admin_enabled: false,
        }
    }
}

impl Config {
    /// Reads `PAYMENT_*` variables over the defaults (the README lists them).
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_vars(&Vars::from_env())
    }

    fn from_vars(vars: &Vars) -> Result<Self, ConfigError> {
        let mut config = Config::default();
        if let Some(bind) = vars.parsed("PAYMENT_BIND", "an address")? {
            config.bind = bind;
        }
        config.public_url = vars.base_url("PAYMENT_PUBLIC_URL");
        let portal = &mut config.merchants[0];
        if let Some(secret) = vars.text("PAYMENT_PORTAL_SECRET") {
            portal.secret = secret;
        }
        if let Some(prefixes) = vars.list("PAYMENT_PORTAL_RETURN_PREFIXES") {
            portal.return_url_prefixes = prefixes;
        }
        if let Some(admin) = vars.flag("PAYMENT_ADMIN") {
            config.admin_enabled = admin;
        }
        config.validate()?;
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

    fn from(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        Config::from_vars(&Vars::from_pairs(pairs))
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
        assert!(from(&[("PAYMENT_PORTAL_RETURN_PREFIXES", "http://localhost:3000")]).is_err());
        assert!(from(&[("PAYMENT_PORTAL_RETURN_PREFIXES", "javascript:alert(1)/")]).is_err());
    }
}
