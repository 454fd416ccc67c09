//! Dates and moments as their reader writes them, as strings or written straight where they
//! go (a page being rendered: BENCHMARKS.md B5).

use std::fmt;

use abri_domain::Language;

/// English months as dates show them.
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A date as its reader writes it: `27/11/2026`, `27 Nov 2026`.
#[must_use]
pub fn date(lang: Language, d: time::Date) -> String {
    shown(lang, d).to_string()
}

/// The same, written where it goes rather than into a string of its own first.
#[must_use]
pub const fn shown(lang: Language, date: time::Date) -> DateShown {
    DateShown { lang, date }
}

/// A date as [`date`] writes it.
#[derive(Clone, Copy, Debug)]
pub struct DateShown {
    lang: Language,
    date: time::Date,
}

impl DateShown {
    /// The language it is written in.
    #[must_use]
    pub const fn lang(&self) -> Language {
        self.lang
    }
}

impl fmt::Display for DateShown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.date;
        let month = u8::from(d.month());
        match self.lang {
            Language::Fr => write!(f, "{:02}/{month:02}/{}", d.day(), d.year()),
            Language::En => {
                let name = MONTHS.get(usize::from(month) - 1).copied().unwrap_or("");
                write!(f, "{} {name} {}", d.day(), d.year())
            }
        }
    }
}

/// A moment as its reader writes it, in UTC (`27/11/2026 09:00 UTC`).
#[must_use]
pub fn date_time(lang: Language, at: time::OffsetDateTime) -> String {
    format!(
        "{} {:02}:{:02} UTC",
        shown(lang, at.date()),
        at.hour(),
        at.minute()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_follow_the_language() {
        let d = time::macros::date!(2026 - 11 - 07);
        assert_eq!(date(Language::Fr, d), "07/11/2026");
        assert_eq!(date(Language::En, d), "7 Nov 2026");
        // Every month by its English name, as `time` spells it.
        for m in 1..=12u8 {
            let month = time::Month::try_from(m).unwrap();
            let d = time::Date::from_calendar_date(2026, month, 28).unwrap();
            let full = month.to_string();
            assert_eq!(
                date(Language::En, d),
                format!("{} {} 2026", d.day(), &full[..3])
            );
        }
        let at = time::macros::datetime!(2026-01-02 09:05 UTC);
        assert_eq!(date_time(Language::Fr, at), "02/01/2026 09:05 UTC");
        assert_eq!(date_time(Language::En, at), "2 Jan 2026 09:05 UTC");
    }
}
