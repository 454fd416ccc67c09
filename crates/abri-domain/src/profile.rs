//! The customer's name and the street line of a home, as the profile edits them. Each fault
//! names its field and the message (Fluent id) that explains it.

/// The longest given or family name.
pub const NAME_MAX: usize = 60;
/// The longest street line.
pub const STREET_MAX: usize = 100;

/// One fault: the form field and the message id.
pub type Fault = (&'static str, &'static str);

/// A person's name as the customer typed it, tidied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonName {
    /// Given name (`Camille`).
    pub given: String,
    /// Family name (`Martin`).
    pub family: String,
}

fn tidy(typed: &str) -> String {
    typed
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Letters of any script, the marks that accent them, and the joiners names use:
/// space, hyphen, both apostrophes and the full stop (`Jean-Luc`, `d’Arc`, `St. John`).
fn name_char(c: char) -> bool {
    c.is_alphabetic()
        || matches!(c, ' ' | '-' | '\'' | '\u{2019}' | '.')
        || ('\u{300}'..='\u{36f}').contains(&c)
}

fn name_part(typed: &str, field: &'static str, faults: &mut Vec<Fault>) -> String {
    let name = tidy(typed);
    if name.is_empty() {
        faults.push((field, "error-required"));
    } else if name.chars().count() > NAME_MAX {
        faults.push((field, "error-too-long"));
    } else if !name.chars().all(name_char) || !name.chars().any(char::is_alphabetic) {
        faults.push((field, "error-name-characters"));
    }
    name
}

/// Parses a given and a family name: spaces tidied, 1 to [`NAME_MAX`] characters each, letters
/// and name joiners only (no digits, no `<`, no `@`).
///
/// # Errors
/// Every fault, on `given_name` and `family_name`.
pub fn parse_name(given: &str, family: &str) -> Result<PersonName, Vec<Fault>> {
    let mut faults = Vec::new();
    let given = name_part(given, "given_name", &mut faults);
    let family = name_part(family, "family_name", &mut faults);
    if faults.is_empty() {
        Ok(PersonName { given, family })
    } else {
        Err(faults)
    }
}

/// Parses a street line (`12 rue des Lilas, bât. B`): spaces tidied, 1 to [`STREET_MAX`]
/// characters.
///
/// # Errors
/// The fault on `street`.
pub fn parse_street(typed: &str) -> Result<String, Fault> {
    let street = tidy(typed);
    if street.is_empty() {
        Err(("street", "error-required"))
    } else if street.chars().count() > STREET_MAX {
        Err(("street", "error-too-long"))
    } else {
        Ok(street)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_tidied() {
        let name = parse_name("  Jean-Luc ", " d’Arc  de\tla Tour ").unwrap();
        assert_eq!(name.given, "Jean-Luc");
        assert_eq!(name.family, "d’Arc de la Tour");
        assert!(parse_name("Zoë", "Ngọc").is_ok());
        assert!(parse_name("Chloe\u{308}", "St. John").is_ok());
    }

    #[test]
    fn each_wrong_part_is_named() {
        assert_eq!(
            parse_name(" ", "Martin"),
            Err(vec![("given_name", "error-required")])
        );
        assert_eq!(
            parse_name("Camille", "M4rtin"),
            Err(vec![("family_name", "error-name-characters")])
        );
        assert_eq!(
            parse_name("<b>", &"a".repeat(61)),
            Err(vec![
                ("given_name", "error-name-characters"),
                ("family_name", "error-too-long"),
            ])
        );
        assert_eq!(
            parse_name("--", "Martin"),
            Err(vec![("given_name", "error-name-characters")])
        );
        assert_eq!(
            parse_name(&"é".repeat(60), "Martin").map(|n| n.given.len()),
            Ok(120)
        );
    }

    #[test]
    fn a_street_is_tidied_and_bounded() {
        assert_eq!(
            parse_street(" 12  rue des Lilas,\tbât. B ").as_deref(),
            Ok("12 rue des Lilas, bât. B")
        );
        assert_eq!(parse_street("\u{7}"), Err(("street", "error-required")));
        assert_eq!(
            parse_street(&"x".repeat(101)),
            Err(("street", "error-too-long"))
        );
    }
}
