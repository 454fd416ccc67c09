//! Proof-of-work solutions, each accepted once: the primary key refuses the second.

use time::OffsetDateTime;

use crate::cells::Arg;
use crate::resets::ms;
use crate::{Db, StoreError};

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
        self.write(
            "DELETE FROM captcha_solutions WHERE expires_at_ms < $1",
            &[Arg::Int(ms(now))],
        )
        .await?;
        let inserted = self
            .write(
                "INSERT INTO captcha_solutions (signature, expires_at_ms) VALUES ($1, $2) \
                 ON CONFLICT (signature) DO NOTHING",
                &[Arg::Text(signature), Arg::Int(ms(expires_at))],
            )
            .await?;
        Ok(inserted == 1)
    }
}
