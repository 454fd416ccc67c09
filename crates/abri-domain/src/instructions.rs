//! Monitoring instructions (consignes de télésurveillance): the people the monitoring centre
//! calls, in order, and the verbal password a caller gives to prove who they are.

use crate::account::PhoneNumber;

/// The most people on the list.
pub const MAX_CONTACTS: usize = 5;

/// One person to call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contact {
    /// Full name.
    pub name: String,
    /// Phone in E.164.
    pub phone: String,
    /// Relation to the customer (`voisine`, `fils`), may be empty.
    pub relation: String,
}

/// One fault: the field (`name-2`) and the message id.
pub type Fault = (String, &'static str);

fn tidy(typed: &str) -> String {
    typed.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Parses the rows as typed (name, phone, relation), in calling order. Empty rows are left out;
/// at least one person is needed.
///
/// # Errors
/// Every fault, on the field of its row (rows count from 1).
pub fn parse_contacts(rows: &[(String, String, String)]) -> Result<Vec<Contact>, Vec<Fault>> {
    let mut faults = Vec::new();
    let mut contacts = Vec::new();
    for (i, (name, phone, relation)) in rows.iter().take(MAX_CONTACTS).enumerate() {
        let n = i + 1;
        let (name, relation) = (tidy(name), tidy(relation));
        if name.is_empty() && phone.trim().is_empty() && relation.is_empty() {
            continue;
        }
        if name.is_empty() {
            faults.push((format!("name-{n}"), "error-required"));
        } else if name.chars().count() > 60 {
            faults.push((format!("name-{n}"), "error-too-long"));
        }
        let parsed = PhoneNumber::parse(phone);
        if phone.trim().is_empty() {
            faults.push((format!("phone-{n}"), "error-required"));
        } else if parsed.is_err() {
            faults.push((format!("phone-{n}"), "error-phone-format"));
        }
        if relation.chars().count() > 40 {
            faults.push((format!("relation-{n}"), "error-too-long"));
        }
        if let Ok(phone) = parsed {
            contacts.push(Contact {
                name,
                phone: phone.as_str().to_owned(),
                relation,
            });
        }
    }
    if contacts.is_empty() && faults.is_empty() {
        faults.push(("name-1".into(), "error-contacts-one"));
    }
    if faults.is_empty() {
        Ok(contacts)
    } else {
        Err(faults)
    }
}

/// Parses a verbal password: spaces tidied, 4 to 40 characters, letters, digits and spaces
/// (it is said over the phone).
///
/// # Errors
/// The message id.
pub fn parse_verbal_password(typed: &str) -> Result<String, &'static str> {
    let word = tidy(typed);
    let length = word.chars().count();
    if word.is_empty() {
        Err("error-required")
    } else if length < 4 {
        Err("error-verbal-short")
    } else if length > 40 {
        Err("error-too-long")
    } else if !word.chars().all(|c| c.is_alphanumeric() || c == ' ') {
        Err("error-verbal-characters")
    } else {
        Ok(word)
    }
}

/// `••••••` as long as the word, for display.
#[must_use]
pub fn masked(word: &str) -> String {
    "•".repeat(word.chars().count())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, phone: &str, relation: &str) -> (String, String, String) {
        (name.into(), phone.into(), relation.into())
    }

    #[test]
    fn contacts_are_read_in_order_and_blank_rows_skipped() {
        let contacts = parse_contacts(&[
            row(" Marie  Martin ", "06 12 34 56 78", "sœur"),
            row("", "", ""),
            row("Paul Roux", "+33 7 11 22 33 44", ""),
        ])
        .unwrap();
        assert_eq!(contacts.len(), 2);
        assert_eq!(contacts[0].name, "Marie Martin");
        assert_eq!(contacts[0].phone, "+33612345678");
        assert_eq!(contacts[1].relation, "");
    }

    #[test]
    fn each_fault_names_its_row_and_field() {
        assert_eq!(
            parse_contacts(&[row("", "", ""), row("", "", "")]),
            Err(vec![("name-1".into(), "error-contacts-one")])
        );
        assert_eq!(
            parse_contacts(&[
                row("Marie", "12", ""),
                row("", "0612345678", &"x".repeat(41))
            ]),
            Err(vec![
                ("phone-1".into(), "error-phone-format"),
                ("name-2".into(), "error-required"),
                ("relation-2".into(), "error-too-long"),
            ])
        );
    }

    #[test]
    fn a_verbal_password_is_said_over_the_phone() {
        assert_eq!(
            parse_verbal_password("  tournesol  bleu ").as_deref(),
            Ok("tournesol bleu")
        );
        assert_eq!(parse_verbal_password("abc"), Err("error-verbal-short"));
        assert_eq!(
            parse_verbal_password("mot-de-passe"),
            Err("error-verbal-characters")
        );
        assert_eq!(parse_verbal_password(" "), Err("error-required"));
        assert_eq!(masked("abcd"), "••••");
    }
}
