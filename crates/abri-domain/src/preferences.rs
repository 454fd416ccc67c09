//! Paperless invoices and notification preferences: for each class of event, which channels
//! (e-mail, SMS, in-app) tell the customer. Security messages are not a class here: they are
//! always sent.

use std::collections::BTreeMap;

/// A class of events the customer may hear about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EventClass {
    /// Alarm triggered, armed or disarmed, panel faults.
    Alarm,
    /// Claim progress.
    Claims,
    /// New invoice or payment.
    Invoices,
    /// Technician visits.
    Visits,
    /// Replies from customer service.
    Messages,
    /// Contract changes and renewals.
    Contracts,
}

/// How the customer is told.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Channel {
    /// E-mail.
    Email,
    /// Text message.
    Sms,
    /// In the customer space.
    InApp,
}

impl EventClass {
    /// Every class, in display order.
    pub const ALL: [Self; 6] = [
        Self::Alarm,
        Self::Claims,
        Self::Invoices,
        Self::Visits,
        Self::Messages,
        Self::Contracts,
    ];

    /// The stored word.
    #[must_use]
    pub const fn word(self) -> &'static str {
        match self {
            Self::Alarm => "alarm",
            Self::Claims => "claims",
            Self::Invoices => "invoices",
            Self::Visits => "visits",
            Self::Messages => "messages",
            Self::Contracts => "contracts",
        }
    }

    /// The class for a stored word.
    #[must_use]
    pub fn from_word(word: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.word() == word)
    }
}

impl Channel {
    /// Every channel, in display order.
    pub const ALL: [Self; 3] = [Self::Email, Self::Sms, Self::InApp];

    /// The stored word.
    #[must_use]
    pub const fn word(self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::Sms => "sms",
            Self::InApp => "in_app",
        }
    }

    /// The channel for a stored word.
    #[must_use]
    pub fn from_word(word: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.word() == word)
    }
}

/// What is on when the customer never chose: e-mail and in-app for everything, SMS for the
/// alarm only.
#[must_use]
pub const fn default_choice(class: EventClass, channel: Channel) -> bool {
    !matches!(channel, Channel::Sms) || matches!(class, EventClass::Alarm)
}

/// Every (class, channel) pair with its choice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notifications(BTreeMap<(EventClass, Channel), bool>);

/// Why a set of choices was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PreferencesError {
    /// The alarm must reach the customer outside the customer space (e-mail or SMS).
    #[error("the alarm needs e-mail or SMS")]
    AlarmUnreachable,
}

impl Notifications {
    /// The defaults, overridden by stored choices (unknown words are skipped).
    #[must_use]
    pub fn from_stored<'a>(stored: impl IntoIterator<Item = (&'a str, &'a str, bool)>) -> Self {
        let mut map = BTreeMap::new();
        for class in EventClass::ALL {
            for channel in Channel::ALL {
                map.insert((class, channel), default_choice(class, channel));
            }
        }
        for (class, channel, on) in stored {
            if let (Some(class), Some(channel)) =
                (EventClass::from_word(class), Channel::from_word(channel))
            {
                map.insert((class, channel), on);
            }
        }
        Self(map)
    }

    /// Choices from a form: exactly the pairs ticked are on.
    ///
    /// # Errors
    /// [`PreferencesError::AlarmUnreachable`] when the alarm has neither e-mail nor SMS.
    pub fn from_ticked(ticked: &[(EventClass, Channel)]) -> Result<Self, PreferencesError> {
        let mut map = BTreeMap::new();
        for class in EventClass::ALL {
            for channel in Channel::ALL {
                map.insert((class, channel), ticked.contains(&(class, channel)));
            }
        }
        let reaches = |ch| map.get(&(EventClass::Alarm, ch)).copied().unwrap_or(false);
        if !reaches(Channel::Email) && !reaches(Channel::Sms) {
            return Err(PreferencesError::AlarmUnreachable);
        }
        Ok(Self(map))
    }

    /// Whether `class` events go through `channel`.
    #[must_use]
    pub fn is_on(&self, class: EventClass, channel: Channel) -> bool {
        self.0.get(&(class, channel)).copied().unwrap_or(false)
    }

    /// Every pair with its choice, for storage.
    pub fn pairs(&self) -> impl Iterator<Item = (EventClass, Channel, bool)> + '_ {
        self.0
            .iter()
            .map(|(&(class, channel), &on)| (class, channel, on))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_then_stored_choices() {
        let n = Notifications::from_stored([("claims", "email", false), ("nonsense", "sms", true)]);
        assert!(n.is_on(EventClass::Alarm, Channel::Sms));
        assert!(!n.is_on(EventClass::Invoices, Channel::Sms));
        assert!(!n.is_on(EventClass::Claims, Channel::Email));
        assert!(n.is_on(EventClass::Claims, Channel::InApp));
        assert_eq!(n.pairs().count(), 18);
    }

    #[test]
    fn the_alarm_must_reach_the_customer() {
        assert_eq!(
            Notifications::from_ticked(&[(EventClass::Alarm, Channel::InApp)]),
            Err(PreferencesError::AlarmUnreachable)
        );
        let n = Notifications::from_ticked(&[(EventClass::Alarm, Channel::Sms)]).unwrap();
        assert!(n.is_on(EventClass::Alarm, Channel::Sms));
        assert!(!n.is_on(EventClass::Alarm, Channel::Email));
        assert!(!n.is_on(EventClass::Invoices, Channel::Email));
    }
}
