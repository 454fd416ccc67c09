//! The alarm state machine, as alarm panels and Home Assistant know it: disarmed, arming (exit
//! delay), armed home / away / night, pending (entry delay), triggered.
//!
//! The panel is the truth: what it reports becomes the state even when the report does not
//! follow from the state we knew (a missed event), but such a step is marked unexpected so
//! operators see it. Commands from users are checked against the state before they are sent.

use serde::{Deserialize, Serialize};

/// How the system is armed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ArmMode {
    /// Partial: the perimeter while people are home (mode partiel).
    Home,
    /// Total: nobody home (mode total).
    Away,
    /// Night: the ground floor and openings.
    Night,
}

impl ArmMode {
    /// Every mode, in display order.
    pub const ALL: [Self; 3] = [Self::Away, Self::Home, Self::Night];

    /// The stored and posted word.
    #[must_use]
    pub const fn word(self) -> &'static str {
        match self {
            Self::Home => "home",
            Self::Away => "away",
            Self::Night => "night",
        }
    }

    /// The mode for a word.
    #[must_use]
    pub fn from_word(word: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.word() == word)
    }
}

/// The state of an alarm system.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AlarmState {
    /// Off.
    Disarmed,
    /// Exit delay running before `mode` takes effect.
    Arming(ArmMode),
    /// Armed in `mode`.
    Armed(ArmMode),
    /// Entry delay running: disarm now or it triggers. Keeps the mode it was armed in.
    Pending(ArmMode),
    /// The alarm went off.
    Triggered,
}

impl AlarmState {
    /// Every state, for exhaustive tests and displays.
    pub const ALL: [Self; 11] = [
        Self::Disarmed,
        Self::Arming(ArmMode::Home),
        Self::Arming(ArmMode::Away),
        Self::Arming(ArmMode::Night),
        Self::Armed(ArmMode::Home),
        Self::Armed(ArmMode::Away),
        Self::Armed(ArmMode::Night),
        Self::Pending(ArmMode::Home),
        Self::Pending(ArmMode::Away),
        Self::Pending(ArmMode::Night),
        Self::Triggered,
    ];

    /// Home Assistant's word for the state (`armed_away`, `pending`…), as stored and sent.
    #[must_use]
    pub const fn word(self) -> &'static str {
        match self {
            Self::Disarmed => "disarmed",
            Self::Arming(_) => "arming",
            Self::Armed(ArmMode::Home) => "armed_home",
            Self::Armed(ArmMode::Away) => "armed_away",
            Self::Armed(ArmMode::Night) => "armed_night",
            Self::Pending(_) => "pending",
            Self::Triggered => "triggered",
        }
    }

    /// The mode armed or being armed, if any.
    #[must_use]
    pub const fn mode(self) -> Option<ArmMode> {
        match self {
            Self::Arming(m) | Self::Armed(m) | Self::Pending(m) => Some(m),
            Self::Disarmed | Self::Triggered => None,
        }
    }

    /// The state for a stored word and mode.
    #[must_use]
    pub fn from_word(word: &str, mode: Option<ArmMode>) -> Option<Self> {
        Some(match (word, mode) {
            ("disarmed", _) => Self::Disarmed,
            ("triggered", _) => Self::Triggered,
            ("arming", Some(m)) => Self::Arming(m),
            ("pending", Some(m)) => Self::Pending(m),
            ("armed_home", _) => Self::Armed(ArmMode::Home),
            ("armed_away", _) => Self::Armed(ArmMode::Away),
            ("armed_night", _) => Self::Armed(ArmMode::Night),
            _ => return None,
        })
    }
}

/// What a panel reports about its state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "report", rename_all = "snake_case")]
pub enum Report {
    /// The exit delay started for `mode`.
    ExitDelay {
        /// The mode being armed.
        mode: ArmMode,
    },
    /// Armed in `mode` (after the exit delay, or at once).
    Armed {
        /// The mode.
        mode: ArmMode,
    },
    /// Disarmed (by a user, or after an alarm).
    Disarmed,
    /// A delayed zone opened while armed: the entry delay runs.
    EntryDelay,
    /// The alarm went off (intrusion, or a 24-hour zone: smoke, panic, tamper).
    Triggered,
}

/// The outcome of a report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    /// The new state.
    pub next: AlarmState,
    /// Whether the report did not follow from the previous state (a missed event, a panel
    /// restarted); the panel is believed, and operators are shown the step.
    pub unexpected: bool,
}

/// Applies a panel's report to the state we knew.
#[must_use]
pub fn on_report(state: AlarmState, report: Report) -> Step {
    use AlarmState as S;
    let (next, expected) = match (state, report) {
        (_, Report::Triggered) => (S::Triggered, true),
        (_, Report::Disarmed) => (S::Disarmed, true),
        (S::Disarmed | S::Arming(_) | S::Armed(_), Report::ExitDelay { mode }) => {
            (S::Arming(mode), true)
        }
        (S::Disarmed | S::Arming(_) | S::Armed(_) | S::Triggered, Report::Armed { mode }) => {
            (S::Armed(mode), true)
        }
        (S::Armed(mode), Report::EntryDelay) => (S::Pending(mode), true),
        (S::Pending(mode), Report::EntryDelay) => (S::Pending(mode), true),
        // Unexpected: believed anyway.
        (S::Pending(_) | S::Triggered, Report::ExitDelay { mode }) => (S::Arming(mode), false),
        (S::Pending(_), Report::Armed { mode }) => (S::Armed(mode), false),
        (S::Arming(mode), Report::EntryDelay) => (S::Pending(mode), false),
        (S::Disarmed | S::Triggered, Report::EntryDelay) => (S::Pending(ArmMode::Away), false),
    };
    Step {
        next,
        unexpected: !expected,
    }
}

/// What a user asks the panel to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum Command {
    /// Arm in `mode`.
    Arm {
        /// The mode.
        mode: ArmMode,
    },
    /// Disarm (also silences a triggered alarm).
    Disarm,
}

impl Command {
    /// The stored word (`arm`, `disarm`).
    #[must_use]
    pub const fn word(self) -> &'static str {
        match self {
            Self::Arm { .. } => "arm",
            Self::Disarm => "disarm",
        }
    }

    /// The mode armed, for an arm command.
    #[must_use]
    pub const fn mode(self) -> Option<ArmMode> {
        match self {
            Self::Arm { mode } => Some(mode),
            Self::Disarm => None,
        }
    }

    /// The command a state confirms: the exit delay or armed state of a mode confirms arming
    /// it; disarmed confirms a disarm. Pending and triggered confirm nothing.
    #[must_use]
    pub const fn confirmed_by(state: AlarmState) -> Option<Self> {
        match state {
            AlarmState::Arming(mode) | AlarmState::Armed(mode) => Some(Self::Arm { mode }),
            AlarmState::Disarmed => Some(Self::Disarm),
            AlarmState::Pending(_) | AlarmState::Triggered => None,
        }
    }
}

/// Why a command is not sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CommandRefusal {
    /// Already in that state.
    #[error("already so")]
    AlreadySo,
    /// Arming is refused while an exit or entry delay runs or the alarm is triggered: disarm
    /// first.
    #[error("disarm first")]
    DisarmFirst,
}

/// Checks a user's command against the state.
///
/// # Errors
/// A [`CommandRefusal`].
pub fn check_command(state: AlarmState, command: Command) -> Result<(), CommandRefusal> {
    use AlarmState as S;
    match (state, command) {
        (S::Disarmed, Command::Disarm) => Err(CommandRefusal::AlreadySo),
        (_, Command::Disarm) | (S::Disarmed, Command::Arm { .. }) => Ok(()),
        (S::Armed(current), Command::Arm { mode }) if current == mode => {
            Err(CommandRefusal::AlreadySo)
        }
        (S::Armed(_), Command::Arm { .. }) => Ok(()),
        (S::Arming(_) | S::Pending(_) | S::Triggered, Command::Arm { .. }) => {
            Err(CommandRefusal::DisarmFirst)
        }
    }
}

/// What the customer says of a triggered alarm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Verdict {
    /// Nobody broke in (a pet, a draught, a forgotten code): the alarm is cancelled.
    FalseAlarm,
    /// Somebody did: the monitoring centre acts on it.
    Intrusion,
}

impl Verdict {
    /// The stored word.
    #[must_use]
    pub const fn word(self) -> &'static str {
        match self {
            Self::FalseAlarm => "false_alarm",
            Self::Intrusion => "intrusion",
        }
    }

    /// The verdict for a stored word.
    #[must_use]
    pub fn from_word(word: &str) -> Option<Self> {
        [Self::FalseAlarm, Self::Intrusion]
            .into_iter()
            .find(|v| v.word() == word)
    }
}

/// Who changed the state, and how.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Actor {
    /// A user code typed on the keypad (the panel's user number or name).
    Keypad {
        /// The panel's name for the user.
        user: String,
    },
    /// A tag (badge) presented to the keypad.
    Tag {
        /// The panel's name for the tag.
        user: String,
    },
    /// The customer space or app, by a signed-in customer.
    App,
    /// A schedule programmed in the panel.
    Schedule,
    /// The panel itself (a sensor, a timeout).
    Panel,
    /// A monitoring operator.
    Operator,
}

impl Actor {
    /// The stored word for the kind of actor.
    #[must_use]
    pub const fn word(&self) -> &'static str {
        match self {
            Self::Keypad { .. } => "keypad",
            Self::Tag { .. } => "tag",
            Self::App => "app",
            Self::Schedule => "schedule",
            Self::Panel => "panel",
            Self::Operator => "operator",
        }
    }
}

#[cfg(test)]
mod tests;
