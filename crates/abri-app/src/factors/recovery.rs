//! Recovery codes: ten of 80 bits each (`ABCD-EFGH-JKMN-PQRS`), stored as SHA-256, single use.

use abri_store::customers::Customer;

use crate::auth::{SessionOrigin, SignedIn};
use crate::tokens::hash_secret;
use crate::{App, AppError};

/// How many codes a set has.
pub const RECOVERY_CODES: usize = 10;

/// Letters and digits that cannot be mistaken for one another (Crockford's base 32).
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A new set: the codes to show once, and their hashes to store.
pub(super) fn new_codes() -> (Vec<String>, Vec<String>) {
    (0..RECOVERY_CODES)
        .map(|_| {
            let raw: String = (0..16)
                .map(|_| char::from(ALPHABET[usize::from(rand::random::<u8>() % 32)]))
                .collect();
            let shown = format!(
                "{}-{}-{}-{}",
                &raw[0..4],
                &raw[4..8],
                &raw[8..12],
                &raw[12..16]
            );
            (shown, hash_secret(&raw))
        })
        .unzip()
}

/// A typed code as stored: upper case, without separators, `O`→`0`, `I`/`L`→`1`.
fn normalise(input: &str) -> String {
    input
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        })
        .collect()
}

impl App {
    pub(super) async fn use_recovery_code(
        &self,
        customer: &Customer,
        input: &str,
        origin: &SessionOrigin,
    ) -> Result<(), AppError> {
        let code = normalise(input);
        if code.len() != 16
            || !self
                .db
                .use_recovery_code(customer.id, &hash_secret(&code), self.clock.now())
                .await?
        {
            return Err(AppError::invalid("code", "error-factor-wrong"));
        }
        self.factor_event(
            customer,
            origin,
            "recovery_code_used",
            "success",
            Some(("email-recovery-used-subject", "email-recovery-used-body")),
        )
        .await
    }

    /// A new set of recovery codes (the old set is void), after a fresh code from the app.
    ///
    /// # Errors
    /// [`AppError::Invalid`] on `code`; [`AppError::NotFound`] without a factor.
    pub async fn regenerate_recovery_codes(
        &self,
        who: &SignedIn,
        code: &str,
        origin: &SessionOrigin,
    ) -> Result<Vec<String>, AppError> {
        if !self.has_totp(&who.customer).await? {
            return Err(AppError::NotFound);
        }
        self.check_totp(&who.customer, code.trim(), origin).await?;
        let (codes, hashes) = new_codes();
        let now = self.clock.now();
        let mut tx = self.db.begin().await?;
        tx.replace_recovery_codes(who.customer.id, &hashes, now)
            .await?;
        tx.commit().await?;
        self.factor_event(
            &who.customer,
            origin,
            "recovery_codes_regenerated",
            "success",
            None,
        )
        .await?;
        Ok(codes)
    }

    /// How many unused recovery codes the customer has left.
    ///
    /// # Errors
    /// On a storage failure.
    pub async fn recovery_codes_left(&self, who: &SignedIn) -> Result<i64, AppError> {
        Ok(self.db.recovery_codes_left(who.customer.id).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_many_unique_and_forgiving_to_type() {
        let (codes, hashes) = new_codes();
        assert_eq!(codes.len(), 10);
        assert_eq!(codes[0].len(), 19);
        let unique: std::collections::HashSet<_> = hashes.iter().collect();
        assert_eq!(unique.len(), 10);
        assert_eq!(hash_secret(&normalise(&codes[3].to_lowercase())), hashes[3]);
        assert_eq!(normalise("abcd efgh-jkmn pqrs"), "ABCDEFGHJKMNPQRS");
        assert_eq!(normalise("OIL"), "011");
    }
}
