//! The portal's pages. Every page is rendered on the server as complete HTML that works without
//! JavaScript; the few interactive parts are islands that the `frontend` crate hydrates.

pub mod finder;
#[cfg(feature = "ssr")]
pub mod layout;
#[cfg(feature = "ssr")]
pub mod pages;
pub mod strings;

pub use domain::text::Lang;
