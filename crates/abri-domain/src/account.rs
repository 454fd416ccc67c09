//! Who a customer is and how they name themselves at sign-in.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Why a typed identifier or password was refused; the web layer names the field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AccountInputError {
    /// The field was empty.
    #[error("required")]
    Missing,
    /// Not an e-mail address nor a customer number.
    #[error("not an e-mail address or a customer number")]
    BadIdentifier,
    /// Longer than anything we accept; refused before any hashing.
    #[error("too long")]
    TooLong,
}

/// An e-mail address, trimmed and case-folded (SECURITY.md 4).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    /// Longest address accepted (RFC 5321 path limit).
    pub const MAX_LEN: usize = 254;

    /// Parses a typed address: one `@`, a non-empty local part, a dotted domain, no spaces.
    ///
    /// # Errors
    /// When the text is not a plausible address.
    pub fn parse(raw: &str) -> Result<Self, AccountInputError> {
        let text = raw.trim();
        if text.is_empty() {
            return Err(AccountInputError::Missing);
        }
        if text.len() > Self::MAX_LEN {
            return Err(AccountInputError::TooLong);
        }
        let (local, domain) = text
            .split_once('@')
            .ok_or(AccountInputError::BadIdentifier)?;
        let plausible = !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains('@')
            && !text.chars().any(|c| c.is_whitespace() || c.is_control());
        if !plausible {
            return Err(AccountInputError::BadIdentifier);
        }
        Ok(Self(text.to_lowercase()))
    }

    /// The address as stored.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A customer number: `C` followed by 8 digits (`C12345678`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CustomerNumber(String);

impl CustomerNumber {
    /// Parses a typed number, forgiving case and spaces (`c 1234 5678`).
    ///
    /// # Errors
    /// When it is not `C` plus exactly 8 digits.
    pub fn parse(raw: &str) -> Result<Self, AccountInputError> {
        let compact: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
        if compact.is_empty() {
            return Err(AccountInputError::Missing);
        }
        let upper = compact.to_ascii_uppercase();
        let digits = upper
            .strip_prefix('C')
            .ok_or(AccountInputError::BadIdentifier)?;
        if digits.len() == 8 && digits.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Self(upper))
        } else {
            Err(AccountInputError::BadIdentifier)
        }
    }

    /// The number as stored.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CustomerNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A mobile phone number in E.164 (`+33612345678`). French numbers may be typed the French way
/// (`06 12 34 56 78`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PhoneNumber(String);

impl PhoneNumber {
    /// Parses a typed number: spaces, dots and dashes ignored; `0X…` (10 digits) is French.
    ///
    /// # Errors
    /// When it is not a plausible number.
    pub fn parse(raw: &str) -> Result<Self, AccountInputError> {
        let compact: String = raw
            .chars()
            .filter(|c| !matches!(c, ' ' | '.' | '-' | '(' | ')'))
            .collect();
        if compact.is_empty() {
            return Err(AccountInputError::Missing);
        }
        let international = if let Some(rest) = compact.strip_prefix("00") {
            format!("+{rest}")
        } else if compact.len() == 10 && compact.starts_with('0') {
            format!("+33{}", &compact[1..])
        } else {
            compact
        };
        let digits = international
            .strip_prefix('+')
            .ok_or(AccountInputError::BadIdentifier)?;
        if (8..=15).contains(&digits.len())
            && digits.bytes().all(|b| b.is_ascii_digit())
            && !digits.starts_with('0')
        {
            Ok(Self(international))
        } else {
            Err(AccountInputError::BadIdentifier)
        }
    }

    /// The number in E.164.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What a customer types in the sign-in form's first field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoginIdentifier {
    /// An e-mail address.
    Email(Email),
    /// A customer number.
    CustomerNumber(CustomerNumber),
}

impl LoginIdentifier {
    /// An address if the text has an `@`, a customer number otherwise.
    ///
    /// # Errors
    /// When it is neither.
    pub fn parse(raw: &str) -> Result<Self, AccountInputError> {
        if raw.contains('@') {
            Email::parse(raw).map(Self::Email)
        } else {
            CustomerNumber::parse(raw).map(Self::CustomerNumber)
        }
    }
}

/// A password as typed at sign-in: bounded before it reaches the hasher (SECURITY.md 1).
///
/// The policy for *new* passwords (length, strength, lists) is a separate rule.
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordAttempt(String);

impl PasswordAttempt {
    /// More characters than this are refused before hashing.
    pub const MAX_CHARS: usize = 128;

    /// Keeps the password as typed (never trimmed nor truncated), NFKC-normalised as new
    /// passwords are, so that any keyboard's form of the same characters matches.
    ///
    /// # Errors
    /// When empty or longer than [`Self::MAX_CHARS`].
    pub fn parse(raw: &str) -> Result<Self, AccountInputError> {
        if raw.is_empty() {
            return Err(AccountInputError::Missing);
        }
        if raw.chars().count() > Self::MAX_CHARS {
            return Err(AccountInputError::TooLong);
        }
        Ok(Self(
            unicode_normalization::UnicodeNormalization::nfkc(raw).collect(),
        ))
    }

    /// The bytes to hash.
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl fmt::Debug for PasswordAttempt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PasswordAttempt(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn customer_numbers_are_normalised() {
        let n = CustomerNumber::parse(" c 1234 5678 ").map(|n| n.to_string());
        assert_eq!(n, Ok("C12345678".to_owned()));
        for bad in [
            "C1234567",
            "C123456789",
            "12345678",
            "D12345678",
            "C1234567x",
            "C１２３４５６７８",
        ] {
            assert_eq!(
                CustomerNumber::parse(bad),
                Err(AccountInputError::BadIdentifier),
                "{bad}"
            );
        }
        assert_eq!(
            CustomerNumber::parse("   "),
            Err(AccountInputError::Missing)
        );
    }

    #[test]
    fn emails_are_case_folded() {
        assert_eq!(
            Email::parse(" Camille.Martin@Example.FR ").map(|e| e.to_string()),
            Ok("camille.martin@example.fr".to_owned())
        );
        for bad in ["a@b", "@b.fr", "a@.fr", "a@b.", "a b@c.fr", "a@b@c.fr"] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            Email::parse(&format!("{}@x.fr", "a".repeat(260))),
            Err(AccountInputError::TooLong)
        );
    }

    #[test]
    fn phone_numbers_are_normalised() {
        for typed in [
            "06 12 34 56 78",
            "0612345678",
            "+33 6 12 34 56 78",
            "0033612345678",
            "06.12.34.56.78",
        ] {
            assert_eq!(
                PhoneNumber::parse(typed).map(|p| p.as_str().to_owned()),
                Ok("+33612345678".to_owned()),
                "{typed}"
            );
        }
        assert_eq!(
            PhoneNumber::parse("+49 151 1234 5678").map(|p| p.as_str().to_owned()),
            Ok("+4915112345678".to_owned())
        );
        for bad in [
            "12345",
            "06 12 34",
            "+33 0612345678x",
            "abc",
            "+1234567890123456",
        ] {
            assert!(PhoneNumber::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(PhoneNumber::parse("  "), Err(AccountInputError::Missing));
    }

    #[test]
    fn identifiers_pick_their_kind() {
        assert!(matches!(
            LoginIdentifier::parse("x@y.fr"),
            Ok(LoginIdentifier::Email(_))
        ));
        assert!(matches!(
            LoginIdentifier::parse("C00000001"),
            Ok(LoginIdentifier::CustomerNumber(_))
        ));
        assert!(LoginIdentifier::parse("hello").is_err());
    }

    #[test]
    fn passwords_are_bounded_not_trimmed() {
        assert!(PasswordAttempt::parse(&"é".repeat(128)).is_ok());
        assert_eq!(
            PasswordAttempt::parse(&"é".repeat(129)),
            Err(AccountInputError::TooLong)
        );
        assert_eq!(PasswordAttempt::parse(""), Err(AccountInputError::Missing));
        assert_eq!(
            PasswordAttempt::parse(" a ").map(|p| p.as_bytes().len()),
            Ok(3)
        );
    }
}
