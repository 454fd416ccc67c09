//! Alarm panels, their zones and devices, and the events they report. An event is kept once per
//! (panel, sequence number): a repeat finds the row there and is dropped.

use abri_domain::alarm::{AlarmState, ArmMode};
use abri_domain::ids::{CustomerId, HomeId, PanelId};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::cells::{Arg, Columns, FromColumns, Row};
use crate::{Db, StoreError, dispatch};

/// A panel as the ingest authenticates it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PanelAuth {
    /// Its id.
    pub id: PanelId,
    /// The home it protects.
    pub home_id: HomeId,
    /// The home's owner.
    pub customer_id: CustomerId,
    /// Hex SHA-256 of its token.
    pub token_hash: String,
}

/// A panel as its home's alarm page shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Panel {
    /// Its id.
    pub id: PanelId,
    /// The home it protects.
    pub home_id: HomeId,
    /// Serial number.
    pub serial: String,
    /// Model name.
    pub model: String,
    /// Firmware version.
    pub firmware: String,
    /// Current state.
    pub state: AlarmState,
    /// Since when.
    pub state_since: OffsetDateTime,
    /// When the panel last said anything.
    pub last_contact_at: Option<OffsetDateTime>,
    /// Silent for longer than the configured period.
    pub offline: bool,
}

/// A device paired with a panel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Device {
    /// The panel's id for it.
    pub external_id: String,
    /// `motion_sensor`, `door_sensor`… (the equipment words).
    pub kind: String,
    /// Where it is (`Entrée`).
    pub label: String,
    /// Its zone number.
    pub zone: Option<i64>,
    /// Battery percent (none on mains power).
    pub battery: Option<i64>,
    /// Radio signal percent.
    pub signal: Option<i64>,
    /// Whether its case is open or torn off.
    pub tamper: bool,
    /// For a contact: open or closed.
    pub open: Option<bool>,
    /// The last reading (tenths of a degree for a thermometer).
    pub reading: Option<i64>,
    /// When it last reported.
    pub last_contact_at: Option<OffsetDateTime>,
}

/// An event to store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewAlarmEvent {
    /// The panel's sequence number.
    pub seq: i64,
    /// The event type's word.
    pub kind: &'static str,
    /// The device concerned.
    pub device: Option<String>,
    /// For a state event: the state after it.
    pub state: Option<AlarmState>,
    /// Whether the state step did not follow from the state we knew.
    pub unexpected: bool,
    /// Who (`keypad`, `app`…).
    pub actor_kind: Option<&'static str>,
    /// The panel's name for the user.
    pub actor_user: Option<String>,
    /// Reading, battery or signal.
    pub value: Option<i64>,
    /// When the panel saw it.
    pub occurred_at: OffsetDateTime,
}

/// A stored event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AlarmEvent {
    /// Its id: increasing, used as the SSE event id.
    pub id: i64,
    /// The home.
    pub home_id: HomeId,
    /// The panel's sequence number.
    pub seq: i64,
    /// The event type's word.
    pub kind: String,
    /// The device concerned.
    pub device: Option<String>,
    /// Where that device is (`Porte d’entrée`), when it is paired.
    pub device_label: Option<String>,
    /// For a state event: the state word after it.
    pub state: Option<String>,
    /// For a state event: the mode.
    pub mode: Option<String>,
    /// Whether the step was unexpected.
    pub unexpected: bool,
    /// Who.
    pub actor_kind: Option<String>,
    /// The panel's name for the user.
    pub actor_user: Option<String>,
    /// Reading, battery or signal.
    pub value: Option<i64>,
    /// When the panel saw it.
    pub occurred_at: OffsetDateTime,
}

impl FromColumns for Device {
    fn from_columns<R: Row>(c: &mut Columns<'_, R>) -> Result<Self, StoreError> {
        Ok(Self {
            external_id: c.next()?,
            kind: c.next()?,
            label: c.next()?,
            zone: c.next()?,
            battery: c.next()?,
            signal: c.next()?,
            tamper: c.next()?,
            open: c.next()?,
            reading: c.next()?,
            last_contact_at: c.next()?,
        })
    }
}

impl FromColumns for AlarmEvent {
    fn from_columns<R: Row>(c: &mut Columns<'_, R>) -> Result<Self, StoreError> {
        Ok(Self {
            id: c.next()?,
            home_id: HomeId(c.next()?),
            seq: c.next()?,
            kind: c.next()?,
            device: c.next()?,
            device_label: c.next()?,
            state: c.next()?,
            mode: c.next()?,
            unexpected: c.next()?,
            actor_kind: c.next()?,
            actor_user: c.next()?,
            value: c.next()?,
            occurred_at: c.next()?,
        })
    }
}

macro_rules! event_columns {
    () => {
        "e.id, e.home_id, e.seq, e.kind, e.device, d.label AS device_label, e.state, e.mode, \
         e.unexpected, e.actor_kind, e.actor_user, e.value, e.occurred_at \
         FROM alarm_events e LEFT JOIN devices d \
         ON d.panel_id = e.panel_id AND d.external_id = e.device"
    };
}

type PanelRow = (
    Uuid,
    Uuid,
    String,
    String,
    String,
    String,
    Option<String>,
    OffsetDateTime,
    Option<OffsetDateTime>,
    bool,
);

pub(crate) fn state_of(word: &str, mode: Option<&str>) -> Result<AlarmState, StoreError> {
    AlarmState::from_word(word, mode.and_then(ArmMode::from_word)).ok_or_else(|| {
        StoreError::Corrupt {
            column: "alarm_panels.state",
            value: word.to_owned(),
        }
    })
}

impl Db {
    /// Registers a panel for a home, disarmed, with the hash of its token.
    ///
    /// # Errors
    /// On a database failure (a second panel for the home, a serial already used).
    pub async fn insert_panel(
        &self,
        home_id: HomeId,
        serial: &str,
        model: &str,
        firmware: &str,
        token_hash: &str,
        now: OffsetDateTime,
    ) -> Result<PanelId, StoreError> {
        let id = PanelId::new();
        self.write(
            "INSERT INTO alarm_panels (id, home_id, serial, model, firmware, token_hash, \
                 token_set_at, state, mode, state_since, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, 'disarmed', NULL, $7, $7)",
            &[
                Arg::Uuid(id.0),
                Arg::Uuid(home_id.0),
                Arg::Text(serial),
                Arg::Text(model),
                Arg::Text(firmware),
                Arg::Text(token_hash),
                Arg::Time(now),
            ],
        )
        .await?;
        Ok(id)
    }

    /// Pairs a device with a panel.
    ///
    /// # Errors
    /// On a database failure (the panel already has a device with this id).
    pub async fn insert_device(
        &self,
        panel_id: PanelId,
        device: &Device,
    ) -> Result<(), StoreError> {
        self.write(
            "INSERT INTO devices (id, panel_id, external_id, kind, label, zone, battery, \
                 signal, tamper, open, reading, last_contact_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
            &[
                Arg::Uuid(Uuid::now_v7()),
                Arg::Uuid(panel_id.0),
                Arg::Text(&device.external_id),
                Arg::Text(&device.kind),
                Arg::Text(&device.label),
                Arg::OptInt(device.zone),
                Arg::OptInt(device.battery),
                Arg::OptInt(device.signal),
                Arg::Bool(device.tamper),
                Arg::OptBool(device.open),
                Arg::OptInt(device.reading),
                Arg::OptTime(device.last_contact_at),
            ],
        )
        .await?;
        Ok(())
    }

    /// The panel with this serial, for the ingest to check its token.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn panel_by_serial(&self, serial: &str) -> Result<Option<PanelAuth>, StoreError> {
        const SQL: &str = "SELECT p.id, p.home_id, h.customer_id, p.token_hash FROM alarm_panels p \
                           JOIN homes h ON h.id = p.home_id WHERE p.serial = $1";
        let row: Option<(Uuid, Uuid, Uuid, String)> =
            self.read_optional(SQL, &[Arg::Text(serial)]).await?;
        Ok(row.map(|(id, home, customer, token_hash)| PanelAuth {
            id: PanelId(id),
            home_id: HomeId(home),
            customer_id: CustomerId(customer),
            token_hash,
        }))
    }

    /// The panel of one of the customer's homes; none for another customer's home.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn panel_of_home(
        &self,
        customer_id: CustomerId,
        home_id: HomeId,
    ) -> Result<Option<Panel>, StoreError> {
        const SQL: &str = "SELECT p.id, p.home_id, p.serial, p.model, p.firmware, p.state, p.mode, \
                           p.state_since, p.last_contact_at, p.offline FROM alarm_panels p \
                           JOIN homes h ON h.id = p.home_id \
                           WHERE p.home_id = $1 AND h.customer_id = $2";
        let args = [Arg::Uuid(home_id.0), Arg::Uuid(customer_id.0)];
        let row: Option<PanelRow> = self.read_optional(SQL, &args).await?;
        row.map(
            |(id, home, serial, model, firmware, state, mode, since, contact, offline)| {
                Ok(Panel {
                    id: PanelId(id),
                    home_id: HomeId(home),
                    serial,
                    model,
                    firmware,
                    state: state_of(&state, mode.as_deref())?,
                    state_since: since,
                    last_contact_at: contact,
                    offline,
                })
            },
        )
        .transpose()
    }

    /// The devices of a panel, by zone then id.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn devices_of(&self, panel_id: PanelId) -> Result<Vec<Device>, StoreError> {
        const SQL: &str = "SELECT external_id, kind, label, zone, battery, signal, tamper, open, \
                           reading, last_contact_at FROM devices WHERE panel_id = $1 \
                           ORDER BY zone, external_id";
        self.read_all(SQL, &[Arg::Uuid(panel_id.0)]).await
    }

    /// The events of a customer's homes stored after event `after`, oldest first (SSE replay
    /// and live view).
    ///
    /// # Errors
    /// On a database failure.
    pub async fn alarm_events_after(
        &self,
        customer_id: CustomerId,
        after: i64,
        limit: i64,
    ) -> Result<Vec<AlarmEvent>, StoreError> {
        const SQL: &str = concat!(
            "SELECT ",
            event_columns!(),
            " WHERE e.id > $1 AND e.home_id IN \
             (SELECT id FROM homes WHERE customer_id = $2) ORDER BY e.id LIMIT $3"
        );
        let args = [Arg::Int(after), Arg::Uuid(customer_id.0), Arg::Int(limit)];
        self.read_all(SQL, &args).await
    }

    /// How many events a panel has stored (tests and metrics).
    ///
    /// # Errors
    /// On a database failure.
    pub async fn alarm_event_count(&self, panel_id: PanelId) -> Result<i64, StoreError> {
        let (n,): (i64,) = dispatch!(self, |pool| {
            sqlx::query_as("SELECT COUNT(*) FROM alarm_events WHERE panel_id = $1")
                .bind(panel_id.0)
                .fetch_one(pool)
                .await
        })?;
        Ok(n)
    }
}

mod commands;
mod history;
mod lookups;
mod verifications;
mod writes;

pub use commands::PanelCommand;
pub use history::HistoryFilter;
pub use writes::DeviceChange;
