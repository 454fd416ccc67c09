//! Dates and moments as their reader writes them, as strings or written straight where they
//! go (a page being rendered: BENCHMARKS.md B5).

use std::fmt;

use abri_domain::Language;
use abri_domain::backwards::Backwards;

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
        // From the end: a year (up to 6 digits and a sign), the month, the day.
        let mut text = Backwards::<16>::default();
        text.push_number(u64::from(d.year().unsigned_abs()), 1);
        if d.year() < 0 {
            text.push_str("-");
        }
        let month = u8::from(d.month());
        match self.lang {
            Language::Fr => {
                text.push_str("/");
                text.push_number(month.into(), 2);
                text.push_str("/");
                text.push_number(d.day().into(), 2);
            }
            Language::En => {
                text.push_str(" ");
                text.push_str(MONTHS.get(usize::from(month) - 1).copied().unwrap_or(""));
                text.push_str(" ");
                text.push_number(d.day().into(), 1);
            }
        }
        text.write_to(f)
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
        // Years as they are, with no zeros in front.
        let early = time::macros::date!(0042 - 02 - 03);
        assert_eq!(date(Language::Fr, early), "03/02/42");
        assert_eq!(date(Language::En, early), "3 Feb 42");
    }
}
