//! What the stand-in backends (registry, identity provider, payment gateway, agency) do alike:
//! name a setting they cannot use, bind a port and serve, put security headers on their
//! pages and text into them safely, and run as a process until interrupted. Each stand-in keeps its own routes, state and
//! public API; only the plumbing lives here, so that a fix to it reaches all of them.

pub mod html;
pub mod listener;
pub mod process;
pub mod routes;
pub mod security_headers;
pub mod settings;

pub use listener::{bind, Listener};
pub use security_headers::SecurityHeaders;
pub use settings::ConfigError;
