//! Adding a home or moving: a request to staff (a ticket-like record), never an instant change.
//! The rules here check what the customer typed; each fault names its field.

use time::{Date, Duration};

use crate::homes::Address;

/// What the customer asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RequestKind {
    /// Protect one more home.
    NewHome,
    /// Move the contracts of a home to a new address.
    Move,
}

impl RequestKind {
    /// The stored word.
    #[must_use]
    pub const fn word(self) -> &'static str {
        match self {
            Self::NewHome => "new_home",
            Self::Move => "move",
        }
    }

    /// The kind for a stored or posted word.
    #[must_use]
    pub fn from_word(word: &str) -> Option<Self> {
        [Self::NewHome, Self::Move]
            .into_iter()
            .find(|k| k.word() == word)
    }
}

/// The furthest ahead a wished date may be.
pub const HORIZON: Duration = Duration::days(366);
/// The longest note.
pub const NOTE_MAX: usize = 1000;

/// One fault: the form field and the message id (Fluent) that explains it.
pub type Fault = (&'static str, &'static str);

fn tidy(typed: &str) -> String {
    typed.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn line(typed: &str, field: &'static str, max: usize, faults: &mut Vec<Fault>) -> String {
    let text = tidy(typed);
    if text.is_empty() {
        faults.push((field, "error-required"));
    } else if text.chars().count() > max {
        faults.push((field, "error-too-long"));
    }
    text
}

/// Parses a French postal address: street, a five-digit postal code, city.
///
/// # Errors
/// Every fault found, by field (`street`, `postal_code`, `city`).
pub fn parse_address(street: &str, postal_code: &str, city: &str) -> Result<Address, Vec<Fault>> {
    let mut faults = Vec::new();
    let street = crate::profile::parse_street(street)
        .map_err(|f| faults.push(f))
        .unwrap_or_default();
    let code: String = postal_code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.is_empty() {
        faults.push(("postal_code", "error-required"));
    } else if code.len() != 5 || !code.bytes().all(|b| b.is_ascii_digit()) {
        faults.push(("postal_code", "error-postal-code"));
    }
    let city = line(city, "city", 60, &mut faults);
    if faults.is_empty() {
        Ok(Address {
            street,
            postal_code: code,
            city,
        })
    } else {
        Err(faults)
    }
}

/// Checks the wished date: from today to [`HORIZON`] ahead.
///
/// # Errors
/// The fault on `date`.
pub fn check_wished_date(wished: Option<Date>, today: Date) -> Result<Date, Fault> {
    match wished {
        None => Err(("date", "error-date-format")),
        Some(d) if d < today => Err(("date", "error-date-past")),
        Some(d) if d > today + HORIZON => Err(("date", "error-date-too-far")),
        Some(d) => Ok(d),
    }
}

/// Tidies the optional note.
///
/// # Errors
/// The fault on `note` when too long.
pub fn parse_note(typed: &str) -> Result<String, Fault> {
    let note = typed.trim().to_owned();
    if note.chars().count() > NOTE_MAX {
        Err(("note", "error-too-long"))
    } else {
        Ok(note)
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn an_address_is_tidied_and_each_fault_named() {
        let a = parse_address(" 3  place Bellecour ", "69 002", " Lyon ").unwrap();
        assert_eq!(
            (a.street.as_str(), a.postal_code.as_str(), a.city.as_str()),
            ("3 place Bellecour", "69002", "Lyon")
        );
        assert_eq!(
            parse_address("", "6900A", "x".repeat(61).as_str()),
            Err(vec![
                ("street", "error-required"),
                ("postal_code", "error-postal-code"),
                ("city", "error-too-long"),
            ])
        );
        assert_eq!(
            parse_address("a", "", "b"),
            Err(vec![("postal_code", "error-required")])
        );
    }

    #[test]
    fn the_wished_date_runs_from_today_to_a_year_ahead() {
        let today = date!(2026 - 11 - 27);
        assert_eq!(check_wished_date(Some(today), today), Ok(today));
        assert_eq!(
            check_wished_date(Some(date!(2026 - 11 - 26)), today),
            Err(("date", "error-date-past"))
        );
        assert!(check_wished_date(Some(date!(2027 - 11 - 28)), today).is_ok());
        assert_eq!(
            check_wished_date(Some(date!(2027 - 11 - 29)), today),
            Err(("date", "error-date-too-far"))
        );
        assert_eq!(
            check_wished_date(None, today),
            Err(("date", "error-date-format"))
        );
    }

    #[test]
    fn kinds_round_trip_and_notes_are_bounded() {
        for k in [RequestKind::NewHome, RequestKind::Move] {
            assert_eq!(RequestKind::from_word(k.word()), Some(k));
        }
        assert_eq!(RequestKind::from_word("demolish"), None);
        assert_eq!(
            parse_note("  digicode 1234 ").as_deref(),
            Ok("digicode 1234")
        );
        assert!(parse_note(&"x".repeat(1001)).is_err());
    }
}
