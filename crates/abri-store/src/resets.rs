//! Password-reset links and their SMS step. Every state change is one conditional `UPDATE`, so
//! that parallel redemptions of one link yield exactly one success on both databases.

use abri_domain::ids::CustomerId;
use abri_domain::resets::ResetState;
use sqlx::FromRow;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::cells::Arg;
use crate::{Db, StoreError, Tx, dispatch};

/// A reset as the journey reads it.
#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct ResetRow {
    /// Id.
    pub id: Uuid,
    /// Whose password.
    pub customer_id: Uuid,
    /// `pending`, `opened`, `used`, `voided`.
    pub state: String,
    /// Link expiry, unix ms.
    pub expires_at_ms: i64,
    /// Hash of the current SMS code.
    pub sms_code_hash: Option<String>,
    /// Its expiry, unix ms.
    pub sms_expires_at_ms: Option<i64>,
    /// Wrong codes so far.
    pub sms_failures: i64,
    /// Codes sent so far.
    pub sms_sends: i64,
    /// 1 once the code was right.
    pub sms_verified: i64,
    /// 1 once the second factor (or a recovery code) was proven.
    pub factor_verified: i64,
}

impl ResetRow {
    /// The customer.
    #[must_use]
    pub const fn customer(&self) -> CustomerId {
        CustomerId(self.customer_id)
    }
}

/// Unix milliseconds, as reset and job rows store them.
#[must_use]
pub fn ms(at: OffsetDateTime) -> i64 {
    i64::try_from(at.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
}

impl Tx {
    /// Records a new reset link for a customer and voids every older one still open.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn insert_reset(
        &mut self,
        customer_id: CustomerId,
        token_hash: &str,
        ip: Option<&str>,
        expires_at: OffsetDateTime,
        now: OffsetDateTime,
    ) -> Result<Uuid, StoreError> {
        let id = Uuid::now_v7();
        self.execute(
            "UPDATE password_resets SET state = 'voided' \
             WHERE customer_id = $1 AND state IN ('pending', 'opened')",
            &[Arg::Uuid(customer_id.0)],
        )
        .await?;
        self.execute(
            "INSERT INTO password_resets (id, customer_id, token_hash, state, created_at, expires_at_ms, ip) \
             VALUES ($1, $2, $3, 'pending', $4, $5, $6)",
            &[
                Arg::Uuid(id),
                Arg::Uuid(customer_id.0),
                Arg::Text(token_hash),
                Arg::Time(now),
                Arg::Int(ms(expires_at)),
                Arg::OptText(ip),
            ],
        )
        .await?;
        Ok(id)
    }

    /// Marks an opened reset used (the password is being changed in this transaction).
    /// Returns false when it was not open any more (used in parallel, voided, expired).
    ///
    /// # Errors
    /// On a database failure.
    pub async fn use_reset(&mut self, id: Uuid, now: OffsetDateTime) -> Result<bool, StoreError> {
        let done = self
            .execute(
                "UPDATE password_resets SET state = 'used' \
                 WHERE id = $1 AND state = 'opened' AND expires_at_ms >= $2",
                &[Arg::Uuid(id), Arg::Int(ms(now))],
            )
            .await?;
        Ok(done == 1)
    }
}

impl Db {
    /// Exchanges a link's token for a browser binding: succeeds once, for a pending link that
    /// has not expired. Returns the reset's id.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn open_reset(
        &self,
        token_hash: &str,
        browser_hash: &str,
        now: OffsetDateTime,
    ) -> Result<Option<Uuid>, StoreError> {
        let row: Option<(Uuid,)> = self
            .write_returning_first(
                "UPDATE password_resets SET state = 'opened', browser_hash = $1 \
                 WHERE token_hash = $2 AND state = 'pending' AND expires_at_ms >= $3 RETURNING id",
                &[
                    Arg::Text(browser_hash),
                    Arg::Text(token_hash),
                    Arg::Int(ms(now)),
                ],
            )
            .await?;
        Ok(row.map(|(id,)| id))
    }

    /// Whether a link's token is pending and unexpired (reading only).
    ///
    /// # Errors
    /// On a database failure.
    pub async fn reset_is_pending(
        &self,
        token_hash: &str,
        now: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        let row: Option<(i64,)> = self.read_optional("SELECT expires_at_ms FROM password_resets WHERE token_hash = $1 AND state = 'pending' AND expires_at_ms >= $2", &[Arg::Text(token_hash), Arg::Int(ms(now))]).await?;
        Ok(row.is_some())
    }

    /// The opened, unexpired reset bound to this browser.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn reset_of_browser(
        &self,
        browser_hash: &str,
        now: OffsetDateTime,
    ) -> Result<Option<ResetRow>, StoreError> {
        const SQL: &str = "SELECT id, customer_id, state, expires_at_ms, sms_code_hash, sms_expires_at_ms, \
                           sms_failures, sms_sends, sms_verified, factor_verified FROM password_resets \
                           WHERE browser_hash = $1 AND state = 'opened' AND expires_at_ms >= $2";
        Ok(dispatch!(self, |pool| {
            sqlx::query_as(SQL)
                .bind(browser_hash)
                .bind(ms(now))
                .fetch_optional(pool)
                .await
        })?)
    }

    /// Stores a new SMS code (replacing any earlier one) if fewer than `max_sends` were sent.
    /// Returns false when the quota is spent.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn set_reset_sms_code(
        &self,
        id: Uuid,
        code_hash: &str,
        expires_at: OffsetDateTime,
        max_sends: i64,
    ) -> Result<bool, StoreError> {
        let done = self.write(
            "UPDATE password_resets SET sms_code_hash = $1, sms_expires_at_ms = $2, sms_sends = sms_sends + 1 \
             WHERE id = $3 AND state = 'opened' AND sms_sends < $4",
            &[
                Arg::Text(code_hash),
                Arg::Int(ms(expires_at)),
                Arg::Uuid(id),
                Arg::Int(max_sends),
            ],
        )
        .await?;
        Ok(done == 1)
    }

    /// Records a wrong SMS code; at `max_failures` the reset is voided. Returns the count.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn fail_reset_sms(&self, id: Uuid, max_failures: i64) -> Result<i64, StoreError> {
        let (failures,): (i64,) = self
            .write_returning_one(
                "UPDATE password_resets SET sms_failures = sms_failures + 1, \
                 state = CASE WHEN sms_failures + 1 >= $1 THEN 'voided' ELSE state END \
                 WHERE id = $2 RETURNING sms_failures",
                &[Arg::Int(max_failures), Arg::Uuid(id)],
            )
            .await?;
        Ok(failures)
    }

    /// Records the right SMS code (once: the code is cleared).
    ///
    /// # Errors
    /// On a database failure.
    pub async fn verify_reset_sms(&self, id: Uuid, code_hash: &str) -> Result<bool, StoreError> {
        let done = self
            .write(
                "UPDATE password_resets SET sms_verified = 1, sms_code_hash = NULL \
                 WHERE id = $1 AND state = 'opened' AND sms_code_hash = $2",
                &[Arg::Uuid(id), Arg::Text(code_hash)],
            )
            .await?;
        Ok(done == 1)
    }

    /// The state of a reset, by id (tests and support).
    ///
    /// # Errors
    /// On a database failure.
    pub async fn reset_state(&self, id: Uuid) -> Result<Option<ResetState>, StoreError> {
        let row: Option<(String,)> = self
            .read_optional(
                "SELECT state FROM password_resets WHERE id = $1",
                &[Arg::Uuid(id)],
            )
            .await?;
        Ok(row.and_then(|(s,)| match s.as_str() {
            "pending" => Some(ResetState::Pending),
            "opened" => Some(ResetState::Opened),
            "used" => Some(ResetState::Used),
            "voided" => Some(ResetState::Voided),
            _ => None,
        }))
    }

    /// The ids of the newest resets, newest first (tests and support).
    ///
    /// # Errors
    /// On a database failure.
    pub async fn recent_resets(&self, limit: i64) -> Result<Vec<Uuid>, StoreError> {
        let rows: Vec<(Uuid,)> = dispatch!(self, |pool| {
            sqlx::query_as("SELECT id FROM password_resets ORDER BY id DESC LIMIT $1")
                .bind(limit)
                .fetch_all(pool)
                .await
        })?;
        Ok(rows.into_iter().map(|(id,)| id).collect())
    }
}
