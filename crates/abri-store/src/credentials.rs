//! A customer's password credential: its hash (PHC string), read at sign-in and replaced.

use abri_domain::ids::CustomerId;
use time::OffsetDateTime;

use crate::cells::Arg;
use crate::{Db, StoreError, Tx};

impl Db {
    /// The customer's password hash (PHC string).
    ///
    /// # Errors
    /// On a database failure.
    pub async fn password_hash(&self, id: CustomerId) -> Result<Option<String>, StoreError> {
        const SQL: &str = "SELECT password_hash FROM credentials WHERE customer_id = $1";
        let hash: Option<(String,)> = self.read_optional(SQL, &[Arg::Uuid(id.0)]).await?;
        Ok(hash.map(|(h,)| h))
    }

    /// Replaces the customer's password hash on its own (a re-hash at sign-in).
    ///
    /// # Errors
    /// On a database failure.
    pub async fn set_password_hash(
        &self,
        id: CustomerId,
        hash: &str,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        tx.set_password_hash(id, hash, now).await?;
        tx.commit().await
    }
}

impl Tx {
    /// Replaces the customer's password hash, in this transaction.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn set_password_hash(
        &mut self,
        id: CustomerId,
        hash: &str,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        self.execute(
            "UPDATE credentials SET password_hash = $1, updated_at = $2 WHERE customer_id = $3",
            &[Arg::Text(hash), Arg::Time(now), Arg::Uuid(id.0)],
        )
        .await?;
        Ok(())
    }
}
