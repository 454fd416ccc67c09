//! Passkeys and WebAuthn ceremony states (both as JSON written by webauthn-rs).

use abri_domain::ids::CustomerId;
use sqlx::FromRow;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::cells::Arg;
use crate::resets::ms;
use crate::{Db, StoreError, dispatch};

/// A stored passkey.
#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct StoredPasskey {
    /// Id (for removal forms).
    pub id: Uuid,
    /// Credential id, base64url.
    pub credential_id: String,
    /// The passkey as webauthn-rs serialises it.
    pub passkey: String,
    /// The customer's name for it.
    pub name: String,
    /// Registered at.
    pub created_at: OffsetDateTime,
    /// Last used at.
    pub last_used_at: Option<OffsetDateTime>,
}

impl Db {
    /// Stores a new passkey.
    ///
    /// # Errors
    /// On a duplicate credential or a database failure.
    pub async fn insert_passkey(
        &self,
        customer_id: CustomerId,
        credential_id: &str,
        passkey: &str,
        name: &str,
        now: OffsetDateTime,
    ) -> Result<Uuid, StoreError> {
        let id = Uuid::now_v7();
        self.write(
            "INSERT INTO passkeys (id, customer_id, credential_id, passkey, name, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            &[
                Arg::Uuid(id),
                Arg::Uuid(customer_id.0),
                Arg::Text(credential_id),
                Arg::Text(passkey),
                Arg::Text(name),
                Arg::Time(now),
            ],
        )
        .await?;
        Ok(id)
    }

    /// A customer's passkeys, oldest first.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn passkeys_of(
        &self,
        customer_id: CustomerId,
    ) -> Result<Vec<StoredPasskey>, StoreError> {
        const SQL: &str = "SELECT id, credential_id, passkey, name, created_at, last_used_at FROM passkeys \
                           WHERE customer_id = $1 ORDER BY id";
        Ok(dispatch!(self, |pool| sqlx::query_as(SQL)
            .bind(customer_id.0)
            .fetch_all(pool)
            .await)?)
    }

    /// Saves a passkey's updated counter after a use.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn touch_passkey(
        &self,
        id: Uuid,
        passkey: &str,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        self.write(
            "UPDATE passkeys SET passkey = $1, last_used_at = $2 WHERE id = $3",
            &[Arg::Text(passkey), Arg::Time(now), Arg::Uuid(id)],
        )
        .await?;
        Ok(())
    }

    /// Removes one of the customer's passkeys; false when it is not theirs.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn remove_passkey(
        &self,
        customer_id: CustomerId,
        id: Uuid,
    ) -> Result<bool, StoreError> {
        let done = self
            .write(
                "DELETE FROM passkeys WHERE id = $1 AND customer_id = $2",
                &[Arg::Uuid(id), Arg::Uuid(customer_id.0)],
            )
            .await?;
        Ok(done == 1)
    }

    /// Keeps a ceremony's state until `expires_at`.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn insert_ceremony(
        &self,
        id_hash: &str,
        customer_id: Option<CustomerId>,
        kind: &str,
        state: &str,
        expires_at: OffsetDateTime,
    ) -> Result<(), StoreError> {
        self.write(
            "INSERT INTO webauthn_ceremonies (id_hash, customer_id, kind, state, expires_at_ms) \
                 VALUES ($1, $2, $3, $4, $5)",
            &[
                Arg::Text(id_hash),
                Arg::OptUuid(customer_id.map(|c| c.0)),
                Arg::Text(kind),
                Arg::Text(state),
                Arg::Int(ms(expires_at)),
            ],
        )
        .await?;
        Ok(())
    }

    /// Takes a live ceremony's state (once: it is deleted), if it is of `kind` and, when given,
    /// of this customer.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn take_ceremony(
        &self,
        id_hash: &str,
        kind: &str,
        customer_id: Option<CustomerId>,
        now: OffsetDateTime,
    ) -> Result<Option<String>, StoreError> {
        let row: Option<(String, Option<Uuid>)> = self
            .write_returning_first(
                "DELETE FROM webauthn_ceremonies WHERE id_hash = $1 AND kind = $2 AND expires_at_ms >= $3 \
                 RETURNING state, customer_id",
                &[Arg::Text(id_hash), Arg::Text(kind), Arg::Int(ms(now))],
            )
            .await?;
        Ok(row.and_then(|(state, owner)| (owner == customer_id.map(|c| c.0)).then_some(state)))
    }
}
