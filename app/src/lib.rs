//! The portal's pages. Every page is rendered on the server as complete HTML that works without
//! JavaScript; the few interactive parts are islands that the `frontend` crate hydrates.

#[cfg(feature = "ssr")]
pub mod account;
pub mod finder;
#[cfg(feature = "ssr")]
pub mod forms;
#[cfg(feature = "ssr")]
pub mod journey;
#[cfg(feature = "ssr")]
pub mod layout;
#[cfg(feature = "ssr")]
pub mod pages;
pub mod session_timeout;
pub mod strings;

pub use domain::text::Lang;
