//! What the ingest reads about the panels of a group of MQTT messages, in two queries for the
//! whole group rather than two per message (BENCHMARKS.md B10). The serials travel as one JSON
//! array, so each statement stays the same for any number of panels.

use abri_domain::ids::{CustomerId, HomeId, PanelId};
use uuid::Uuid;

use super::{Device, PanelAuth};
use crate::cells::{Arg, Columns, FromColumns, Row};
use crate::{Db, StoreError};

struct DeviceOfRow {
    serial: String,
    device: Device,
}

impl FromColumns for DeviceOfRow {
    fn from_columns<R: Row>(c: &mut Columns<'_, R>) -> Result<Self, StoreError> {
        Ok(Self {
            serial: c.next()?,
            device: Device::from_columns(c)?,
        })
    }
}

macro_rules! panels {
    ($list:literal) => {
        concat!(
            "SELECT p.serial, p.id, p.home_id, h.customer_id, p.token_hash \
             FROM alarm_panels p JOIN homes h ON h.id = p.home_id WHERE p.serial IN ",
            $list
        )
    };
}
macro_rules! devices {
    ($list:literal) => {
        concat!(
            "SELECT p.serial, d.external_id, d.kind, d.label, d.zone, d.battery, d.signal, \
             d.tamper, d.open, d.reading, d.last_contact_at \
             FROM devices d JOIN alarm_panels p ON p.id = d.panel_id WHERE p.serial IN ",
            $list
        )
    };
}
// The list, on each backend.
macro_rules! sqlite_list {
    ($query:ident) => {
        $query!("(SELECT value FROM json_each($1))")
    };
}
macro_rules! pg_list {
    ($query:ident) => {
        $query!("(SELECT json_array_elements_text($1::json))")
    };
}

/// `serials` as a JSON array.
fn json_list(serials: &[&str]) -> String {
    serde_json::to_string(serials).unwrap_or_else(|_| "[]".into())
}

impl Db {
    /// The panels among `serials` (unknown serials are left out), each with its serial.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn panels_by_serials(
        &self,
        serials: &[&str],
    ) -> Result<Vec<(String, PanelAuth)>, StoreError> {
        let list = json_list(serials);
        let rows: Vec<(String, Uuid, Uuid, Uuid, String)> = self
            .read_all_in(sqlite_list!(panels), pg_list!(panels), &[Arg::Text(&list)])
            .await?;
        Ok(rows
            .into_iter()
            .map(|(serial, id, home, customer, token_hash)| {
                let panel = PanelAuth {
                    id: PanelId(id),
                    home_id: HomeId(home),
                    customer_id: CustomerId(customer),
                    token_hash,
                };
                (serial, panel)
            })
            .collect())
    }

    /// The devices of the panels among `serials`, each with its panel's serial.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn devices_by_serials(
        &self,
        serials: &[&str],
    ) -> Result<Vec<(String, Device)>, StoreError> {
        let list = json_list(serials);
        let rows: Vec<DeviceOfRow> = self
            .read_all_in(
                sqlite_list!(devices),
                pg_list!(devices),
                &[Arg::Text(&list)],
            )
            .await?;
        Ok(rows.into_iter().map(|r| (r.serial, r.device)).collect())
    }
}
