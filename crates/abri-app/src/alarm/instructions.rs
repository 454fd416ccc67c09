//! Monitoring instructions of a home: the people to call in order, and the verbal password,
//! sealed at rest and only opened for its owner (the pages are behind the step-up guard).

use abri_domain::ids::HomeId;
use abri_domain::instructions::{Contact, parse_contacts, parse_verbal_password};
use abri_store::audit::AuditEvent;
use time::OffsetDateTime;

use crate::auth::{SessionOrigin, SignedIn};
use crate::factors::crypto::{Purpose, open_for, seal_for};
use crate::{App, AppError, FieldError};

/// What the instructions page shows.
#[derive(Clone, Debug)]
pub struct Instructions {
    /// The people to call, in order.
    pub contacts: Vec<Contact>,
    /// The verbal password and when it was set.
    pub verbal: Option<(String, OffsetDateTime)>,
}

fn audit(who: &SignedIn, origin: &SessionOrigin, method: &str, home: HomeId) -> AuditEvent {
    AuditEvent {
        customer_id: Some(who.customer.id),
        ip: origin.ip.clone(),
        user_agent: origin.user_agent.clone(),
        action: "monitoring_instructions".into(),
        result: "success".into(),
        method: Some(method.into()),
        detail: Some(serde_json::json!({ "home": home.0 }).to_string()),
        ..AuditEvent::default()
    }
}

impl App {
    async fn own_monitored_home(&self, who: &SignedIn, home: HomeId) -> Result<(), AppError> {
        self.db
            .panel_of_home(who.customer.id, home)
            .await?
            .map(|_| ())
            .ok_or(AppError::NotFound)
    }

    /// The instructions of one of the customer's monitored homes.
    ///
    /// # Errors
    /// [`AppError::NotFound`] for another customer's home or a home without a panel.
    pub async fn instructions(
        &self,
        who: &SignedIn,
        home: HomeId,
    ) -> Result<Instructions, AppError> {
        self.own_monitored_home(who, home).await?;
        let contacts = self.db.monitoring_contacts(home).await?;
        let verbal = match self.db.verbal_password(home).await? {
            Some((sealed, at)) => {
                let plain = open_for(&self.secret_key, Purpose::Verbal, &sealed)?;
                Some((String::from_utf8_lossy(&plain).into_owned(), at))
            }
            None => None,
        };
        Ok(Instructions { contacts, verbal })
    }

    /// Replaces the people to call with the rows as typed (name, phone, relation).
    ///
    /// # Errors
    /// [`AppError::Invalid`] naming each wrong field (nothing changed); [`AppError::NotFound`].
    pub async fn save_contacts(
        &self,
        who: &SignedIn,
        home: HomeId,
        rows: &[(String, String, String)],
        origin: &SessionOrigin,
    ) -> Result<(), AppError> {
        self.own_monitored_home(who, home).await?;
        let contacts = parse_contacts(rows).map_err(|faults| {
            AppError::Invalid(
                faults
                    .into_iter()
                    .map(|(field, message)| FieldError::on(static_field(field), message))
                    .collect(),
            )
        })?;
        let mut tx = self.db.begin().await?;
        tx.replace_monitoring_contacts(home, &contacts).await?;
        tx.insert_audit(&audit(who, origin, "contacts", home), self.clock.now())
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Sets the verbal password, sealed.
    ///
    /// # Errors
    /// [`AppError::Invalid`] on `verbal`; [`AppError::NotFound`].
    pub async fn set_verbal_password(
        &self,
        who: &SignedIn,
        home: HomeId,
        typed: &str,
        origin: &SessionOrigin,
    ) -> Result<(), AppError> {
        self.own_monitored_home(who, home).await?;
        let word = parse_verbal_password(typed).map_err(|m| AppError::invalid("verbal", m))?;
        let sealed = seal_for(&self.secret_key, Purpose::Verbal, word.as_bytes())?;
        let now = self.clock.now();
        let mut tx = self.db.begin().await?;
        tx.set_verbal_password(home, &sealed, now).await?;
        tx.insert_audit(&audit(who, origin, "verbal_password", home), now)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// The field names of the contact rows, as `'static` strings for [`FieldError`].
fn static_field(field: String) -> &'static str {
    const FIELDS: [&str; 15] = [
        "name-1",
        "phone-1",
        "relation-1",
        "name-2",
        "phone-2",
        "relation-2",
        "name-3",
        "phone-3",
        "relation-3",
        "name-4",
        "phone-4",
        "relation-4",
        "name-5",
        "phone-5",
        "relation-5",
    ];
    FIELDS.into_iter().find(|f| *f == field).unwrap_or("name-1")
}
