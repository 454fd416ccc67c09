//! A triggered alarm: the customer is told by the channels they chose (e-mail, SMS; the
//! customer space always shows it), and says whether it is a false alarm (cancelled, behind the
//! step-up) or an intrusion; both are recorded with who and when.

use abri_domain::alarm::{AlarmState, Command, Verdict};
use abri_domain::ids::HomeId;
use abri_domain::preferences::{Channel, EventClass, Notifications};
use abri_store::Tx;
use abri_store::alarm::PanelAuth;
use abri_store::audit::AuditEvent;
use abri_store::customers::Customer;
use time::OffsetDateTime;

use crate::auth::{SessionOrigin, SignedIn};
use crate::i18n::{t, t_args};
use crate::jobs::{OutgoingSms, enqueue_email, enqueue_sms};
use crate::mail::{Action, Letter};
use crate::{App, AppError};

/// Whom to tell when a panel's alarm goes off, loaded before the batch's transaction.
pub(super) struct Audience {
    customer: Customer,
    notifications: Notifications,
    home_label: String,
}

impl App {
    /// The owner of the panel's home and their choices.
    pub(super) async fn audience(&self, panel: &PanelAuth) -> Result<Option<Audience>, AppError> {
        let Some(customer) = self.db.customer(panel.customer_id).await? else {
            return Ok(None);
        };
        let stored = self.db.preferences_of(customer.id).await?;
        let notifications = Notifications::from_stored(
            stored
                .notifications
                .iter()
                .map(|(c, ch, on)| (c.as_str(), ch.as_str(), *on)),
        );
        let home_label = self
            .db
            .home_of(customer.id, panel.home_id)
            .await?
            .map(|h| h.label)
            .unwrap_or_default();
        Ok(Some(Audience {
            customer,
            notifications,
            home_label,
        }))
    }

    /// Queues the alarm messages in the batch's transaction.
    pub(super) async fn tell_triggered(
        &self,
        tx: &mut Tx,
        audience: &Audience,
        home: HomeId,
        device: Option<&str>,
        at: OffsetDateTime,
    ) -> Result<(), AppError> {
        let c = &audience.customer;
        let lang = c.language;
        let url = format!("{}/homes/{home}/alarm", self.base_url);
        let args = [
            ("home", audience.home_label.clone()),
            ("date", crate::i18n::date_time(lang, at)),
            (
                "device",
                device.map_or_else(|| t(lang, "alarm-device-panel"), str::to_owned),
            ),
        ];
        let on = |channel| audience.notifications.is_on(EventClass::Alarm, channel);
        if on(Channel::Email) {
            let mut letter = Letter::new(lang, &c.email, &c.given_name, "email-alarm-subject")
                .paragraph(t_args(lang, "email-alarm-body", &args))
                .paragraph(t(lang, "email-alarm-next"));
            letter.subject = t_args(lang, "email-alarm-subject", &args);
            letter.action = Some(Action {
                label: t(lang, "email-alarm-action"),
                url: url.clone(),
            });
            enqueue_email(self, tx, &letter.render(&self.provider)?).await?;
        }
        if let (true, Some(phone), true) = (on(Channel::Sms), &c.phone, c.phone_verified) {
            let mut args = args.to_vec();
            args.push(("url", url));
            args.push(("brand", self.provider.name.clone()));
            let text = t_args(lang, "sms-alarm", &args);
            enqueue_sms(
                self,
                tx,
                &OutgoingSms {
                    to: phone.clone(),
                    text,
                },
            )
            .await?;
        }
        Ok(())
    }

    /// The customer's verdict on the alarm going off now in one of their homes. A false alarm
    /// also disarms (the panel is sent the command).
    ///
    /// # Errors
    /// [`AppError::NotFound`] for another customer's home or a home without a panel;
    /// [`AppError::Invalid`] on `verdict` when the alarm is not triggered or was already
    /// judged.
    pub async fn judge_alarm(
        &self,
        who: &SignedIn,
        home: HomeId,
        verdict: Verdict,
        origin: &SessionOrigin,
    ) -> Result<(), AppError> {
        let panel = self
            .db
            .panel_of_home(who.customer.id, home)
            .await?
            .ok_or(AppError::NotFound)?;
        if panel.state != AlarmState::Triggered {
            return Err(AppError::invalid("verdict", "alarm-not-triggered"));
        }
        let now = self.clock.now();
        let event = AuditEvent {
            customer_id: Some(who.customer.id),
            ip: origin.ip.clone(),
            user_agent: origin.user_agent.clone(),
            action: "alarm_verdict".into(),
            result: "success".into(),
            method: Some(verdict.word().into()),
            detail: Some(serde_json::json!({ "home": home.0 }).to_string()),
            ..AuditEvent::default()
        };
        let mut tx = self.db.begin().await?;
        if !tx
            .insert_verdict(panel.id, who.customer.id, panel.state_since, verdict, now)
            .await?
        {
            return Err(AppError::invalid("verdict", "alarm-already-judged"));
        }
        if verdict == Verdict::FalseAlarm {
            let deadline = now + self.alarm.command_timeout;
            tx.insert_command(panel.id, who.customer.id, Command::Disarm, now, deadline)
                .await?;
        }
        tx.insert_audit(&event, now).await?;
        tx.commit().await?;
        Ok(())
    }
}
