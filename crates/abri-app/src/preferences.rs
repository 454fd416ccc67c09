//! Paperless invoices and notification choices: read with defaults, saved all at once with an
//! audit row.

use abri_domain::preferences::{Channel, EventClass, Notifications, PreferencesError};
use abri_store::audit::AuditEvent;

use crate::auth::{SessionOrigin, SignedIn};
use crate::{App, AppError};

/// The customer's choices.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Preferences {
    /// Invoices by e-mail and online only.
    pub paperless: bool,
    /// Which channels tell of which events.
    pub notifications: Notifications,
}

impl App {
    /// The customer's choices, defaults filled in.
    ///
    /// # Errors
    /// On a storage failure.
    pub async fn preferences(&self, who: &SignedIn) -> Result<Preferences, AppError> {
        let stored = self.db.preferences_of(who.customer.id).await?;
        let notifications = Notifications::from_stored(
            stored
                .notifications
                .iter()
                .map(|(class, channel, on)| (class.as_str(), channel.as_str(), *on)),
        );
        Ok(Preferences {
            paperless: stored.paperless,
            notifications,
        })
    }

    /// Saves every choice at once: the pairs ticked are on, the others off.
    ///
    /// # Errors
    /// [`AppError::Invalid`] on `alarm` when the alarm would reach neither e-mail nor SMS
    /// (nothing saved).
    pub async fn save_preferences(
        &self,
        who: &SignedIn,
        paperless: bool,
        ticked: &[(EventClass, Channel)],
        origin: &SessionOrigin,
    ) -> Result<(), AppError> {
        let notifications = Notifications::from_ticked(ticked).map_err(|e| match e {
            PreferencesError::AlarmUnreachable => AppError::invalid("alarm", "error-prefs-alarm"),
        })?;
        let pairs: Vec<(&str, &str, bool)> = notifications
            .pairs()
            .map(|(class, channel, on)| (class.word(), channel.word(), on))
            .collect();
        let now = self.clock.now();
        let event = AuditEvent {
            customer_id: Some(who.customer.id),
            ip: origin.ip.clone(),
            user_agent: origin.user_agent.clone(),
            action: "preferences_changed".into(),
            result: "success".into(),
            ..AuditEvent::default()
        };
        let mut tx = self.db.begin().await?;
        tx.save_preferences(who.customer.id, paperless, &pairs)
            .await?;
        tx.insert_audit(&event, now).await?;
        tx.commit().await?;
        Ok(())
    }
}
