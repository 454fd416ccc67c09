//! Changing the e-mail address or the phone (SECURITY.md 16, 26): behind the step-up guard, the
//! new contact is proven by a code sent to it (10 minutes, 5 tries), then the old contact is
//! told, and an audit row is written.

use abri_domain::account::{Email, PhoneNumber};
use abri_domain::resets::{SMS_CODE_TTL, SMS_MAX_FAILURES, mask_phone};
use abri_store::audit::AuditEvent;
use abri_store::resets::ms;

use crate::auth::{SessionOrigin, SignedIn};
use crate::i18n::{t, t_args};
use crate::jobs::{OutgoingSms, enqueue_email, enqueue_sms};
use crate::mail::Letter;
use crate::tokens::hash_secret;
use crate::{App, AppError};

/// Which contact.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContactKind {
    /// The e-mail address.
    Email,
    /// The mobile phone.
    Phone,
}

impl ContactKind {
    /// The stored word.
    #[must_use]
    pub const fn word(self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::Phone => "phone",
        }
    }
}

fn new_code() -> String {
    format!("{:06}", rand::random_range(0..1_000_000_u32))
}

fn code_hash(who: &SignedIn, kind: ContactKind, code: &str) -> String {
    hash_secret(&format!(
        "{}:contact:{}:{code}",
        who.customer.id,
        kind.word()
    ))
}

impl App {
    /// Sends a code to a new phone number.
    ///
    /// # Errors
    /// [`AppError::Invalid`] on `phone` when it is the current one; quotas.
    pub async fn start_phone_change(
        &self,
        who: &SignedIn,
        phone: &PhoneNumber,
        origin: &SessionOrigin,
    ) -> Result<(), AppError> {
        if who.customer.phone.as_deref() == Some(phone.as_str()) {
            return Err(AppError::invalid("phone", "error-contact-same"));
        }
        self.take_sms_quota(&who.customer, phone.as_str(), origin.ip.as_deref())
            .await?;
        let code = new_code();
        let expires = self.clock.now() + SMS_CODE_TTL;
        self.db
            .start_contact_change(
                who.customer.id,
                "phone",
                phone.as_str(),
                &code_hash(who, ContactKind::Phone, &code),
                expires,
            )
            .await?;
        let text = t_args(
            who.customer.language,
            "sms-contact-code",
            &[("brand", self.provider.name.clone()), ("code", code)],
        );
        let mut tx = self.db.begin().await?;
        enqueue_sms(
            self,
            &mut tx,
            &OutgoingSms {
                to: phone.as_str().to_owned(),
                text,
            },
        )
        .await?;
        tx.commit().await?;
        self.wake_worker();
        Ok(())
    }

    /// Sends a code to a new e-mail address.
    ///
    /// # Errors
    /// [`AppError::Invalid`] on `email` when it is the current one.
    pub async fn start_email_change(&self, who: &SignedIn, email: &Email) -> Result<(), AppError> {
        let c = &who.customer;
        if c.email == email.as_str() {
            return Err(AppError::invalid("email", "error-contact-same"));
        }
        let code = new_code();
        let expires = self.clock.now() + SMS_CODE_TTL;
        self.db
            .start_contact_change(
                c.id,
                "email",
                email.as_str(),
                &code_hash(who, ContactKind::Email, &code),
                expires,
            )
            .await?;
        let lang = c.language;
        let letter = Letter::new(
            lang,
            email.as_str(),
            &c.given_name,
            "email-contact-code-subject",
        )
        .paragraph(t_args(lang, "email-contact-code-body", &[("code", code)]));
        let mut tx = self.db.begin().await?;
        enqueue_email(self, &mut tx, &letter.render(&self.provider)?).await?;
        tx.commit().await?;
        self.wake_worker();
        Ok(())
    }

    /// Where the code of a pending change went (masked for a phone).
    ///
    /// # Errors
    /// [`AppError::NotFound`] without a pending change.
    pub async fn pending_contact_target(
        &self,
        who: &SignedIn,
        kind: ContactKind,
    ) -> Result<String, AppError> {
        let pending = self
            .db
            .pending_contact(who.customer.id, kind.word())
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(match kind {
            ContactKind::Phone => mask_phone(&pending.new_value),
            ContactKind::Email => pending.new_value,
        })
    }

    /// Proves the new contact with its code and applies the change; the old contact is told.
    ///
    /// # Errors
    /// [`AppError::Invalid`] on `code`; [`AppError::Conflict`] when the address belongs to
    /// another account; [`AppError::NotFound`] without a pending change.
    pub async fn confirm_contact_change(
        &self,
        who: &SignedIn,
        kind: ContactKind,
        code: &str,
        origin: &SessionOrigin,
    ) -> Result<(), AppError> {
        let c = &who.customer;
        let pending = self
            .db
            .pending_contact(c.id, kind.word())
            .await?
            .ok_or(AppError::NotFound)?;
        if pending.expires_at_ms < ms(self.clock.now()) {
            return Err(AppError::invalid("code", "error-code-expired"));
        }
        let typed: String = code.chars().filter(|ch| !ch.is_whitespace()).collect();
        if code_hash(who, kind, &typed) != pending.code_hash {
            if self.db.fail_contact_change(c.id, kind.word()).await? >= SMS_MAX_FAILURES {
                self.db.drop_contact_change(c.id, kind.word()).await?;
                return Err(AppError::invalid("code", "error-code-too-many-factor"));
            }
            // The code went where the change goes: by e-mail for an address.
            let wrong = match kind {
                ContactKind::Email => "error-code-wrong-email",
                ContactKind::Phone => "error-code-wrong",
            };
            return Err(AppError::invalid("code", wrong));
        }
        let now = self.clock.now();
        match self
            .db
            .apply_contact_change(c.id, kind.word(), &pending.new_value, now)
            .await
        {
            Ok(true) => {}
            Ok(false) => return Err(AppError::NotFound),
            Err(e) if kind == ContactKind::Email => {
                tracing::info!(error = %e, "e-mail change refused");
                return Err(AppError::Conflict);
            }
            Err(e) => return Err(e.into()),
        }
        self.tell_old_contact(who, kind, &pending.new_value, origin)
            .await
    }

    async fn tell_old_contact(
        &self,
        who: &SignedIn,
        kind: ContactKind,
        new_value: &str,
        origin: &SessionOrigin,
    ) -> Result<(), AppError> {
        let c = &who.customer;
        let lang = c.language;
        let now = self.clock.now();
        let shown = match kind {
            ContactKind::Phone => mask_phone(new_value),
            ContactKind::Email => new_value.to_owned(),
        };
        let mut letter = Letter::new(
            lang,
            &c.email,
            &c.given_name,
            &format!("email-{}-changed-subject", kind.word()),
        )
        .paragraph(t_args(
            lang,
            &format!("email-{}-changed-body", kind.word()),
            &[
                ("value", shown),
                ("date", crate::i18n::date_time(lang, now)),
            ],
        ));
        letter.warning = Some(t(lang, "email-factor-warning"));
        let event = AuditEvent {
            customer_id: Some(c.id),
            ip: origin.ip.clone(),
            user_agent: origin.user_agent.clone(),
            action: "contact_changed".into(),
            result: "success".into(),
            method: Some(kind.word().into()),
            ..AuditEvent::default()
        };
        let mut tx = self.db.begin().await?;
        tx.insert_audit(&event, now).await?;
        // The old address hears of it (for an e-mail change, this is the address being left).
        enqueue_email(self, &mut tx, &letter.render(&self.provider)?).await?;
        if let (ContactKind::Phone, Some(old)) = (kind, &c.phone) {
            let text = t_args(
                lang,
                "sms-phone-changed",
                &[("brand", self.provider.name.clone())],
            );
            enqueue_sms(
                self,
                &mut tx,
                &OutgoingSms {
                    to: old.clone(),
                    text,
                },
            )
            .await?;
        }
        tx.commit().await?;
        self.wake_worker();
        Ok(())
    }
}
