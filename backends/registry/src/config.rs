//! The registry's settings: from `REGISTRY_*` variables or the equivalent flags as its own
//! process (`registry --help`), or built in code by the local stack and the tests.

use crate::api::clients::ClientConfig;
use cli::settings::clap::{self, builder::BoolishValueParser, Parser};
use std::net::SocketAddr;
use time::Date;

#[derive(Debug, Clone)]
pub struct Config {
    pub addr: SocketAddr,
    /// SQLite file, or `:memory:`.
    pub database: String,
    pub seed: u64,
    pub citizens: usize,
    /// Mounts `/admin/*`.
    pub admin: bool,
    /// Fixes "today"; `None` means the current date in Vietnam.
    pub as_of: Option<Date>,
    pub clients: Vec<ClientConfig>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 3101)),
            database: "registry.sqlite3".to_owned(),
            seed: 6,
            citizens: 100_000,
            admin: false,
            as_of: None,
            clients: ClientConfig::defaults(),
        }
    }
}

/// The registry's settings as its own process.
#[derive(Parser, Debug)]
#[command(
    name = "registry",
    version,
    about = "Stand-in for the national population registry: a deterministic synthetic population behind an HTTP JSON API."
)]
pub struct Settings {
    /// Address to listen on
    #[arg(long, env = "REGISTRY_ADDR", default_value = "127.0.0.1:3101")]
    addr: SocketAddr,
    /// Listen on this port instead of the address's
    #[arg(long)]
    port: Option<u16>,
    /// SQLite file (created and populated when missing), or :memory:
    #[arg(long, env = "REGISTRY_DATABASE", default_value = "registry.sqlite3")]
    database: String,
    /// Seed of the synthetic population (6, for Project 06)
    #[arg(long, env = "REGISTRY_SEED", default_value_t = 6)]
    seed: u64,
    /// How many citizens to generate
    #[arg(long, env = "REGISTRY_CITIZENS", default_value_t = 100_000)]
    citizens: usize,
    /// Mounts /admin/* (1, true, yes or on); otherwise it answers 404
    #[arg(long, env = "REGISTRY_ADMIN", value_parser = BoolishValueParser::new())]
    admin: bool,
    /// Fixes "today" as YYYY-MM-DD [default: today in Vietnam (UTC+7)]
    #[arg(long, env = "REGISTRY_AS_OF", value_parser = date)]
    as_of: Option<Date>,
    /// The portal's bearer secret
    #[arg(
        long,
        env = "REGISTRY_PORTAL_SECRET",
        default_value = "portal-dev-secret",
        hide_env_values = true
    )]
    portal_secret: String,
    /// The identity provider's bearer secret
    #[arg(
        long,
        env = "REGISTRY_IDENTITY_SECRET",
        default_value = "identity-dev-secret",
        hide_env_values = true
    )]
    identity_secret: String,
    /// The hospitals' bearer secret
    #[arg(
        long,
        env = "REGISTRY_HOSPITAL_SECRET",
        default_value = "hospital-dev-secret",
        hide_env_values = true
    )]
    hospital_secret: String,
    /// The agencies' bearer secret, with which they write their decisions
    #[arg(
        long,
        env = "REGISTRY_AGENCY_SECRET",
        default_value = "agency-dev-secret",
        hide_env_values = true
    )]
    agency_secret: String,
}

fn date(value: &str) -> Result<Date, String> {
    Date::parse(
        value.trim(),
        &time::format_description::well_known::Iso8601::DATE,
    )
    .map_err(|_| "expected YYYY-MM-DD".to_owned())
}

impl Config {
    /// The configuration the settings describe.
    pub fn from_settings(settings: Settings) -> Self {
        let mut addr = settings.addr;
        if let Some(port) = settings.port {
            addr.set_port(port);
        }
        let mut clients = ClientConfig::defaults();
        for client in &mut clients {
            client.secret = match client.name.as_str() {
                "portal" => settings.portal_secret.clone(),
                "identity" => settings.identity_secret.clone(),
                "agency" => settings.agency_secret.clone(),
                _ => settings.hospital_secret.clone(),
            };
        }
        Self {
            addr,
            database: settings.database,
            seed: settings.seed,
            citizens: settings.citizens,
            admin: settings.admin,
            as_of: settings.as_of,
            clients,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cli::settings;

    #[test]
    fn defaults_then_env_then_flags() {
        let env = |name: &str| match name {
            "REGISTRY_SEED" => Some("9".to_owned()),
            "REGISTRY_ADMIN" => Some("1".to_owned()),
            "REGISTRY_PORTAL_SECRET" => Some("s3cret".to_owned()),
            _ => None,
        };
        let config = Config::from_settings(settings::from_lookup(env).unwrap());
        assert_eq!(config.seed, 9);
        assert!(config.admin);
        assert_eq!(config.clients[0].secret, "s3cret");
        assert_eq!(config.clients[1].secret, "identity-dev-secret");
        let flags = [
            "registry",
            "--port",
            "4000",
            "--citizens",
            "500",
            "--as-of",
            "2026-01-31",
        ];
        let config = Config::from_settings(settings::try_parse_from(flags).unwrap());
        assert_eq!(config.addr.to_string(), "127.0.0.1:4000");
        assert_eq!(config.citizens, 500);
        assert_eq!(config.as_of.map(|date| date.day()), Some(31));
        let error = settings::try_parse_from::<Settings>(["registry", "--as-of", "tomorrow"]);
        assert!(error.unwrap_err().to_string().contains("REGISTRY_AS_OF"));
        assert!(settings::try_parse_from::<Settings>(["registry", "--bogus", "1"]).is_err());
    }
}
