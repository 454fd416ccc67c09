//! Monitoring instructions per home: the contacts in calling order, and the sealed verbal
//! password.

use abri_domain::ids::HomeId;
use abri_domain::instructions::Contact;
use time::OffsetDateTime;

use crate::cells::Arg;
use crate::{Db, StoreError, Tx};

impl Db {
    /// The people to call for a home, in order.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn monitoring_contacts(&self, home: HomeId) -> Result<Vec<Contact>, StoreError> {
        let rows: Vec<(String, String, String)> = self
            .read_all(
                "SELECT name, phone, relation FROM monitoring_contacts WHERE home_id = $1 \
                 ORDER BY position",
                &[Arg::Uuid(home.0)],
            )
            .await?;
        Ok(rows
            .into_iter()
            .map(|(name, phone, relation)| Contact {
                name,
                phone,
                relation,
            })
            .collect())
    }

    /// The sealed verbal password of a home, with when it was set.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn verbal_password(
        &self,
        home: HomeId,
    ) -> Result<Option<(String, OffsetDateTime)>, StoreError> {
        self.read_optional(
            "SELECT verbal_sealed, updated_at FROM monitoring_secrets WHERE home_id = $1",
            &[Arg::Uuid(home.0)],
        )
        .await
    }
}

impl Tx {
    /// Replaces the list of people to call.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn replace_monitoring_contacts(
        &mut self,
        home: HomeId,
        contacts: &[Contact],
    ) -> Result<(), StoreError> {
        self.execute(
            "DELETE FROM monitoring_contacts WHERE home_id = $1",
            &[Arg::Uuid(home.0)],
        )
        .await?;
        for (position, c) in (1_i64..).zip(contacts) {
            self.execute(
                "INSERT INTO monitoring_contacts (home_id, position, name, phone, relation) \
                 VALUES ($1, $2, $3, $4, $5)",
                &[
                    Arg::Uuid(home.0),
                    Arg::Int(position),
                    Arg::Text(&c.name),
                    Arg::Text(&c.phone),
                    Arg::Text(&c.relation),
                ],
            )
            .await?;
        }
        Ok(())
    }

    /// Sets the sealed verbal password.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn set_verbal_password(
        &mut self,
        home: HomeId,
        sealed: &str,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        self.execute(
            "INSERT INTO monitoring_secrets (home_id, verbal_sealed, updated_at) \
             VALUES ($1, $2, $3) ON CONFLICT (home_id) DO UPDATE \
             SET verbal_sealed = excluded.verbal_sealed, updated_at = excluded.updated_at",
            &[Arg::Uuid(home.0), Arg::Text(sealed), Arg::Time(now)],
        )
        .await?;
        Ok(())
    }
}
