//! Homes (one per address) and the equipment installed in them.

use serde::{Deserialize, Serialize};

use crate::ids::{CustomerId, HomeId};

/// What kind of dwelling a home is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HomeKind {
    /// A house (maison).
    House,
    /// A flat (appartement).
    Flat,
}

/// A kind of installed equipment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EquipmentKind {
    /// The alarm panel (centrale d'alarme).
    AlarmPanel,
    /// A keypad (clavier).
    Keypad,
    /// A motion sensor.
    MotionSensor,
    /// A door or window contact.
    DoorSensor,
    /// A smoke detector.
    SmokeDetector,
    /// A water-leak sensor.
    WaterLeakSensor,
    /// An indoor or outdoor siren.
    Siren,
    /// A camera.
    Camera,
}

/// A postal address in France.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    /// Street line (`12 rue des Lilas`).
    pub street: String,
    /// Postal code (`69003`).
    pub postal_code: String,
    /// City.
    pub city: String,
}

/// A protected home.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Home {
    /// Its id.
    pub id: HomeId,
    /// Whose it is.
    pub customer_id: CustomerId,
    /// The customer's own name for it (`Maison de Lyon`).
    pub label: String,
    /// House or flat.
    pub kind: HomeKind,
    /// Where it is.
    pub address: Address,
}

/// The longest name a customer may give a home.
pub const LABEL_MAX: usize = 60;

/// Why a home's name was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LabelError {
    /// Nothing but spaces.
    #[error("missing")]
    Missing,
    /// Longer than [`LABEL_MAX`] characters.
    #[error("too long")]
    TooLong,
}

/// Parses the customer's name for a home: inner runs of spaces collapsed, 1 to
/// [`LABEL_MAX`] characters, control characters refused as missing text.
///
/// # Errors
/// A [`LabelError`].
pub fn parse_label(typed: &str) -> Result<String, LabelError> {
    let label = typed
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if label.is_empty() {
        Err(LabelError::Missing)
    } else if label.chars().count() > LABEL_MAX {
        Err(LabelError::TooLong)
    } else {
        Ok(label)
    }
}

/// A line of installed equipment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Equipment {
    /// What it is.
    pub kind: EquipmentKind,
    /// Where it is (`Entrée`, `Salon`).
    pub location: String,
    /// How many.
    pub quantity: i64,
}

/// Maps a value to and from the word stored in the database.
pub trait StoredWord: Sized + Copy + 'static {
    /// Every value with its stored word.
    const WORDS: &'static [(Self, &'static str)];

    /// The stored word.
    #[must_use]
    fn word(self) -> &'static str
    where
        Self: PartialEq,
    {
        Self::WORDS
            .iter()
            .find(|(v, _)| *v == self)
            .map_or("", |(_, w)| w)
    }

    /// The value for a stored word, if any.
    #[must_use]
    fn from_word(word: &str) -> Option<Self> {
        Self::WORDS
            .iter()
            .find(|(_, w)| *w == word)
            .map(|(v, _)| *v)
    }
}

impl StoredWord for HomeKind {
    const WORDS: &'static [(Self, &'static str)] = &[(Self::House, "house"), (Self::Flat, "flat")];
}

impl StoredWord for EquipmentKind {
    const WORDS: &'static [(Self, &'static str)] = &[
        (Self::AlarmPanel, "alarm_panel"),
        (Self::Keypad, "keypad"),
        (Self::MotionSensor, "motion_sensor"),
        (Self::DoorSensor, "door_sensor"),
        (Self::SmokeDetector, "smoke_detector"),
        (Self::WaterLeakSensor, "water_leak_sensor"),
        (Self::Siren, "siren"),
        (Self::Camera, "camera"),
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_words_round_trip() {
        for (value, word) in EquipmentKind::WORDS {
            assert_eq!(value.word(), *word);
            assert_eq!(EquipmentKind::from_word(word), Some(*value));
        }
        assert_eq!(HomeKind::from_word("castle"), None);
    }

    #[test]
    fn labels_are_tidied_and_bounded() {
        assert_eq!(
            parse_label("  Maison\tde   Lyon ").as_deref(),
            Ok("Maison de Lyon")
        );
        assert_eq!(parse_label(" \u{7} "), Err(LabelError::Missing));
        assert_eq!(parse_label(&"é".repeat(60)).map(|l| l.len()), Ok(120));
        assert_eq!(parse_label(&"é".repeat(61)), Err(LabelError::TooLong));
    }
}
