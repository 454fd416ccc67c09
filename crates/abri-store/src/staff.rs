//! The provider's staff accounts (their pages come later; the accounts and roles exist now).

use abri_domain::ids::StaffId;
use time::OffsetDateTime;

use crate::cells::Arg;
use crate::{Db, StoreError, dispatch};

/// A staff member as listed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffUser {
    /// Id.
    pub id: StaffId,
    /// Work e-mail.
    pub email: String,
    /// Full name.
    pub name: String,
    /// Role word (`adviser`, `claim_handler`, `technician`, `monitoring_operator`, `admin`).
    pub role: String,
}

impl Db {
    /// Creates a staff account.
    ///
    /// # Errors
    /// On a duplicate e-mail or a database failure.
    pub async fn insert_staff(
        &self,
        email: &str,
        name: &str,
        role: &str,
        password_hash: &str,
        now: OffsetDateTime,
    ) -> Result<StaffId, StoreError> {
        let id = StaffId::new();
        self.write(
            "INSERT INTO staff_users (id, email, name, role, password_hash, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            &[
                Arg::Uuid(id.0),
                Arg::Text(email),
                Arg::Text(name),
                Arg::Text(role),
                Arg::Text(password_hash),
                Arg::Time(now),
            ],
        )
        .await?;
        Ok(id)
    }

    /// Every staff account, by role then name.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn staff_users(&self) -> Result<Vec<StaffUser>, StoreError> {
        const SQL: &str = "SELECT id, email, name, role FROM staff_users ORDER BY role, name";
        let rows: Vec<(uuid::Uuid, String, String, String)> =
            dispatch!(self, |pool| sqlx::query_as(SQL).fetch_all(pool).await)?;
        Ok(rows
            .into_iter()
            .map(|(id, email, name, role)| StaffUser {
                id: StaffId(id),
                email,
                name,
                role,
            })
            .collect())
    }
}
