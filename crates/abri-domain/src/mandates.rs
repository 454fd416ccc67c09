//! The SEPA direct-debit mandate: IBAN (checksum and country format checked by `iban_validate`),
//! optional BIC, holder name, a unique mandate reference (RUM) and the signature date. Only the
//! last four characters of the IBAN are ever shown again.

use std::fmt;

use iban::{Iban, IbanLike, ParseIbanError};

/// Countries whose accounts can be debited under the SEPA scheme.
const SEPA_COUNTRIES: &[&str] = &[
    "AD", "AT", "BE", "BG", "CH", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GB", "GI", "GR",
    "HR", "HU", "IE", "IS", "IT", "LI", "LT", "LU", "LV", "MC", "MT", "NL", "NO", "PL", "PT", "RO",
    "SE", "SI", "SK", "SM", "VA",
];

/// The longest holder name a SEPA message carries.
pub const HOLDER_MAX: usize = 70;

/// Why a bank detail was refused; each maps to a field error.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MandateInputError {
    /// Nothing typed.
    #[error("missing")]
    Missing,
    /// Not shaped like an IBAN (length, characters).
    #[error("not an IBAN")]
    IbanFormat,
    /// The two check digits do not match.
    #[error("IBAN checksum")]
    IbanChecksum,
    /// The account number does not follow its country's format, or the country is unknown.
    #[error("IBAN country format")]
    IbanCountry,
    /// A valid IBAN outside the SEPA zone.
    #[error("not a SEPA country")]
    NotSepa,
    /// Not shaped like a BIC (8 or 11 characters).
    #[error("not a BIC")]
    BicFormat,
    /// Longer than a SEPA message carries.
    #[error("too long")]
    TooLong,
}

/// A checked IBAN of the SEPA zone, kept in its electronic form.
#[derive(Clone, PartialEq, Eq)]
pub struct SepaIban(Iban);

impl SepaIban {
    /// Parses what a customer typed: spaces are ignored, letters may be lower case.
    ///
    /// # Errors
    /// A [`MandateInputError`] naming what is wrong.
    pub fn parse(typed: &str) -> Result<Self, MandateInputError> {
        let compact: String = typed
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if compact.is_empty() {
            return Err(MandateInputError::Missing);
        }
        let iban = compact.parse::<Iban>().map_err(|e| match e {
            ParseIbanError::InvalidBaseIban {
                source: iban::ParseBaseIbanError::InvalidChecksum,
            } => MandateInputError::IbanChecksum,
            ParseIbanError::InvalidBaseIban { .. } => MandateInputError::IbanFormat,
            ParseIbanError::InvalidBban(_) | ParseIbanError::UnknownCountry(_) => {
                MandateInputError::IbanCountry
            }
        })?;
        if !SEPA_COUNTRIES.contains(&iban.country_code()) {
            return Err(MandateInputError::NotSepa);
        }
        Ok(Self(iban))
    }

    /// The electronic form, for the bank file.
    #[must_use]
    pub fn electronic(&self) -> &str {
        self.0.electronic_str()
    }

    /// The last four characters, the only part ever shown again.
    #[must_use]
    pub fn last_four(&self) -> String {
        last_four(self.electronic())
    }
}

impl fmt::Debug for SepaIban {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SepaIban(…{})", self.last_four())
    }
}

/// The last four characters of a stored IBAN.
#[must_use]
pub fn last_four(electronic: &str) -> String {
    let start = electronic.len().saturating_sub(4);
    electronic.get(start..).unwrap_or_default().to_owned()
}

/// A bank identifier code: 4 letters (bank), 2 letters (country), 2 letters or digits
/// (location), optionally 3 letters or digits (branch).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bic(String);

impl Bic {
    /// Parses an optional BIC; empty means none (SEPA no longer requires it).
    ///
    /// # Errors
    /// [`MandateInputError::BicFormat`].
    pub fn parse_optional(typed: &str) -> Result<Option<Self>, MandateInputError> {
        let compact: String = typed
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if compact.is_empty() {
            return Ok(None);
        }
        let b = compact.as_bytes();
        let shaped = (b.len() == 8 || b.len() == 11)
            && b[..6].iter().all(u8::is_ascii_uppercase)
            && b[6..].iter().all(u8::is_ascii_alphanumeric);
        if shaped {
            Ok(Some(Self(compact)))
        } else {
            Err(MandateInputError::BicFormat)
        }
    }

    /// The code.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The account holder as it appears on the bank's records.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HolderName(String);

impl HolderName {
    /// Parses a holder name: trimmed, not empty, at most [`HOLDER_MAX`] characters.
    ///
    /// # Errors
    /// [`MandateInputError::Missing`] or [`MandateInputError::TooLong`].
    pub fn parse(typed: &str) -> Result<Self, MandateInputError> {
        let name = typed.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            Err(MandateInputError::Missing)
        } else if name.chars().count() > HOLDER_MAX {
            Err(MandateInputError::TooLong)
        } else {
            Ok(Self(name))
        }
    }

    /// The name.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A unique mandate reference (RUM): at most 35 characters of the SEPA set.
#[must_use]
pub fn mandate_reference(prefix: &str, signed_on: time::Date, random: u64) -> String {
    let prefix: String = prefix
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .take(8)
        .collect();
    format!(
        "{prefix}-{:04}{:02}{:02}-{random:016X}",
        signed_on.year(),
        u8::from(signed_on.month()),
        signed_on.day()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_french_iban_typed_loosely_is_accepted() {
        let iban = SepaIban::parse(" fr76 3000 6000 0112 3456 7890 189 ").unwrap();
        assert_eq!(iban.electronic(), "FR7630006000011234567890189");
        assert_eq!(iban.last_four(), "0189");
        assert!(!format!("{iban:?}").contains("3000"));
    }

    #[test]
    fn each_fault_has_its_own_error() {
        assert_eq!(SepaIban::parse("  "), Err(MandateInputError::Missing));
        assert_eq!(
            SepaIban::parse("FR76 3000 €"),
            Err(MandateInputError::IbanFormat)
        );
        assert_eq!(
            SepaIban::parse("FR77 3000 6000 0112 3456 7890 189"),
            Err(MandateInputError::IbanChecksum)
        );
        // Valid checksum, but a French BBAN has 23 characters, not 21.
        assert_eq!(
            SepaIban::parse("FR2330006000011234567890"),
            Err(MandateInputError::IbanCountry)
        );
        // Brazil: a real IBAN country outside SEPA.
        assert_eq!(
            SepaIban::parse("BR1800360305000010009795493C1"),
            Err(MandateInputError::NotSepa)
        );
        assert!(SepaIban::parse("DE44500105175407324931").is_ok());
    }

    #[test]
    fn bic_is_optional_but_shaped() {
        assert_eq!(Bic::parse_optional(" "), Ok(None));
        assert_eq!(
            Bic::parse_optional("bnpafrpp").unwrap().unwrap().as_str(),
            "BNPAFRPP"
        );
        assert!(Bic::parse_optional("BNPAFRPPXXX").unwrap().is_some());
        assert_eq!(
            Bic::parse_optional("BNPA1RPP"),
            Err(MandateInputError::BicFormat)
        );
        assert_eq!(
            Bic::parse_optional("BNPAFRP"),
            Err(MandateInputError::BicFormat)
        );
    }

    #[test]
    fn holder_is_trimmed_and_bounded() {
        assert_eq!(
            HolderName::parse("  Claire   Martin ").unwrap().as_str(),
            "Claire Martin"
        );
        assert_eq!(HolderName::parse(""), Err(MandateInputError::Missing));
        assert_eq!(
            HolderName::parse(&"a".repeat(71)),
            Err(MandateInputError::TooLong)
        );
    }

    #[test]
    fn reference_fits_the_sepa_limit() {
        let date = time::macros::date!(2026 - 11 - 27);
        let rum = mandate_reference("Abri Assurances", date, u64::MAX);
        assert_eq!(rum, "ABRIASSU-20261127-FFFFFFFFFFFFFFFF");
        assert!(rum.len() <= 35);
    }
}
