//! Money as integer cents of euro; formatted for the reader's language.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::Language;
use crate::backwards::Backwards;

/// An amount in euro cents. Never a float.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Money(i64);

impl Money {
    /// An amount from a number of cents.
    #[must_use]
    pub const fn from_cents(cents: i64) -> Self {
        Self(cents)
    }

    /// An amount of whole euros.
    #[must_use]
    pub const fn from_euros(euros: i64) -> Self {
        Self(euros.saturating_mul(100))
    }

    /// The amount in cents.
    #[must_use]
    pub const fn cents(self) -> i64 {
        self.0
    }

    /// Reads an amount written as whole cents (`3490`, `-120`), as a form carries a quoted
    /// figure back; anything else (`34,90`, `abc`, an empty or overlong text) is `None`.
    #[must_use]
    pub fn parse_cents(text: &str) -> Option<Self> {
        let text = text.trim();
        let digits = text.strip_prefix('-').unwrap_or(text);
        if digits.is_empty() || digits.len() > 12 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        text.parse().ok().map(Self)
    }

    /// The sum, saturating rather than wrapping.
    #[must_use]
    pub const fn saturating_add(self, other: Self) -> Self {
        Self(self.0.saturating_add(other.0))
    }

    /// `1 234,56 €` in French (narrow no-break space between thousands, no-break space before
    /// the sign), `€1,234.56` in English. Whole amounts keep their cents: prices are read
    /// against each other.
    #[must_use]
    pub fn format(self, lang: Language) -> String {
        self.shown(lang).to_string()
    }

    /// The same, written where it goes (a page) rather than into a string of its own first
    /// (BENCHMARKS.md B5).
    #[must_use]
    pub const fn shown(self, lang: Language) -> Shown {
        Shown { money: self, lang }
    }
}

/// An amount as [`Money::format`] writes it.
#[derive(Clone, Copy, Debug)]
pub struct Shown {
    money: Money,
    lang: Language,
}

impl fmt::Display for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // From the end: at most 17 digits of euros, 5 separators of 3 bytes, the cents, the sign.
        let mut text = Backwards::<48>::default();
        let (separator, decimal) = match self.lang {
            Language::Fr => ("\u{202f}", ","),
            Language::En => (",", "."),
        };
        let abs = self.money.0.unsigned_abs();
        if self.lang == Language::Fr {
            text.push_str("\u{a0}€");
        }
        text.push_number(abs % 100, 2);
        text.push_str(decimal);
        let mut euros = abs / 100;
        while euros >= 1000 {
            text.push_number(euros % 1000, 3);
            text.push_str(separator);
            euros /= 1000;
        }
        text.push_number(euros, 1);
        if self.lang == Language::En {
            text.push_str("€");
        }
        if self.money.0 < 0 {
            text.push_str("-");
        }
        text.write_to(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cents_are_read_strictly() {
        assert_eq!(Money::parse_cents(" 3490 "), Some(Money::from_cents(3_490)));
        assert_eq!(Money::parse_cents("-120"), Some(Money::from_cents(-120)));
        for bad in [
            "",
            "-",
            "34,90",
            "34.90",
            "abc",
            "+5",
            "1e3",
            "9999999999999",
        ] {
            assert_eq!(Money::parse_cents(bad), None, "{bad}");
        }
    }

    #[test]
    fn formats_for_each_language() {
        let amount = Money::from_cents(123_456);
        assert_eq!(amount.format(Language::Fr), "1\u{202f}234,56\u{a0}€");
        assert_eq!(amount.format(Language::En), "€1,234.56");
        assert_eq!(Money::from_cents(5).format(Language::Fr), "0,05\u{a0}€");
        assert_eq!(
            Money::from_euros(1_000_000).format(Language::En),
            "€1,000,000.00"
        );
        assert_eq!(Money::from_cents(-990).format(Language::En), "-€9.90");
        // Groups after the first keep their zeros.
        assert_eq!(
            Money::from_cents(100_500_799).format(Language::Fr),
            "1\u{202f}005\u{202f}007,99\u{a0}€"
        );
        assert_eq!(
            Money::from_cents(-100_000).format(Language::En),
            "-€1,000.00"
        );
        assert_eq!(
            Money::from_cents(99_900).format(Language::Fr),
            "999,00\u{a0}€"
        );
        // The largest amounts fit whole.
        assert_eq!(
            Money::from_cents(i64::MIN).format(Language::Fr),
            "-92\u{202f}233\u{202f}720\u{202f}368\u{202f}547\u{202f}758,08\u{a0}€"
        );
        assert_eq!(
            Money::from_cents(i64::MAX).format(Language::En),
            "€92,233,720,368,547,758.07"
        );
    }
}
