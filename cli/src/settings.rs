//! How every binary of the workspace reads its settings. Each binary declares its settings once,
//! as a `clap` parser whose arguments each have a flag and an environment variable; this crate
//! owns what they all do alike: values are shown under their variable's name (so that an error
//! about a bad value names the variable as well as the flag), tests can configure through a
//! lookup instead of the process environment, and lists and base URLs are read the same way.

use std::{ffi::OsString, fmt::Display, str::FromStr};

pub use clap;
use clap::{ArgAction, ArgMatches, Command, CommandFactory, FromArgMatches, Parser};

/// `P`'s command with each value named after its environment variable: `--addr <PORTAL_ADDR>`
/// in `--help` and in every error, whichever of the two the value came from.
pub fn command<P: CommandFactory>() -> Command {
    P::command().mut_args(|arg| match arg.get_env() {
        Some(env) if arg.get_action().takes_values() => {
            let name = env.to_string_lossy().into_owned();
            arg.value_name(name)
        }
        _ => arg,
    })
}

/// The settings from the process's flags and environment. `--help` and `--version` print and
/// exit with status 0; a bad value prints what is wrong and what is accepted, and exits with
/// status 2, before anything starts.
pub fn parse<P: Parser>() -> P {
    from_matches(command::<P>().try_get_matches()).unwrap_or_else(|error| error.exit())
}

/// The settings from `args` (the program's name first) and the process environment.
pub fn try_parse_from<P: Parser>(
    args: impl IntoIterator<Item = impl Into<OsString> + Clone>,
) -> Result<P, clap::Error> {
    from_matches(command::<P>().try_get_matches_from(args))
}

/// The settings from variables found through `lookup` alone: the process environment is not
/// read, so that a test configures the instance it starts without reaching into the others or
/// picking up the developer's shell (a `DATABASE_URL` exported for another project, say).
pub fn from_lookup<P: Parser>(lookup: impl Fn(&str) -> Option<String>) -> Result<P, clap::Error> {
    let command = command::<P>();
    let mut args = vec![OsString::from(command.get_name())];
    for arg in command.get_arguments() {
        let (Some(env), Some(long)) = (arg.get_env(), arg.get_long()) else {
            continue;
        };
        if let Some(value) = lookup(&env.to_string_lossy()) {
            args.push(format!("--{long}={value}").into());
        }
    }
    let command = command.mut_args(|arg| {
        let arg = arg.env(None);
        // A switch given by a variable carries a value (`REGISTRY_ADMIN=0`), which a flag on the
        // command line cannot: here it takes one.
        match arg.get_action() {
            ArgAction::SetTrue => arg.action(ArgAction::Set).default_value("false"),
            _ => arg,
        }
    });
    from_matches(command.try_get_matches_from(args))
}

fn from_matches<P: FromArgMatches>(
    matches: Result<ArgMatches, clap::Error>,
) -> Result<P, clap::Error> {
    P::from_arg_matches(&matches?)
}

/// A comma-separated list with blank items dropped; an item that does not read as a `T` is
/// named. Use as `value_parser = cli::settings::list::<T>` on a `::std::vec::Vec<T>` field (written
/// out in full, so that clap takes the whole list as one value).
pub fn list<T: FromStr>(value: &str) -> Result<Vec<T>, String>
where
    T::Err: Display,
{
    value
        .split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(|item| item.parse().map_err(|error| format!("{item:?}: {error}")))
        .collect()
}

/// A base URL without its trailing slash, so that paths can be appended with `format!`.
pub fn base_url(value: &str) -> Result<String, std::convert::Infallible> {
    Ok(value.trim().trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::SocketAddr;

    /// Settings shaped like a binary's: one value with a default, one optional, one list.
    #[derive(Parser, Debug)]
    #[command(name = "example", version)]
    struct Example {
        /// Where to listen.
        #[arg(long, env = "EXAMPLE_ADDR", default_value = "127.0.0.1:3000")]
        addr: SocketAddr,
        /// Where citizens see it.
        #[arg(long, env = "EXAMPLE_PUBLIC_URL", value_parser = base_url)]
        public_url: Option<String>,
        /// Whom to trust.
        #[arg(long, env = "EXAMPLE_PEERS", value_parser = list::<SocketAddr>, default_value = "")]
        peers: ::std::vec::Vec<SocketAddr>,
        /// Whether to mount the admin routes.
        #[arg(long, env = "EXAMPLE_ADMIN", value_parser = clap::builder::BoolishValueParser::new())]
        admin: bool,
    }

    #[test]
    fn lookup_gives_values_by_variable_name() {
        let example: Example = from_lookup(|name| match name {
            "EXAMPLE_PUBLIC_URL" => Some("https://example.test/".into()),
            "EXAMPLE_PEERS" => Some("127.0.0.1:1, ,127.0.0.1:2".into()),
            "EXAMPLE_ADMIN" => Some("1".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(example.addr.port(), 3000);
        assert_eq!(example.public_url.as_deref(), Some("https://example.test"));
        assert_eq!(example.peers.len(), 2);
        assert!(example.admin);
        let example: Example =
            from_lookup(|name| (name == "EXAMPLE_ADMIN").then(|| "off".into())).unwrap();
        assert!(!example.admin);
        assert!(
            try_parse_from::<Example>(["example", "--admin"])
                .unwrap()
                .admin
        );
    }

    #[test]
    fn errors_name_the_variable_the_flag_and_the_culprit() {
        let error = from_lookup::<Example>(|name| (name == "EXAMPLE_ADDR").then(|| "x".into()))
            .unwrap_err()
            .to_string();
        assert!(error.contains("--addr <EXAMPLE_ADDR>"), "{error}");
        let error = try_parse_from::<Example>(["example", "--peers", "127.0.0.1:1,nowhere"])
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("EXAMPLE_PEERS") && error.contains("nowhere"),
            "{error}"
        );
    }
}
