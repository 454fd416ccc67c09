//! What a panel sends: a batch of typed events, each with the panel's sequence number, parsed
//! whole or refused whole with a stable code. The schema is documented in `docs/ingest.md`.

use serde::Deserialize;
use time::{Duration, OffsetDateTime};

use crate::alarm::{Actor, ArmMode, Report};

/// The most events a batch may carry.
pub const MAX_EVENTS: usize = 500;
/// How far ahead of our clock an event's time may be (panel clocks drift a little).
pub const MAX_AHEAD: Duration = Duration::minutes(5);
/// The longest device id.
pub const DEVICE_MAX: usize = 64;

/// Every event type, as sent, stored and filtered on.
pub const EVENT_TYPES: [&str; 15] = [
    "exit_delay",
    "armed",
    "disarmed",
    "entry_delay",
    "triggered",
    "motion",
    "opened",
    "closed",
    "smoke",
    "water_leak",
    "tamper",
    "tamper_restored",
    "temperature",
    "battery",
    "heartbeat",
];

/// Events Abri raises itself (a panel cannot send them): a panel silent too long, then back.
pub const SERVER_EVENT_TYPES: [&str; 2] = ["offline", "online"];

/// Every kind of actor a state change may name.
pub const ACTOR_KINDS: [&str; 6] = ["keypad", "tag", "app", "schedule", "panel", "operator"];

/// What happened, by event type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EventKind {
    /// The panel's state changed (`exit_delay`, `armed`, `disarmed`, `entry_delay`,
    /// `triggered`).
    State {
        /// What the panel reports.
        report: Report,
        /// Who did it.
        by: Actor,
    },
    /// Motion seen by a detector.
    Motion,
    /// A door or window opened.
    Opened,
    /// A door or window closed.
    Closed,
    /// Smoke detected.
    Smoke,
    /// Water on the floor.
    WaterLeak,
    /// A device's case was opened or torn off (autoprotection).
    Tamper,
    /// The tamper condition ended.
    TamperRestored,
    /// A temperature reading, in tenths of a degree Celsius.
    Temperature(i64),
    /// A battery level, in percent.
    Battery(i64),
    /// The panel is alive; with the radio signal in percent when it says.
    Heartbeat(Option<i64>),
}

impl EventKind {
    /// The event type's word, as sent and stored.
    #[must_use]
    pub const fn word(&self) -> &'static str {
        match self {
            Self::State { report, .. } => match report {
                Report::ExitDelay { .. } => "exit_delay",
                Report::Armed { .. } => "armed",
                Report::Disarmed => "disarmed",
                Report::EntryDelay => "entry_delay",
                Report::Triggered => "triggered",
            },
            Self::Motion => "motion",
            Self::Opened => "opened",
            Self::Closed => "closed",
            Self::Smoke => "smoke",
            Self::WaterLeak => "water_leak",
            Self::Tamper => "tamper",
            Self::TamperRestored => "tamper_restored",
            Self::Temperature(_) => "temperature",
            Self::Battery(_) => "battery",
            Self::Heartbeat(_) => "heartbeat",
        }
    }
}

/// One event from a panel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceEvent {
    /// The panel's sequence number: a repeat is dropped.
    pub seq: i64,
    /// When the panel saw it.
    pub at: OffsetDateTime,
    /// The device concerned, by the panel's id for it.
    pub device: Option<String>,
    /// What happened.
    pub kind: EventKind,
}

/// Why a batch was refused; nothing of it is stored.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum IngestRefusal {
    /// Not JSON.
    #[error("the body is not valid JSON: {0}")]
    MalformedJson(String),
    /// JSON, but not an event batch (a field missing or of the wrong type, an unknown field).
    #[error("invalid event: {0}")]
    InvalidEvent(String),
    /// An event type this version does not know.
    #[error("unknown event type {0:?}")]
    UnknownEventType(String),
    /// An event dated further ahead than [`MAX_AHEAD`].
    #[error("event {0} is dated in the future")]
    TimestampInFuture(i64),
    /// No events, or more than [`MAX_EVENTS`].
    #[error("a batch holds 1 to {MAX_EVENTS} events")]
    BatchSize,
}

impl IngestRefusal {
    /// The stable code a panel's firmware can rely on.
    #[must_use]
    pub const fn code(&self) -> &'static str {
        match self {
            Self::MalformedJson(_) => "malformed_json",
            Self::InvalidEvent(_) => "invalid_event",
            Self::UnknownEventType(_) => "unknown_event_type",
            Self::TimestampInFuture(_) => "timestamp_in_future",
            Self::BatchSize => "batch_size",
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WireBatch {
    events: Vec<WireEvent>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WireEvent {
    seq: i64,
    #[serde(with = "time::serde::rfc3339")]
    at: OffsetDateTime,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    mode: Option<ArmMode>,
    #[serde(default)]
    by: Option<Actor>,
    #[serde(default)]
    device: Option<String>,
    #[serde(default)]
    value: Option<i64>,
}

fn invalid(seq: i64, what: &str) -> IngestRefusal {
    IngestRefusal::InvalidEvent(format!("event {seq}: {what}"))
}

impl WireEvent {
    fn into_event(self, now: OffsetDateTime) -> Result<DeviceEvent, IngestRefusal> {
        let seq = self.seq;
        if seq < 1 {
            return Err(invalid(seq, "seq starts at 1"));
        }
        if self.at > now + MAX_AHEAD {
            return Err(IngestRefusal::TimestampInFuture(seq));
        }
        if let Some(device) = &self.device
            && (device.is_empty()
                || device.len() > DEVICE_MAX
                || !device.bytes().all(|b| b.is_ascii_graphic()))
        {
            return Err(invalid(seq, "device is 1 to 64 printable ASCII characters"));
        }
        let mode = || self.mode.ok_or_else(|| invalid(seq, "mode is required"));
        let by = self.by.clone().unwrap_or(Actor::Panel);
        let state = |report| EventKind::State {
            report,
            by: by.clone(),
        };
        let value = |low: i64, high: i64| match self.value {
            Some(v) if (low..=high).contains(&v) => Ok(v),
            _ => Err(invalid(seq, &format!("value is required, {low} to {high}"))),
        };
        let kind = match self.kind.as_str() {
            "exit_delay" => state(Report::ExitDelay { mode: mode()? }),
            "armed" => state(Report::Armed { mode: mode()? }),
            "disarmed" => state(Report::Disarmed),
            "entry_delay" => state(Report::EntryDelay),
            "triggered" => state(Report::Triggered),
            "motion" => EventKind::Motion,
            "opened" => EventKind::Opened,
            "closed" => EventKind::Closed,
            "smoke" => EventKind::Smoke,
            "water_leak" => EventKind::WaterLeak,
            "tamper" => EventKind::Tamper,
            "tamper_restored" => EventKind::TamperRestored,
            "temperature" => EventKind::Temperature(value(-500, 1000)?),
            "battery" => EventKind::Battery(value(0, 100)?),
            "heartbeat" => EventKind::Heartbeat(match self.value {
                None => None,
                Some(_) => Some(value(0, 100)?),
            }),
            other => {
                return Err(IngestRefusal::UnknownEventType(
                    other.chars().take(40).collect(),
                ));
            }
        };
        let needs_device = !matches!(kind, EventKind::State { .. } | EventKind::Heartbeat(_));
        if needs_device && self.device.is_none() {
            return Err(invalid(seq, "device is required"));
        }
        Ok(DeviceEvent {
            seq,
            at: self.at,
            device: self.device,
            kind,
        })
    }
}

/// Parses a batch: `{"events": [{"seq": 1, "at": "…Z", "type": "armed", "mode": "away"}]}`.
///
/// # Errors
/// The first [`IngestRefusal`] found; the batch is then refused whole.
pub fn parse_batch(body: &[u8], now: OffsetDateTime) -> Result<Vec<DeviceEvent>, IngestRefusal> {
    let batch: WireBatch = serde_json::from_slice(body).map_err(|e| {
        if e.is_data() {
            IngestRefusal::InvalidEvent(e.to_string())
        } else {
            IngestRefusal::MalformedJson(e.to_string())
        }
    })?;
    if batch.events.is_empty() || batch.events.len() > MAX_EVENTS {
        return Err(IngestRefusal::BatchSize);
    }
    batch
        .events
        .into_iter()
        .map(|e| e.into_event(now))
        .collect()
}

#[cfg(test)]
mod tests;
