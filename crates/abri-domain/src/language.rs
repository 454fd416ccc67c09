//! The languages of the interface: French by default, English.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A language the interface is written in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// French, the default.
    #[default]
    Fr,
    /// English.
    En,
}

impl Language {
    /// Every supported language, default first.
    pub const ALL: [Self; 2] = [Self::Fr, Self::En];

    /// The BCP 47 tag (`fr`, `en`).
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::Fr => "fr",
            Self::En => "en",
        }
    }

    /// Picks the first supported language of an `Accept-Language` header, by quality.
    #[must_use]
    pub fn negotiate(accept_language: &str) -> Option<Self> {
        let mut ranked: Vec<(f32, Self)> = accept_language
            .split(',')
            .filter_map(|item| {
                let mut parts = item.trim().split(';');
                let tag = parts.next()?.trim();
                let quality = parts
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .and_then(|q| q.parse::<f32>().ok())
                    .unwrap_or(1.0);
                let primary = tag.split('-').next()?;
                primary.parse::<Self>().ok().map(|lang| (quality, lang))
            })
            .filter(|(q, _)| *q > 0.0)
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
        ranked.first().map(|(_, lang)| *lang)
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The text was not a supported language code.
#[derive(Debug, thiserror::Error)]
#[error("unsupported language")]
pub struct UnknownLanguage;

impl FromStr for Language {
    type Err = UnknownLanguage;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "fr" => Ok(Self::Fr),
            "en" => Ok(Self::En),
            _ => Err(UnknownLanguage),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiation_follows_quality() {
        assert_eq!(
            Language::negotiate("en-GB,en;q=0.9,fr;q=0.8"),
            Some(Language::En)
        );
        assert_eq!(
            Language::negotiate("de;q=1, fr;q=0.5, en;q=0.7"),
            Some(Language::En)
        );
        assert_eq!(Language::negotiate("fr-FR"), Some(Language::Fr));
        assert_eq!(Language::negotiate("de, es"), None);
        assert_eq!(Language::negotiate("en;q=0"), None);
        assert_eq!(Language::negotiate(""), None);
    }
}
