//! The alarm page's words: a panel's state, its devices and its events, in the reader's
//! language. An event line is also what the live stream sends, so the script only places it.

use abri_app::alarm::{AlarmEvent, Device};
use abri_app::i18n::{date, t, t_args};
use abri_domain::Language;
use abri_domain::alarm::{AlarmState, ArmMode};
use serde::Serialize;
use time::OffsetDateTime;

/// Below this, a battery is reported low.
pub(crate) const LOW_BATTERY: i64 = 20;

/// A moment to the second, in UTC (`27/11/2026 15:02:07 UTC`).
pub(crate) fn moment(lang: Language, at: OffsetDateTime) -> String {
    format!(
        "{} {:02}:{:02}:{:02} UTC",
        date(lang, at.date()),
        at.hour(),
        at.minute(),
        at.second()
    )
}

fn mode_word(lang: Language, mode: Option<&str>) -> String {
    mode.map(|m| t(lang, &format!("alarm-mode-{m}")))
        .unwrap_or_default()
}

/// The state as words and as a CSS class (`disarmed`, `armed`, `alert`).
pub(crate) fn state_label(lang: Language, state: AlarmState) -> (String, &'static str) {
    let mode = state.mode().map(ArmMode::word);
    let label = t_args(
        lang,
        &format!("alarm-state-{}", state.word()),
        &[("mode", mode_word(lang, mode))],
    );
    let class = match state {
        AlarmState::Disarmed => "disarmed",
        AlarmState::Arming(_) | AlarmState::Armed(_) => "armed",
        AlarmState::Pending(_) | AlarmState::Triggered => "alert",
    };
    (label, class)
}

/// One line of the event list, or one message of the live stream.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct EventLine {
    /// The stored id (the stream's event id).
    pub id: i64,
    /// The home it belongs to.
    pub home: String,
    /// When, to the second.
    pub at: String,
    /// What happened, with who when known.
    pub text: String,
    /// For a state event: the new state's words and class.
    pub state: Option<(String, &'static str)>,
    /// For a state event: `since …`, under the state.
    pub since: Option<String>,
    /// For a state event: the controls it allows (`away`, `home`, `night`, `disarm`).
    pub allowed: Option<Vec<&'static str>>,
    /// `Last contact: …`.
    pub contact: String,
    /// The device concerned and what it now shows.
    pub device: Option<String>,
    /// For a contact: open or closed; for tamper: raised or not.
    pub device_status: Option<String>,
    /// Whether that status calls for attention (open, tamper).
    pub device_alert: bool,
    /// For a battery event: the new level's words.
    pub device_battery: Option<String>,
    /// A heartbeat or a reading: it updates the page but is not listed.
    pub routine: bool,
    /// Abri marked the panel offline.
    pub offline: bool,
    /// The alarm went off: the page reloads to ask the customer what it is.
    pub triggered: bool,
}

impl EventLine {
    pub(crate) fn new(lang: Language, e: &AlarmEvent) -> Self {
        let device = e
            .device_label
            .clone()
            .or_else(|| e.device.as_ref().map(|_| t(lang, "alarm-device-unknown")))
            .unwrap_or_else(|| t(lang, "alarm-device-panel"));
        let mut text = t_args(
            lang,
            &format!("alarm-event-{}", e.kind),
            &[
                ("device", device),
                ("mode", mode_word(lang, e.mode.as_deref())),
                ("value", value_text(lang, &e.kind, e.value)),
            ],
        );
        if let Some(kind) = &e.actor_kind {
            let by = t_args(
                lang,
                &format!("alarm-by-{kind}"),
                &[("user", e.actor_user.clone().unwrap_or_default())],
            );
            text = format!("{text}, {by}");
        }
        if e.unexpected {
            text = format!("{text} ({})", t(lang, "alarm-unexpected"));
        }
        let parsed = e
            .state
            .as_deref()
            .and_then(|s| AlarmState::from_word(s, e.mode.as_deref().and_then(ArmMode::from_word)));
        let state = parsed.map(|s| state_label(lang, s));
        let at = moment(lang, e.occurred_at);
        Self {
            id: e.id,
            home: e.home_id.to_string(),
            since: state
                .as_ref()
                .map(|_| t_args(lang, "alarm-since", &[("date", at.clone())])),
            contact: t_args(lang, "alarm-last-contact", &[("date", at.clone())]),
            allowed: parsed.map(allowed_controls),
            at,
            text,
            state,
            device: e.device.clone(),
            device_status: match e.kind.as_str() {
                "opened" => Some(t(lang, "alarm-open")),
                "closed" | "tamper_restored" => Some(t(lang, "alarm-ok")),
                "tamper" => Some(t(lang, "alarm-tamper")),
                _ => None,
            },
            device_alert: matches!(e.kind.as_str(), "opened" | "tamper"),
            routine: matches!(e.kind.as_str(), "heartbeat" | "temperature"),
            offline: e.kind == "offline",
            triggered: parsed == Some(AlarmState::Triggered),
            device_battery: (e.kind == "battery")
                .then(|| battery_text(lang, e.value))
                .flatten(),
        }
    }
}

fn value_text(lang: Language, kind: &str, value: Option<i64>) -> String {
    match (kind, value) {
        ("temperature", Some(tenths)) => {
            let text = format!("{}.{}", tenths / 10, (tenths % 10).abs());
            match lang {
                Language::Fr => text.replace('.', ","),
                Language::En => text,
            }
        }
        (_, Some(v)) => v.to_string(),
        (_, None) => String::new(),
    }
}

fn battery_text(lang: Language, battery: Option<i64>) -> Option<String> {
    let percent = battery?;
    Some(if percent < LOW_BATTERY {
        t_args(
            lang,
            "alarm-battery-low",
            &[("percent", percent.to_string())],
        )
    } else {
        format!("{percent}\u{a0}%")
    })
}

/// A device row.
pub(crate) struct DeviceRow {
    pub id: String,
    pub kind: String,
    pub label: String,
    pub zone: String,
    pub status: String,
    pub alert: bool,
    pub battery: String,
    pub low_battery: bool,
    pub signal: String,
    pub seen: String,
}

impl DeviceRow {
    pub(crate) fn new(lang: Language, d: &Device) -> Self {
        let status = if d.tamper {
            t(lang, "alarm-tamper")
        } else {
            match d.open {
                Some(true) => t(lang, "alarm-open"),
                Some(false) => t(lang, "alarm-closed"),
                None => t(lang, "alarm-ok"),
            }
        };
        Self {
            id: d.external_id.clone(),
            kind: t(lang, &format!("equipment-{}", d.kind)),
            label: d.label.clone(),
            zone: d
                .zone
                .map(|z| t_args(lang, "alarm-zone", &[("zone", z.to_string())]))
                .unwrap_or_default(),
            status,
            alert: d.tamper || d.open == Some(true),
            battery: battery_text(lang, d.battery).unwrap_or_else(|| t(lang, "alarm-mains")),
            low_battery: d.battery.is_some_and(|b| b < LOW_BATTERY),
            signal: d.signal.map(|s| format!("{s}\u{a0}%")).unwrap_or_default(),
            seen: d
                .last_contact_at
                .map(|at| moment(lang, at))
                .unwrap_or_default(),
        }
    }
}

/// The controls a state allows: the arm modes it can go to, and disarm.
pub(crate) fn allowed_controls(state: AlarmState) -> Vec<&'static str> {
    use abri_domain::alarm::{Command, check_command};
    let mut allowed: Vec<&'static str> = ArmMode::ALL
        .into_iter()
        .filter(|&mode| check_command(state, Command::Arm { mode }).is_ok())
        .map(ArmMode::word)
        .collect();
    if check_command(state, Command::Disarm).is_ok() {
        allowed.push("disarm");
    }
    allowed
}
