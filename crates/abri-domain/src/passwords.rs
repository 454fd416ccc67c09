//! The policy for new passwords (SECURITY.md 1–2): 12 to 128 characters after NFKC, no
//! composition rules, zxcvbn score ≥ 3, not on the bundled list of common or breached
//! passwords, not containing the customer number, the e-mail's local part or the brand.

use std::collections::HashSet;
use std::fmt;
use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;

/// Fewest characters accepted.
pub const MIN_CHARS: usize = 12;
/// Most characters accepted; longer is refused before any hashing.
pub const MAX_CHARS: usize = 128;
/// Lowest zxcvbn score accepted (0–4).
pub const MIN_SCORE: u8 = 3;

/// Why a new password was refused; each has its own message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PasswordRefusal {
    /// Nothing typed.
    Missing,
    /// Fewer than [`MIN_CHARS`] characters.
    TooShort,
    /// More than [`MAX_CHARS`] characters.
    TooLong,
    /// The two entries differ.
    Mismatch,
    /// On the list of common or breached passwords.
    Common,
    /// Contains one of the account's own words (customer number, e-mail name, brand).
    ContainsPersonalWord,
    /// Easy to guess all the same (zxcvbn score below [`MIN_SCORE`]).
    TooWeak,
}

/// Words a password must not contain, for this account.
#[derive(Clone, Debug, Default)]
pub struct PasswordContext {
    /// Lower-case words (customer number, e-mail local part, brand words).
    words: Vec<String>,
}

impl PasswordContext {
    /// The account's own words; pieces shorter than 4 characters are ignored.
    #[must_use]
    pub fn new(customer_number: &str, email: &str, brand: &str) -> Self {
        let local = email.split('@').next().unwrap_or_default();
        let words = [customer_number, local, brand]
            .into_iter()
            .chain(brand.split_whitespace())
            .chain(local.split(['.', '-', '_', '+']))
            .map(|w| w.trim().to_lowercase())
            .filter(|w| w.chars().count() >= 4)
            .collect();
        Self { words }
    }
}

/// A new password that passed the policy, NFKC-normalised: hash exactly these bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

impl NewPassword {
    /// Applies the policy to a password typed twice.
    ///
    /// # Errors
    /// The first rule it breaks, in the order a person would fix them.
    pub fn parse(
        raw: &str,
        again: &str,
        context: &PasswordContext,
    ) -> Result<Self, PasswordRefusal> {
        if raw.is_empty() {
            return Err(PasswordRefusal::Missing);
        }
        if raw.chars().count() > MAX_CHARS * 4 {
            return Err(PasswordRefusal::TooLong);
        }
        let password: String = raw.nfkc().collect();
        let length = password.chars().count();
        if length < MIN_CHARS {
            return Err(PasswordRefusal::TooShort);
        }
        if length > MAX_CHARS {
            return Err(PasswordRefusal::TooLong);
        }
        if again.nfkc().collect::<String>() != password {
            return Err(PasswordRefusal::Mismatch);
        }
        let lower = password.to_lowercase();
        if common_passwords().contains(lower.as_str()) {
            return Err(PasswordRefusal::Common);
        }
        if context.words.iter().any(|w| lower.contains(w.as_str())) {
            return Err(PasswordRefusal::ContainsPersonalWord);
        }
        if strength(&password, context) < MIN_SCORE {
            return Err(PasswordRefusal::TooWeak);
        }
        Ok(Self(password))
    }

    /// The bytes to hash.
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(…)")
    }
}

/// zxcvbn's score (0–4). Only the first 72 characters are scored: the estimator slows down on
/// very long input, and a passphrase that long is strong anyway.
#[must_use]
pub fn strength(password: &str, context: &PasswordContext) -> u8 {
    let scored: String = password.chars().take(72).collect();
    let inputs: Vec<&str> = context.words.iter().map(String::as_str).collect();
    u8::from(zxcvbn::zxcvbn(&scored, &inputs).score())
}

/// The bundled list of common and breached passwords (see `data/README.md`).
fn common_passwords() -> &'static HashSet<&'static str> {
    static LIST: OnceLock<HashSet<&'static str>> = OnceLock::new();
    LIST.get_or_init(|| {
        include_str!("../data/common-passwords.txt")
            .lines()
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context() -> PasswordContext {
        PasswordContext::new("C10000001", "camille.martin@example.fr", "Abri Protection")
    }

    fn check(password: &str) -> Result<NewPassword, PasswordRefusal> {
        NewPassword::parse(password, password, &context())
    }

    #[test]
    fn the_list_is_large_enough() {
        assert!(common_passwords().len() >= 10_000);
        assert!(common_passwords().contains("azerty"));
    }

    #[test]
    fn each_rule_has_its_refusal() {
        assert_eq!(check(""), Err(PasswordRefusal::Missing));
        assert_eq!(
            check("Zk4!pQ9@wL2"),
            Err(PasswordRefusal::TooShort),
            "11 characters"
        );
        assert_eq!(
            check(&"Zk4!pQ9@wL2#".repeat(11)[..129]),
            Err(PasswordRefusal::TooLong),
            "129"
        );
        assert_eq!(
            NewPassword::parse("Zk4!pQ9@wL2#xY", "Zk4!pQ9@wL2#xy", &context()),
            Err(PasswordRefusal::Mismatch)
        );
        assert_eq!(check("1q2w3e4r5t6y"), Err(PasswordRefusal::Common));
        assert_eq!(
            check("QWERTYUIOP123"),
            Err(PasswordRefusal::Common),
            "case does not help"
        );
        assert_eq!(
            check("mon-C10000001-secret!"),
            Err(PasswordRefusal::ContainsPersonalWord)
        );
        assert_eq!(
            check("c10000001 est mon numéro"),
            Err(PasswordRefusal::ContainsPersonalWord)
        );
        assert_eq!(
            check("Martin-Chemin-Vert-88"),
            Err(PasswordRefusal::ContainsPersonalWord),
            "e-mail name"
        );
        assert_eq!(
            check("j'aime abri protection!"),
            Err(PasswordRefusal::ContainsPersonalWord),
            "brand"
        );
        assert_eq!(check("aaaaaaaaaaaaaaaa"), Err(PasswordRefusal::TooWeak));
        assert_eq!(check("abcabcabcabc1"), Err(PasswordRefusal::TooWeak));
    }

    #[test]
    fn strong_passwords_pass_whole() {
        assert!(check("Tournesol-Lyon-2026").is_ok());
        assert!(
            check(&"correct horse battery staple ".repeat(5)[..128]).is_ok(),
            "128 characters"
        );
        let emoji = "🏠 ma maison 🔐 bien gardée 🐕";
        let ok = check(emoji).unwrap();
        assert_eq!(
            ok.as_bytes(),
            emoji.as_bytes(),
            "spaces and emoji kept, nothing truncated"
        );
    }

    #[test]
    fn compatibility_forms_are_normalised() {
        let fullwidth = "Ｔｏｕｒｎｅｓｏｌ-Ｌｙｏｎ-2026";
        let ok = NewPassword::parse(fullwidth, "Tournesol-Lyon-2026", &context()).unwrap();
        assert_eq!(ok.as_bytes(), b"Tournesol-Lyon-2026");
    }
}
