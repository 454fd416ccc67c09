//! Homes and their equipment. Every read names the owner: another customer's id finds nothing.

use abri_domain::alarm::AlarmState;
use abri_domain::homes::{Address, Equipment, EquipmentKind, Home, HomeKind, StoredWord};
use abri_domain::ids::{CustomerId, HomeId};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::cells::{Arg, Columns, FromColumns, Row, Word};
use crate::db::word;
use crate::{Db, StoreError, Tx};

struct HomeRow {
    id: Uuid,
    customer_id: Uuid,
    label: String,
    kind: Word<HomeKind>,
    street: String,
    postal_code: String,
    city: String,
}

struct HomeAlarmRow {
    home: HomeRow,
    state: Option<String>,
    mode: Option<String>,
}

impl FromColumns for HomeRow {
    fn from_columns<R: Row>(c: &mut Columns<'_, R>) -> Result<Self, StoreError> {
        Ok(Self {
            id: c.next()?,
            customer_id: c.next()?,
            label: c.next()?,
            kind: c.next()?,
            street: c.next()?,
            postal_code: c.next()?,
            city: c.next()?,
        })
    }
}

impl FromColumns for HomeAlarmRow {
    fn from_columns<R: Row>(c: &mut Columns<'_, R>) -> Result<Self, StoreError> {
        Ok(Self {
            home: HomeRow::from_columns(c)?,
            state: c.next()?,
            mode: c.next()?,
        })
    }
}

impl TryFrom<HomeRow> for Home {
    type Error = StoreError;
    fn try_from(row: HomeRow) -> Result<Self, StoreError> {
        Ok(Self {
            id: HomeId(row.id),
            customer_id: CustomerId(row.customer_id),
            label: row.label,
            kind: row.kind.0,
            address: Address {
                street: row.street,
                postal_code: row.postal_code,
                city: row.city,
            },
        })
    }
}

macro_rules! columns {
    () => {
        "id, customer_id, label, kind, street, postal_code, city"
    };
}

impl Db {
    /// Adds a home to a customer's account.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn insert_home(
        &self,
        customer_id: CustomerId,
        label: &str,
        kind: HomeKind,
        address: &Address,
        now: OffsetDateTime,
    ) -> Result<HomeId, StoreError> {
        let id = HomeId::new();
        self.write(
            "INSERT INTO homes (id, customer_id, label, kind, street, postal_code, city, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            &[
                Arg::Uuid(id.0),
                Arg::Uuid(customer_id.0),
                Arg::Text(label),
                Arg::Text(kind.word()),
                Arg::Text(&address.street),
                Arg::Text(&address.postal_code),
                Arg::Text(&address.city),
                Arg::Time(now),
            ],
        )
        .await?;
        Ok(id)
    }

    /// A customer's homes, oldest first.
    ///
    /// # Errors
    /// On a database failure or a corrupt row.
    pub async fn homes_of(&self, customer_id: CustomerId) -> Result<Vec<Home>, StoreError> {
        const SQL: &str = concat!(
            "SELECT ",
            columns!(),
            " FROM homes WHERE customer_id = $1 ORDER BY id"
        );
        let rows: Vec<HomeRow> = self.read_all(SQL, &[Arg::Uuid(customer_id.0)]).await?;
        rows.into_iter().map(Home::try_from).collect()
    }

    /// A customer's homes, oldest first, each with the state of its alarm when a panel is
    /// linked: the dashboard's cards in one query (BENCHMARKS.md B5).
    ///
    /// # Errors
    /// On a database failure or a corrupt row.
    pub async fn homes_with_alarm_of(
        &self,
        customer_id: CustomerId,
    ) -> Result<Vec<(Home, Option<AlarmState>)>, StoreError> {
        const SQL: &str = "SELECT homes.id, homes.customer_id, label, kind, street, postal_code, \
                           city, p.state, p.mode FROM homes \
                           LEFT JOIN alarm_panels p ON p.home_id = homes.id \
                           WHERE homes.customer_id = $1 ORDER BY homes.id";
        let rows: Vec<HomeAlarmRow> = self.read_all(SQL, &[Arg::Uuid(customer_id.0)]).await?;
        rows.into_iter()
            .map(|row| {
                let state = row
                    .state
                    .map(|word| crate::alarm::state_of(&word, row.mode.as_deref()))
                    .transpose()?;
                Ok((Home::try_from(row.home)?, state))
            })
            .collect()
    }

    /// One home, only if it belongs to `customer_id`.
    ///
    /// # Errors
    /// On a database failure or a corrupt row.
    pub async fn home_of(
        &self,
        customer_id: CustomerId,
        home_id: HomeId,
    ) -> Result<Option<Home>, StoreError> {
        const SQL: &str = concat!(
            "SELECT ",
            columns!(),
            " FROM homes WHERE id = $1 AND customer_id = $2"
        );
        let args = [Arg::Uuid(home_id.0), Arg::Uuid(customer_id.0)];
        let row: Option<HomeRow> = self.read_optional(SQL, &args).await?;
        row.map(Home::try_from).transpose()
    }

    /// Renames a home, only if it belongs to `customer_id`; false otherwise.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn rename_home(
        &self,
        customer_id: CustomerId,
        home_id: HomeId,
        label: &str,
    ) -> Result<bool, StoreError> {
        let done = self
            .write(
                "UPDATE homes SET label = $1 WHERE id = $2 AND customer_id = $3",
                &[
                    Arg::Text(label),
                    Arg::Uuid(home_id.0),
                    Arg::Uuid(customer_id.0),
                ],
            )
            .await?;
        Ok(done == 1)
    }

    /// Records installed equipment in a home.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn insert_equipment(
        &self,
        home_id: HomeId,
        item: &Equipment,
    ) -> Result<(), StoreError> {
        self.write(
            "INSERT INTO home_equipment (id, home_id, kind, location, quantity) \
                 VALUES ($1, $2, $3, $4, $5)",
            &[
                Arg::Uuid(Uuid::now_v7()),
                Arg::Uuid(home_id.0),
                Arg::Text(item.kind.word()),
                Arg::Text(&item.location),
                Arg::Int(item.quantity),
            ],
        )
        .await?;
        Ok(())
    }

    /// The equipment of a home, in the order it was recorded.
    ///
    /// # Errors
    /// On a database failure or a corrupt row.
    pub async fn equipment_of(&self, home_id: HomeId) -> Result<Vec<Equipment>, StoreError> {
        const SQL: &str =
            "SELECT kind, location, quantity FROM home_equipment WHERE home_id = $1 ORDER BY id";
        let rows: Vec<(String, String, i64)> = self.read_all(SQL, &[Arg::Uuid(home_id.0)]).await?;
        rows.into_iter()
            .map(|(kind, location, quantity)| {
                Ok(Equipment {
                    kind: word::<EquipmentKind>("home_equipment.kind", &kind)?,
                    location,
                    quantity,
                })
            })
            .collect()
    }
}

impl Tx {
    /// Corrects a home's street line, only if the home belongs to `customer_id`; false
    /// otherwise. Postal code and city stay: another town is a move, which staff handle.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn set_home_street(
        &mut self,
        customer_id: CustomerId,
        home_id: HomeId,
        street: &str,
    ) -> Result<bool, StoreError> {
        let done = self
            .execute(
                "UPDATE homes SET street = $1 WHERE id = $2 AND customer_id = $3",
                &[
                    Arg::Text(street),
                    Arg::Uuid(home_id.0),
                    Arg::Uuid(customer_id.0),
                ],
            )
            .await?;
        Ok(done == 1)
    }
}
