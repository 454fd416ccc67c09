//! The customer's name and the street line of a home: checked, changed with an audit row (and,
//! for the name, an e-mail), in one transaction.

use abri_domain::ids::HomeId;
use abri_domain::profile::{parse_name, parse_street};
use abri_store::audit::AuditEvent;

use crate::auth::{SessionOrigin, SignedIn};
use crate::i18n::{t, t_args};
use crate::jobs::enqueue_email;
use crate::mail::Letter;
use crate::{App, AppError, FieldError};

fn refused(faults: Vec<(&'static str, &'static str)>) -> AppError {
    AppError::Invalid(
        faults
            .into_iter()
            .map(|(field, message)| FieldError::on(field, message))
            .collect(),
    )
}

fn audit(who: &SignedIn, origin: &SessionOrigin, action: &str, detail: String) -> AuditEvent {
    AuditEvent {
        customer_id: Some(who.customer.id),
        ip: origin.ip.clone(),
        user_agent: origin.user_agent.clone(),
        action: action.into(),
        result: "success".into(),
        detail: Some(detail),
        ..AuditEvent::default()
    }
}

impl App {
    /// Replaces the customer's given and family names; the customer is told by e-mail, since
    /// advisers check a caller's name against it.
    ///
    /// # Errors
    /// [`AppError::Invalid`] on `given_name` or `family_name` (nothing changed).
    pub async fn change_name(
        &self,
        who: &SignedIn,
        given: &str,
        family: &str,
        origin: &SessionOrigin,
    ) -> Result<(), AppError> {
        let name = parse_name(given, family).map_err(refused)?;
        let c = &who.customer;
        if name.given == c.given_name && name.family == c.family_name {
            return Ok(());
        }
        let lang = c.language;
        let now = self.clock.now();
        let mut letter = Letter::new(lang, &c.email, &name.given, "email-name-changed-subject")
            .paragraph(t_args(
                lang,
                "email-name-changed-body",
                &[
                    ("name", format!("{} {}", name.given, name.family)),
                    ("date", crate::i18n::date_time(lang, now)),
                ],
            ));
        letter.warning = Some(t(lang, "email-factor-warning"));
        let detail = serde_json::json!({
            "from": format!("{} {}", c.given_name, c.family_name),
            "to": format!("{} {}", name.given, name.family),
        });
        let mut tx = self.db.begin().await?;
        tx.set_customer_name(c.id, &name.given, &name.family)
            .await?;
        tx.insert_audit(&audit(who, origin, "name_changed", detail.to_string()), now)
            .await?;
        enqueue_email(self, &mut tx, &letter.render(&self.provider)?).await?;
        tx.commit().await?;
        self.wake_worker();
        Ok(())
    }

    /// Corrects the street line of one of the customer's homes (a building, a number). The
    /// postal code and city are not the customer's to change: another town is a move.
    ///
    /// # Errors
    /// [`AppError::Invalid`] on `street`; [`AppError::NotFound`] for another customer's home.
    pub async fn correct_home_street(
        &self,
        who: &SignedIn,
        id: HomeId,
        typed: &str,
        origin: &SessionOrigin,
    ) -> Result<(), AppError> {
        let home = self
            .db
            .home_of(who.customer.id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let street = parse_street(typed).map_err(|f| refused(vec![f]))?;
        if street == home.address.street {
            return Ok(());
        }
        let detail = serde_json::json!({
            "home": id.0,
            "from": home.address.street,
            "to": street,
        });
        let mut tx = self.db.begin().await?;
        if !tx.set_home_street(who.customer.id, id, &street).await? {
            return Err(AppError::NotFound);
        }
        tx.insert_audit(
            &audit(who, origin, "home_address_corrected", detail.to_string()),
            self.clock.now(),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
