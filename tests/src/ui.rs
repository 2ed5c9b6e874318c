//! The portal's own words, read from the app's string table: tests press buttons, follow links and
//! look for headings by the names the pages render, so that rewording a button changes the tests
//! with it rather than breaking them.

use app::strings::{strings, Strings};
use domain::catalogue::{by_slug, Service};
use domain::text::Lang;

/// The interface in Vietnamese, the portal's default language.
pub fn vi() -> &'static Strings {
    strings(Lang::Vi)
}

/// The interface in English.
pub fn en() -> &'static Strings {
    strings(Lang::En)
}

/// The catalogue's entry for the service with this slug: its name as the home page, its start page
/// and the list of applications show it.
pub fn service(slug: &str) -> &'static Service {
    by_slug(slug).unwrap_or_else(|| panic!("no service {slug} in the catalogue"))
}
