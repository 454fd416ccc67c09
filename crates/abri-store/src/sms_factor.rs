//! The SMS second factor and its codes in flight.

use abri_domain::ids::CustomerId;
use time::OffsetDateTime;

use crate::cells::Arg;
use crate::resets::ms;
use crate::{Db, StoreError};

/// A code in flight.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SmsChallenge {
    /// Hash of the code.
    pub code_hash: String,
    /// Expiry, unix ms.
    pub expires_at_ms: i64,
    /// Wrong tries so far.
    pub failures: i64,
}

impl Db {
    /// Turns the SMS factor on.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn enable_sms_factor(
        &self,
        customer_id: CustomerId,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        self.write(
            "INSERT INTO sms_factors (customer_id, enabled_at) VALUES ($1, $2) ON CONFLICT (customer_id) DO NOTHING",
            &[
                Arg::Uuid(customer_id.0),
                Arg::Time(now),
            ],
        )
        .await?;
        Ok(())
    }

    /// Turns the SMS factor off.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn disable_sms_factor(&self, customer_id: CustomerId) -> Result<bool, StoreError> {
        let done = self
            .write(
                "DELETE FROM sms_factors WHERE customer_id = $1",
                &[Arg::Uuid(customer_id.0)],
            )
            .await?;
        Ok(done == 1)
    }

    /// Whether the SMS factor is on.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn has_sms_factor(&self, customer_id: CustomerId) -> Result<bool, StoreError> {
        let row: Option<(OffsetDateTime,)> = self
            .read_optional(
                "SELECT enabled_at FROM sms_factors WHERE customer_id = $1",
                &[Arg::Uuid(customer_id.0)],
            )
            .await?;
        Ok(row.is_some())
    }

    /// Puts a new code in flight for `purpose`, replacing any earlier one (tries start again).
    ///
    /// # Errors
    /// On a database failure.
    pub async fn set_sms_challenge(
        &self,
        customer_id: CustomerId,
        purpose: &str,
        code_hash: &str,
        expires_at: OffsetDateTime,
    ) -> Result<(), StoreError> {
        self.write(
            "INSERT INTO sms_challenges (customer_id, purpose, code_hash, expires_at_ms, failures) \
                 VALUES ($1, $2, $3, $4, 0) ON CONFLICT (customer_id, purpose) DO UPDATE SET \
                 code_hash = excluded.code_hash, expires_at_ms = excluded.expires_at_ms, \
                 failures = sms_challenges.failures",
            &[
                Arg::Uuid(customer_id.0),
                Arg::Text(purpose),
                Arg::Text(code_hash),
                Arg::Int(ms(expires_at)),
            ],
        )
        .await?;
        Ok(())
    }

    /// The code in flight for `purpose`.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn sms_challenge(
        &self,
        customer_id: CustomerId,
        purpose: &str,
    ) -> Result<Option<SmsChallenge>, StoreError> {
        let row: Option<(String, i64, i64)> = self.read_optional("SELECT code_hash, expires_at_ms, failures FROM sms_challenges WHERE customer_id = $1 AND purpose = $2", &[Arg::Uuid(customer_id.0), Arg::Text(purpose)]).await?;
        Ok(
            row.map(|(code_hash, expires_at_ms, failures)| SmsChallenge {
                code_hash,
                expires_at_ms,
                failures,
            }),
        )
    }

    /// Counts a wrong code; returns the count.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn fail_sms_challenge(
        &self,
        customer_id: CustomerId,
        purpose: &str,
    ) -> Result<i64, StoreError> {
        let (n,): (i64,) = self
            .write_returning_one(
                "UPDATE sms_challenges SET failures = failures + 1 WHERE customer_id = $1 AND purpose = $2 \
                 RETURNING failures",
                &[Arg::Uuid(customer_id.0), Arg::Text(purpose)],
            )
            .await?;
        Ok(n)
    }

    /// Ends the code in flight (used, or dead after too many tries); true when it existed.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn end_sms_challenge(
        &self,
        customer_id: CustomerId,
        purpose: &str,
        code_hash: Option<&str>,
    ) -> Result<bool, StoreError> {
        let done = self
            .write(
                "DELETE FROM sms_challenges WHERE customer_id = $1 AND purpose = $2 \
                 AND ($3 IS NULL OR code_hash = $3)",
                &[
                    Arg::Uuid(customer_id.0),
                    Arg::Text(purpose),
                    Arg::OptText(code_hash),
                ],
            )
            .await?;
        Ok(done == 1)
    }
}
