//! Bilingual text. The portal speaks Vietnamese first and English completely: every piece of
//! citizen-facing text is a pair, so the compiler refuses a missing translation.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Vi, Lang::En];

    /// The BCP 47 tag, as used in `lang` attributes, cookies and links.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|lang| lang.tag() == tag)
    }

    /// The other language, offered by the language switch.
    pub fn other(self) -> Lang {
        match self {
            Lang::Vi => Lang::En,
            Lang::En => Lang::Vi,
        }
    }

    /// The language's own name, as shown on the switch.
    pub fn endonym(self) -> &'static str {
        match self {
            Lang::Vi => "Tiếng Việt",
            Lang::En => "English",
        }
    }
}

/// A text in both languages, each kept as an `S`: the compiler then refuses a missing
/// translation whether the text is written in the code or composed at run time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Bilingual<S> {
    pub vi: S,
    pub en: S,
}

/// Text written in the code: copied freely, and built in `const` items.
pub type Text = Bilingual<&'static str>;

/// Text composed at run time (naming a person, a limit, a file) or read back from storage.
pub type OwnedText = Bilingual<String>;

impl Text {
    pub const fn new(vi: &'static str, en: &'static str) -> Self {
        Self { vi, en }
    }

    /// Both languages, for values kept in one string (a decision's lines).
    pub fn both(self) -> String {
        format!("{} / {}", self.vi, self.en)
    }

    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Vi => self.vi,
            Lang::En => self.en,
        }
    }
}

impl OwnedText {
    pub fn new(vi: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            vi: vi.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        }
    }
}

impl From<Text> for OwnedText {
    fn from(text: Text) -> Self {
        Self::new(text.vi, text.en)
    }
}
