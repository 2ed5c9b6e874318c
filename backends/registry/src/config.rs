//! Configuration from environment variables, overridable by command-line flags.

use crate::api::clients::ClientConfig;
use stand_in_support::settings::{parse, Vars};
use std::net::SocketAddr;
use time::Date;

const ADDRESS: &str = "an address";
const NUMBER: &str = "a number";

#[derive(Debug, Clone)]
pub struct Config {
    /// `REGISTRY_ADDR` / `--addr`, default `127.0.0.1:3101`.
    pub addr: SocketAddr,
    /// `REGISTRY_DATABASE` / `--database`: SQLite file, or `:memory:`. Default `registry.sqlite3`.
    pub database: String,
    /// `REGISTRY_SEED` / `--seed`, default 6 (for Project 06).
    pub seed: u64,
    /// `REGISTRY_CITIZENS` / `--citizens`, default 100,000.
    pub citizens: usize,
    /// `REGISTRY_ADMIN=1` / `--admin` mounts `/admin/*`.
    pub admin: bool,
    /// `REGISTRY_AS_OF=YYYY-MM-DD` fixes "today"; by default the current date in Vietnam.
    pub as_of: Option<Date>,
    /// Secrets from `REGISTRY_PORTAL_SECRET`, `REGISTRY_IDENTITY_SECRET`,
    /// `REGISTRY_HOSPITAL_SECRET`; defaults `<client>-dev-secret`.
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

fn date(name: &str, value: &str) -> Result<Date, String> {
    Date::parse(
        value.trim(),
        &time::format_description::well_known::Iso8601::DATE,
    )
    .map_err(|_| format!("{name}: expected YYYY-MM-DD, got `{value}`"))
}

impl Config {
    /// Reads `REGISTRY_*` variables through `env`, then applies `args` (without the program name).
    pub fn from_sources(
        env: impl Fn(&str) -> Option<String>,
        args: &[String],
    ) -> Result<Self, String> {
        let vars = Vars::new(env);
        let mut config = Self::default();
        if let Some(addr) = vars.parsed("REGISTRY_ADDR", ADDRESS)? {
            config.addr = addr;
        }
        if let Some(database) = vars.text("REGISTRY_DATABASE") {
            config.database = database;
        }
        if let Some(seed) = vars.parsed("REGISTRY_SEED", NUMBER)? {
            config.seed = seed;
        }
        if let Some(citizens) = vars.parsed("REGISTRY_CITIZENS", NUMBER)? {
            config.citizens = citizens;
        }
        if let Some(admin) = vars.flag("REGISTRY_ADMIN") {
            config.admin = admin;
        }
        if let Some(value) = vars.text("REGISTRY_AS_OF") {
            config.as_of = Some(date("REGISTRY_AS_OF", &value)?);
        }
        for client in &mut config.clients {
            let name = format!("REGISTRY_{}_SECRET", client.name.to_uppercase());
            if let Some(secret) = vars.text(&name) {
                client.secret = secret;
            }
        }
        let mut args = args.iter();
        while let Some(flag) = args.next() {
            if flag == "--admin" {
                config.admin = true;
                continue;
            }
            let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
            match flag.as_str() {
                "--addr" => config.addr = parse(flag, value, ADDRESS)?,
                "--port" => config.addr.set_port(parse(flag, value, "a port number")?),
                "--database" => config.database = value.clone(),
                "--seed" => config.seed = parse(flag, value, NUMBER)?,
                "--citizens" => config.citizens = parse(flag, value, NUMBER)?,
                "--as-of" => config.as_of = Some(date(flag, value)?),
                other => return Err(format!("unknown flag {other}")),
            }
        }
        Ok(config)
    }

    pub fn from_env_and_args() -> Result<Self, String> {
        let args: Vec<String> = std::env::args().skip(1).collect();
        Self::from_sources(|name| std::env::var(name).ok(), &args)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_then_env_then_flags() {
        let env = |name: &str| match name {
            "REGISTRY_SEED" => Some("9".to_owned()),
            "REGISTRY_ADMIN" => Some("1".to_owned()),
            "REGISTRY_PORTAL_SECRET" => Some("s3cret".to_owned()),
            _ => None,
        };
        let args = vec![
            "--port".to_owned(),
            "4000".to_owned(),
            "--citizens".to_owned(),
            "500".to_owned(),
        ];
        let config = Config::from_sources(env, &args).unwrap();
        assert_eq!(config.seed, 9);
        assert!(config.admin);
        assert_eq!(config.addr.port(), 4000);
        assert_eq!(config.citizens, 500);
        assert_eq!(config.clients[0].secret, "s3cret");
        assert_eq!(config.clients[1].secret, "identity-dev-secret");
        assert!(Config::from_sources(|_| None, &["--seed".to_owned(), "x".to_owned()]).is_err());
        assert!(Config::from_sources(|_| None, &["--bogus".to_owned(), "1".to_owned()]).is_err());
    }
}
