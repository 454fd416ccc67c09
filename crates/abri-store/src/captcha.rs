//! Proof-of-work solutions, each accepted once: the primary key refuses the second.

use time::OffsetDateTime;

use crate::resets::ms;
use crate::{Db, StoreError, dispatch_write};

impl Db {
    /// Records a solution's signature; false when it was already used. Expired ones are pruned.
    ///
    /// # Errors
    /// On a database failure other than the duplicate.
    pub async fn use_captcha_solution(
        &self,
        signature: &str,
        expires_at: OffsetDateTime,
        now: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        dispatch_write!(self, |pool| {
            sqlx::query("DELETE FROM captcha_solutions WHERE expires_at_ms < $1")
                .bind(ms(now))
                .execute(pool)
                .await
                .map(|r| r.rows_affected())
        })?;
        let inserted = dispatch_write!(self, |pool| {
            sqlx::query(
                "INSERT INTO captcha_solutions (signature, expires_at_ms) VALUES ($1, $2) \
                 ON CONFLICT (signature) DO NOTHING",
            )
            .bind(signature)
            .bind(ms(expires_at))
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
        })?;
        Ok(inserted == 1)
    }
}
