//! What the customer said of a triggered alarm: once per alarm (the panel and the moment it
//! went off).

use abri_domain::alarm::Verdict;
use abri_domain::ids::{CustomerId, PanelId};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::cells::Arg;
use crate::{Db, StoreError, Tx};

impl Db {
    /// The verdict on the alarm that went off at `triggered_at`, with when it was given.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn verdict_on(
        &self,
        panel_id: PanelId,
        triggered_at: OffsetDateTime,
    ) -> Result<Option<(Verdict, OffsetDateTime)>, StoreError> {
        let row: Option<(String, OffsetDateTime)> = self
            .read_optional(
                "SELECT outcome, decided_at FROM alarm_verifications \
                 WHERE panel_id = $1 AND triggered_at = $2",
                &[Arg::Uuid(panel_id.0), Arg::Time(triggered_at)],
            )
            .await?;
        Ok(row.and_then(|(word, at)| Verdict::from_word(&word).map(|v| (v, at))))
    }
}

impl Tx {
    /// Records the verdict unless one was already given for this alarm; whether it was.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn insert_verdict(
        &mut self,
        panel_id: PanelId,
        customer_id: CustomerId,
        triggered_at: OffsetDateTime,
        verdict: Verdict,
        now: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        let done = self
            .execute(
                "INSERT INTO alarm_verifications (id, panel_id, customer_id, triggered_at, \
                 outcome, decided_at) VALUES ($1, $2, $3, $4, $5, $6) \
                 ON CONFLICT (panel_id, triggered_at) DO NOTHING",
                &[
                    Arg::Uuid(Uuid::now_v7()),
                    Arg::Uuid(panel_id.0),
                    Arg::Uuid(customer_id.0),
                    Arg::Time(triggered_at),
                    Arg::Text(verdict.word()),
                    Arg::Time(now),
                ],
            )
            .await?;
        Ok(done == 1)
    }
}
