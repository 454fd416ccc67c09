//! The customer's own account: changing the password (SECURITY.md 1–3, 11, 17, 25–26).

use abri_domain::account::PasswordAttempt;
use abri_domain::passwords::{NewPassword, PasswordContext};
use abri_store::audit::AuditEvent;

use crate::auth::{SessionOrigin, SignedIn};
use crate::hasher::Verdict;
use crate::i18n::t_args;
use crate::jobs::enqueue_email;
use crate::mail::Letter;
use crate::tokens::{hash_secret, new_secret};
use crate::{App, AppError};

impl App {
    /// The words a new password of this customer must not contain.
    #[must_use]
    pub fn password_context(&self, who: &SignedIn) -> PasswordContext {
        PasswordContext::new(
            &who.customer.number,
            &who.customer.email,
            &self.provider.name,
        )
    }

    /// Changes the password after checking the current one. In one transaction: the new hash,
    /// every session ended, the audit record, the confirmation e-mail. Returns the secret of a
    /// fresh session for this browser (the session id changes with the privilege).
    ///
    /// # Errors
    /// [`AppError::Invalid`] on `current_password` when it is wrong; storage failures.
    pub async fn change_password(
        &self,
        who: &SignedIn,
        current: &PasswordAttempt,
        new: &NewPassword,
        origin: &SessionOrigin,
    ) -> Result<String, AppError> {
        let customer = &who.customer;
        let stored = self.db.password_hash(customer.id).await?;
        let verdict = self
            .hasher
            .verify(current.as_bytes(), stored.as_deref())
            .await?;
        let now = self.clock.now();
        let mut event = AuditEvent {
            customer_id: Some(customer.id),
            ip: origin.ip.clone(),
            user_agent: origin.user_agent.clone(),
            action: "password_change".into(),
            method: Some("password".into()),
            ..AuditEvent::default()
        };
        if verdict == Verdict::Mismatch {
            event.result = "failure".into();
            self.db.insert_audit(&event, now).await?;
            return Err(AppError::invalid(
                "current_password",
                "error-current-password-wrong",
            ));
        }
        let hash = self.hasher.hash(new.as_bytes()).await?;
        let secret = new_secret();
        let date = crate::i18n::date_time(customer.language, now);
        let mut letter = Letter::new(
            customer.language,
            &customer.email,
            &customer.given_name,
            "email-password-changed-subject",
        )
        .paragraph(t_args(
            customer.language,
            "email-password-changed-body",
            &[("date", date)],
        ));
        letter.warning = Some(crate::i18n::t(
            customer.language,
            "email-password-changed-warning",
        ));
        let email = letter.render(&self.provider)?;

        let mut tx = self.db.begin().await?;
        tx.set_password_hash(customer.id, &hash, now).await?;
        let ended = tx.delete_sessions_of(customer.id).await?;
        tx.insert_session(&hash_secret(&secret), customer.id, origin, now)
            .await?;
        event.result = "success".into();
        event.detail = Some(format!("{{\"sessions_ended\":{ended}}}"));
        tx.insert_audit(&event, now).await?;
        enqueue_email(self, &mut tx, &email).await?;
        tx.commit().await?;
        self.wake_worker();
        Ok(secret)
    }
}
