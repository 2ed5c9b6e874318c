//! Settings from environment variables: each stand-in starts from its defaults and lets a
//! variable override one field, refusing a value it cannot read rather than guessing.

use std::{collections::HashMap, env, fmt, str::FromStr};

/// A setting that cannot be used, named so that the operator can fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError(String);

impl ConfigError {
    pub fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

/// Lets a stand-in whose configuration reports plain strings use `?` on these helpers.
impl From<ConfigError> for String {
    fn from(error: ConfigError) -> Self {
        error.0
    }
}

/// Reads `value` (surrounding white space ignored); `expected` says what it should have been,
/// as in "an address" or "a number".
pub fn parse<T: FromStr>(name: &str, value: &str, expected: &str) -> Result<T, ConfigError> {
    value
        .trim()
        .parse()
        .map_err(|_| ConfigError(format!("{name} is not {expected}: {value}")))
}

/// Finds a variable's value by its name.
type Lookup<'a> = Box<dyn Fn(&str) -> Option<String> + 'a>;

/// Where settings come from: the process environment, or a fixed set of pairs in tests.
pub struct Vars<'a> {
    lookup: Lookup<'a>,
}

impl<'a> Vars<'a> {
    pub fn new(lookup: impl Fn(&str) -> Option<String> + 'a) -> Self {
        Self {
            lookup: Box::new(lookup),
        }
    }

    pub fn from_env() -> Self {
        Self::new(|name| env::var(name).ok())
    }

    pub fn from_pairs(pairs: &[(&str, &str)]) -> Self {
        let vars: HashMap<String, String> = pairs
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect();
        Self::new(move |name| vars.get(name).cloned())
    }

    /// The value as given.
    pub fn text(&self, name: &str) -> Option<String> {
        (self.lookup)(name)
    }

    /// The value read as a `T`, or an error naming the variable.
    pub fn parsed<T: FromStr>(&self, name: &str, expected: &str) -> Result<Option<T>, ConfigError> {
        self.text(name)
            .map(|value| parse(name, &value, expected))
            .transpose()
    }

    /// A switch: `1`, `true`, `yes` or `on` turn it on, anything else off.
    pub fn flag(&self, name: &str) -> Option<bool> {
        self.text(name)
            .map(|value| matches!(value.trim(), "1" | "true" | "yes" | "on"))
    }

    /// A comma-separated list, blank items dropped.
    pub fn list(&self, name: &str) -> Option<Vec<String>> {
        self.text(name).map(|value| {
            value
                .split(',')
                .map(str::trim)
                .filter(|item| !item.is_empty())
                .map(str::to_owned)
                .collect()
        })
    }

    /// A base URL without its trailing slash, so that paths can be appended with `format!`.
    pub fn base_url(&self, name: &str) -> Option<String> {
        self.text(name)
            .map(|url| url.trim().trim_end_matches('/').to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::SocketAddr;

    #[test]
    fn reads_each_kind_of_value() {
        let vars = Vars::from_pairs(&[
            ("ADDR", " 127.0.0.1:4000 "),
            ("ADMIN", "on"),
            ("QUIET", "no"),
            ("URIS", "http://a/cb, ,http://b/cb"),
            ("URL", "https://id.example/"),
        ]);
        let addr: Option<SocketAddr> = vars.parsed("ADDR", "an address").unwrap();
        assert_eq!(addr.map(|addr| addr.port()), Some(4000));
        assert_eq!(vars.flag("ADMIN"), Some(true));
        assert_eq!(vars.flag("QUIET"), Some(false));
        assert_eq!(vars.flag("MISSING"), None);
        assert_eq!(vars.list("URIS").unwrap(), ["http://a/cb", "http://b/cb"]);
        assert_eq!(vars.base_url("URL").as_deref(), Some("https://id.example"));
    }

    #[test]
    fn names_the_variable_it_cannot_read() {
        let vars = Vars::from_pairs(&[("ADDR", "nowhere")]);
        let error = vars.parsed::<SocketAddr>("ADDR", "an address").unwrap_err();
        assert_eq!(error.to_string(), "ADDR is not an address: nowhere");
        assert_eq!(vars.parsed::<u64>("MISSING", "a number"), Ok(None));
    }
}
