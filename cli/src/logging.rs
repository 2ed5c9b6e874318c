//! Where every binary's log lines go and in which shape: standard error, filtered by `RUST_LOG`
//! (each binary gives its own default), as readable text or — with `LOG_FORMAT=json` — one JSON
//! object per line with the fields of the spans it happened in, for a log shipper to read without
//! parsing prose. The format is read from the environment like `RUST_LOG`, before anything else
//! starts, so that the first lines already have it.

use std::{
    fmt,
    io::{self, IsTerminal},
};

use tracing_subscriber::EnvFilter;

/// The variable that chooses the shape of log lines.
pub const FORMAT_VARIABLE: &str = "LOG_FORMAT";

/// The shape of log lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

/// A `LOG_FORMAT` that is neither `text` nor `json`.
#[derive(Debug, PartialEq, Eq)]
pub struct UnknownFormat;

impl fmt::Display for UnknownFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{FORMAT_VARIABLE} must be `text` or `json`")
    }
}

impl Format {
    /// The format `value` names (unset is text); the value itself is not repeated in the error,
    /// as no setting's value is.
    pub fn parse(value: Option<&str>) -> Result<Self, UnknownFormat> {
        match value.map(str::trim) {
            None | Some("" | "text") => Ok(Self::Text),
            Some("json") => Ok(Self::Json),
            Some(_) => Err(UnknownFormat),
        }
    }

    /// The format the process environment asks for.
    pub fn from_environment() -> Result<Self, UnknownFormat> {
        Self::parse(std::env::var(FORMAT_VARIABLE).ok().as_deref())
    }
}

/// Installs the process's logger: `RUST_LOG` when set, else `default_filter`, in the format
/// `LOG_FORMAT` asks for. Call once, first thing in `main`.
pub fn init(default_filter: &str) -> Result<(), UnknownFormat> {
    let format = Format::from_environment()?;
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_filter));
    // Colours only for a person at a terminal: in a file or a pipe they are escape codes in the way.
    let builder = tracing_subscriber::fmt()
        .with_ansi(io::stderr().is_terminal())
        .with_writer(io::stderr)
        .with_env_filter(filter);
    match format {
        Format::Text => builder.init(),
        Format::Json => builder
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .init(),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_unless_json_is_asked_and_nothing_else_accepted() {
        assert_eq!(Format::parse(None), Ok(Format::Text));
        assert_eq!(Format::parse(Some("text")), Ok(Format::Text));
        assert_eq!(Format::parse(Some(" json ")), Ok(Format::Json));
        assert_eq!(Format::parse(Some("JSON5")), Err(UnknownFormat));
        assert!(UnknownFormat.to_string().contains("LOG_FORMAT"));
    }
}
