//! Changes of e-mail or phone awaiting their code, and the change itself.

use abri_domain::ids::CustomerId;
use time::OffsetDateTime;

use crate::cells::Arg;
use crate::resets::ms;
use crate::{Db, StoreError};

/// A change waiting for its code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingContact {
    /// The new address or number.
    pub new_value: String,
    /// Hash of the code sent to it.
    pub code_hash: String,
    /// Expiry, unix ms.
    pub expires_at_ms: i64,
    /// Wrong tries.
    pub failures: i64,
}

impl Db {
    /// Starts (or restarts) a change of `kind` (`email`, `phone`).
    ///
    /// # Errors
    /// On a database failure.
    pub async fn start_contact_change(
        &self,
        customer_id: CustomerId,
        kind: &str,
        new_value: &str,
        code_hash: &str,
        expires_at: OffsetDateTime,
    ) -> Result<(), StoreError> {
        self.write(
            "INSERT INTO contact_changes (customer_id, kind, new_value, code_hash, expires_at_ms, failures) \
             VALUES ($1, $2, $3, $4, $5, 0) ON CONFLICT (customer_id, kind) DO UPDATE SET \
             new_value = excluded.new_value, code_hash = excluded.code_hash, \
             expires_at_ms = excluded.expires_at_ms, failures = 0",
            &[
                Arg::Uuid(customer_id.0),
                Arg::Text(kind),
                Arg::Text(new_value),
                Arg::Text(code_hash),
                Arg::Int(ms(expires_at)),
            ],
        )
        .await?;
        Ok(())
    }

    /// The change of `kind` waiting for its code.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn pending_contact(
        &self,
        customer_id: CustomerId,
        kind: &str,
    ) -> Result<Option<PendingContact>, StoreError> {
        let row: Option<(String, String, i64, i64)> = self.read_optional("SELECT new_value, code_hash, expires_at_ms, failures FROM contact_changes WHERE customer_id = $1 AND kind = $2", &[Arg::Uuid(customer_id.0), Arg::Text(kind)]).await?;
        Ok(row.map(
            |(new_value, code_hash, expires_at_ms, failures)| PendingContact {
                new_value,
                code_hash,
                expires_at_ms,
                failures,
            },
        ))
    }

    /// Counts a wrong code; returns the count.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn fail_contact_change(
        &self,
        customer_id: CustomerId,
        kind: &str,
    ) -> Result<i64, StoreError> {
        let (n,): (i64,) = self
            .write_returning_one(
                "UPDATE contact_changes SET failures = failures + 1 WHERE customer_id = $1 AND kind = $2 RETURNING failures",
                &[Arg::Uuid(customer_id.0), Arg::Text(kind)],
            )
            .await?;
        Ok(n)
    }

    /// Applies a proven change (the new contact is verified) and forgets the pending row.
    /// False when the pending row was gone (applied in parallel).
    ///
    /// # Errors
    /// On a database failure, or an e-mail address another account uses.
    pub async fn apply_contact_change(
        &self,
        customer_id: CustomerId,
        kind: &str,
        new_value: &str,
        now: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin().await?;
        let taken = tx
            .execute(
                "DELETE FROM contact_changes WHERE customer_id = $1 AND kind = $2",
                &[Arg::Uuid(customer_id.0), Arg::Text(kind)],
            )
            .await?;
        if taken == 1 && kind == "email" {
            tx.execute(
                "UPDATE customers SET email = $1 WHERE id = $2",
                &[Arg::Text(new_value), Arg::Uuid(customer_id.0)],
            )
            .await?;
        } else if taken == 1 {
            tx.execute(
                "UPDATE customers SET phone = $1, phone_verified_at = $2 WHERE id = $3",
                &[
                    Arg::Text(new_value),
                    Arg::Time(now),
                    Arg::Uuid(customer_id.0),
                ],
            )
            .await?;
        }
        tx.commit().await?;
        Ok(taken == 1)
    }

    /// Forgets a pending change (too many wrong codes).
    ///
    /// # Errors
    /// On a database failure.
    pub async fn drop_contact_change(
        &self,
        customer_id: CustomerId,
        kind: &str,
    ) -> Result<(), StoreError> {
        self.write(
            "DELETE FROM contact_changes WHERE customer_id = $1 AND kind = $2",
            &[Arg::Uuid(customer_id.0), Arg::Text(kind)],
        )
        .await?;
        Ok(())
    }
}
