//! Paperless invoices and notification choices.

use abri_domain::ids::CustomerId;

use crate::cells::Arg;
use crate::{Db, StoreError, Tx};

/// What a customer chose, as stored.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StoredPreferences {
    /// Invoices by e-mail and online only.
    pub paperless: bool,
    /// (event class, channel, on) for each pair the customer set.
    pub notifications: Vec<(String, String, bool)>,
}

impl Db {
    /// The customer's stored choices (empty when never set).
    ///
    /// # Errors
    /// On a database failure.
    pub async fn preferences_of(
        &self,
        customer_id: CustomerId,
    ) -> Result<StoredPreferences, StoreError> {
        let paperless: Option<(bool,)> = self
            .read_optional(
                "SELECT paperless FROM customer_preferences WHERE customer_id = $1",
                &[Arg::Uuid(customer_id.0)],
            )
            .await?;
        let notifications: Vec<(String, String, bool)> = self
            .read_all(
                "SELECT event_class, channel, enabled FROM notification_preferences \
                 WHERE customer_id = $1 ORDER BY event_class, channel",
                &[Arg::Uuid(customer_id.0)],
            )
            .await?;
        Ok(StoredPreferences {
            paperless: paperless.is_some_and(|(p,)| p),
            notifications,
        })
    }
}

impl Tx {
    /// Stores every choice (call inside one transaction so none is half-applied).
    ///
    /// # Errors
    /// On a database failure.
    pub async fn save_preferences(
        &mut self,
        customer_id: CustomerId,
        paperless: bool,
        notifications: &[(&str, &str, bool)],
    ) -> Result<(), StoreError> {
        self.execute(
            "INSERT INTO customer_preferences (customer_id, paperless) VALUES ($1, $2) \
             ON CONFLICT (customer_id) DO UPDATE SET paperless = excluded.paperless",
            &[Arg::Uuid(customer_id.0), Arg::Bool(paperless)],
        )
        .await?;
        for (class, channel, on) in notifications {
            self.execute(
                "INSERT INTO notification_preferences (customer_id, event_class, channel, enabled) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (customer_id, event_class, channel) \
                 DO UPDATE SET enabled = excluded.enabled",
                &[
                    Arg::Uuid(customer_id.0),
                    Arg::Text(class),
                    Arg::Text(channel),
                    Arg::Bool(*on),
                ],
            )
            .await?;
        }
        Ok(())
    }
}
