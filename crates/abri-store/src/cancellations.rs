//! Cancellation requests: at most one pending per contract (a unique partial index).

use abri_domain::ids::ContractId;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::cells::Arg;
use crate::{Db, StoreError};

/// A pending request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingCancellation {
    /// Reason word.
    pub reason: String,
    /// The day the contract ends.
    pub effective_date: Date,
    /// When it was asked.
    pub created_at: OffsetDateTime,
}

impl Db {
    /// Records a request; false when one is already pending (a second confirmation).
    ///
    /// # Errors
    /// On a database failure.
    pub async fn insert_cancellation(
        &self,
        contract_id: ContractId,
        reason: &str,
        wished: Date,
        effective: Date,
        now: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        let done = self.write(
            "INSERT INTO cancellations (id, contract_id, reason, wished_date, effective_date, status, created_at) \
             VALUES ($1, $2, $3, $4, $5, 'pending', $6) ON CONFLICT DO NOTHING",
            &[
                Arg::Uuid(Uuid::now_v7()),
                Arg::Uuid(contract_id.0),
                Arg::Text(reason),
                Arg::Date(wished),
                Arg::Date(effective),
                Arg::Time(now),
            ],
        )
        .await?;
        Ok(done == 1)
    }

    /// The pending request of a contract, if any.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn pending_cancellation(
        &self,
        contract_id: ContractId,
    ) -> Result<Option<PendingCancellation>, StoreError> {
        let row: Option<(String, Date, OffsetDateTime)> = self.read_optional("SELECT reason, effective_date, created_at FROM cancellations WHERE contract_id = $1 AND status = 'pending'", &[Arg::Uuid(contract_id.0)]).await?;
        Ok(
            row.map(|(reason, effective_date, created_at)| PendingCancellation {
                reason,
                effective_date,
                created_at,
            }),
        )
    }

    /// Withdraws the pending request; false when there was none.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn withdraw_cancellation(
        &self,
        contract_id: ContractId,
        now: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        let done = self.write(
            "UPDATE cancellations SET status = 'withdrawn', withdrawn_at = $1 WHERE contract_id = $2 AND status = 'pending'",
            &[
                Arg::Time(now),
                Arg::Uuid(contract_id.0),
            ],
        )
        .await?;
        Ok(done == 1)
    }
}
