//! The portal's own words, read from the app's string table: tests press buttons, follow links and
//! look for headings by the names the pages render, so that rewording a button changes the tests
//! with it rather than breaking them.

use app::strings::{strings, Strings};
use domain::text::Lang;

/// The interface in Vietnamese, the portal's default language.
pub fn vi() -> &'static Strings {
    strings(Lang::Vi)
}

/// The interface in English.
pub fn en() -> &'static Strings {
    strings(Lang::En)
}
