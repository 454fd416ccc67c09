//! Server-side sessions, keyed by the hash of the cookie's secret (never the secret itself).

use abri_domain::ids::CustomerId;
use abri_domain::sessions::SessionTimes;

use time::OffsetDateTime;
use uuid::Uuid;

use crate::cells::{Arg, Columns, FromColumns, Row};
use crate::{Db, StoreError, Tx};

/// A stored session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredSession {
    /// Hex SHA-256 of the cookie value.
    pub id_hash: String,
    /// Who is signed in.
    pub customer_id: CustomerId,
    /// Creation and last use.
    pub times: SessionTimes,
    /// When the customer last proved who they are (sign-in, or a confirmation).
    pub fresh_at: OffsetDateTime,
}

/// Where a session was opened from, for the sessions page.
#[derive(Clone, Debug, Default)]
pub struct SessionOrigin {
    /// Client IP address.
    pub ip: Option<String>,
    /// Browser's User-Agent, truncated.
    pub user_agent: Option<String>,
}

struct SessionRow {
    id_hash: String,
    customer_id: Uuid,
    created_at: OffsetDateTime,
    last_seen_at: OffsetDateTime,
    fresh_at: OffsetDateTime,
}

impl FromColumns for SessionRow {
    fn from_columns<R: Row>(c: &mut Columns<'_, R>) -> Result<Self, StoreError> {
        Ok(Self {
            id_hash: c.next()?,
            customer_id: c.next()?,
            created_at: c.next()?,
            last_seen_at: c.next()?,
            fresh_at: c.next()?,
        })
    }
}

impl FromColumns for SessionListing {
    fn from_columns<R: Row>(c: &mut Columns<'_, R>) -> Result<Self, StoreError> {
        Ok(Self {
            public_id: c.next()?,
            id_hash: c.next()?,
            created_at: c.next()?,
            last_seen_at: c.next()?,
            ip: c.next()?,
            user_agent: c.next()?,
        })
    }
}

const INSERT_SESSION: &str = "INSERT INTO sessions \
    (id_hash, public_id, customer_id, created_at, last_seen_at, fresh_at, ip, user_agent) \
    VALUES ($1, $2, $3, $4, $4, $4, $5, $6)";

/// A session as its owner sees it on the security page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionListing {
    /// Public id (revocation forms name it; the secret's hash never leaves the server).
    pub public_id: Uuid,
    /// Hash of the secret, to mark the current session.
    pub id_hash: String,
    /// Created at sign-in.
    pub created_at: OffsetDateTime,
    /// Last used.
    pub last_seen_at: OffsetDateTime,
    /// IP address at sign-in.
    pub ip: Option<String>,
    /// Browser at sign-in.
    pub user_agent: Option<String>,
}

impl Db {
    /// Stores a new session.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn insert_session(
        &self,
        id_hash: &str,
        customer_id: CustomerId,
        origin: &SessionOrigin,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        tx.insert_session(id_hash, customer_id, origin, now).await?;
        tx.commit().await
    }

    /// The session with this id hash, live or not (the caller applies the expiry rule).
    ///
    /// # Errors
    /// On a database failure.
    pub async fn session(&self, id_hash: &str) -> Result<Option<StoredSession>, StoreError> {
        const SQL: &str = "SELECT id_hash, customer_id, created_at, last_seen_at, fresh_at \
                           FROM sessions WHERE id_hash = $1";
        let row: Option<SessionRow> = self.read_optional(SQL, &[Arg::Text(id_hash)]).await?;
        Ok(row.map(|r| StoredSession {
            id_hash: r.id_hash,
            customer_id: CustomerId(r.customer_id),
            times: SessionTimes {
                created_at: r.created_at,
                last_seen_at: r.last_seen_at,
            },
            fresh_at: r.fresh_at,
        }))
    }

    /// The times of those of `id_hashes` that still have a row (live or not: the caller applies
    /// the expiry rule), in one query: the live streams' sessions are checked together.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn session_times_among(
        &self,
        id_hashes: &[String],
    ) -> Result<Vec<(String, SessionTimes)>, StoreError> {
        // The list travels as one JSON array, so the statement stays the same for any length.
        let list = serde_json::to_string(id_hashes).unwrap_or_else(|_| "[]".into());
        let rows: Vec<(String, OffsetDateTime, OffsetDateTime)> = match self {
            Self::Sqlite(pools) => crate::lend!(pools.read, |conn| {
                sqlx::query_as(
                    "SELECT id_hash, created_at, last_seen_at FROM sessions \
                     WHERE id_hash IN (SELECT value FROM json_each($1))",
                )
                .bind(list)
                .fetch_all(conn)
                .await
            })?,
            Self::Postgres(pool) => {
                sqlx::query_as(
                    "SELECT id_hash, created_at, last_seen_at FROM sessions \
                     WHERE id_hash IN (SELECT json_array_elements_text($1::json))",
                )
                .bind(list)
                .fetch_all(pool)
                .await?
            }
        };
        Ok(rows
            .into_iter()
            .map(|(hash, created_at, last_seen_at)| {
                (
                    hash,
                    SessionTimes {
                        created_at,
                        last_seen_at,
                    },
                )
            })
            .collect())
    }

    /// Records that the customer just proved who they are again in this session.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn refresh_session(
        &self,
        id_hash: &str,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        self.write(
            "UPDATE sessions SET fresh_at = $1 WHERE id_hash = $2",
            &[Arg::Time(now), Arg::Text(id_hash)],
        )
        .await?;
        Ok(())
    }

    /// Marks a session as used now.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn touch_session(
        &self,
        id_hash: &str,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        self.write(
            "UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2",
            &[Arg::Time(now), Arg::Text(id_hash)],
        )
        .await?;
        Ok(())
    }

    /// Ends one session.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn delete_session(&self, id_hash: &str) -> Result<(), StoreError> {
        self.write(
            "DELETE FROM sessions WHERE id_hash = $1",
            &[Arg::Text(id_hash)],
        )
        .await?;
        Ok(())
    }

    /// Ends every session of a customer; returns how many there were.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn delete_sessions_of(&self, customer_id: CustomerId) -> Result<u64, StoreError> {
        let mut tx = self.begin().await?;
        let done = tx.delete_sessions_of(customer_id).await?;
        tx.commit().await?;
        Ok(done)
    }
}

impl Tx {
    /// Stores a new session, in this transaction.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn insert_session(
        &mut self,
        id_hash: &str,
        customer_id: CustomerId,
        origin: &SessionOrigin,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        self.execute(
            INSERT_SESSION,
            &[
                Arg::Text(id_hash),
                Arg::Uuid(Uuid::now_v7()),
                Arg::Uuid(customer_id.0),
                Arg::Time(now),
                Arg::OptText(origin.ip.as_deref()),
                Arg::OptText(origin.user_agent.as_deref()),
            ],
        )
        .await?;
        Ok(())
    }

    /// Ends every session of a customer, in this transaction; returns how many there were.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn delete_sessions_of(&mut self, customer_id: CustomerId) -> Result<u64, StoreError> {
        self.execute(
            "DELETE FROM sessions WHERE customer_id = $1",
            &[Arg::Uuid(customer_id.0)],
        )
        .await
    }
}

impl Db {
    /// A customer's sessions, newest first (expired ones are filtered by the caller's rule).
    ///
    /// # Errors
    /// On a database failure.
    pub async fn sessions_of(
        &self,
        customer_id: CustomerId,
    ) -> Result<Vec<SessionListing>, StoreError> {
        const SQL: &str = "SELECT public_id, id_hash, created_at, last_seen_at, ip, user_agent \
                           FROM sessions WHERE customer_id = $1 ORDER BY last_seen_at DESC";
        self.read_all(SQL, &[Arg::Uuid(customer_id.0)]).await
    }

    /// Ends one session of this customer (another customer's id ends nothing). Returns whether
    /// a session was ended.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn revoke_session(
        &self,
        customer_id: CustomerId,
        public_id: Uuid,
    ) -> Result<bool, StoreError> {
        let done = self
            .write(
                "DELETE FROM sessions WHERE public_id = $1 AND customer_id = $2",
                &[Arg::Uuid(public_id), Arg::Uuid(customer_id.0)],
            )
            .await?;
        Ok(done == 1)
    }

    /// Ends every session of this customer but one; returns how many.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn revoke_other_sessions(
        &self,
        customer_id: CustomerId,
        keep_hash: &str,
    ) -> Result<u64, StoreError> {
        self.write(
            "DELETE FROM sessions WHERE customer_id = $1 AND id_hash <> $2",
            &[Arg::Uuid(customer_id.0), Arg::Text(keep_hash)],
        )
        .await
    }

    /// Records a browser for a customer; returns true when it was not known before.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn remember_device(
        &self,
        customer_id: CustomerId,
        device_hash: &str,
        now: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin().await?;
        let updated = tx
            .execute(
                "UPDATE known_devices SET last_seen = $1 WHERE customer_id = $2 AND device_hash = $3",
                &[
                    Arg::Time(now),
                    Arg::Uuid(customer_id.0),
                    Arg::Text(device_hash),
                ],
            )
            .await?;
        let inserted = if updated == 1 {
            0
        } else {
            tx.execute(
                "INSERT INTO known_devices (customer_id, device_hash, first_seen, last_seen) \
                 VALUES ($1, $2, $3, $3) ON CONFLICT (customer_id, device_hash) DO NOTHING",
                &[
                    Arg::Uuid(customer_id.0),
                    Arg::Text(device_hash),
                    Arg::Time(now),
                ],
            )
            .await?
        };
        tx.commit().await?;
        Ok(inserted == 1)
    }
}
