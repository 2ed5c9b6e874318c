//! What a stand-in says when its settings parse but cannot be used together (reading each
//! value, and refusing one that does not parse, is `cli::settings`'s).

use std::fmt;

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
