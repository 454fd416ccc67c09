//! Second factors (SECURITY.md 12–13): the authenticator app (TOTP, RFC 6238: SHA-1, 6 digits,
//! 30 s, ±1 step, each step accepted once, secret encrypted at rest) and ten single-use
//! recovery codes, shown once and stored hashed.

pub mod crypto;
mod recovery;
mod sign_in;
pub mod sms;
mod totp;

pub use recovery::RECOVERY_CODES;
pub use totp::TotpEnrolment;

use abri_store::audit::AuditEvent;
use abri_store::customers::Customer;

use crate::auth::SessionOrigin;
use crate::i18n::t;
use crate::jobs::enqueue_email;
use crate::mail::Letter;
use crate::{App, AppError};

/// How a second factor was proven.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FactorUsed {
    /// A code of the authenticator app.
    Totp,
    /// A recovery code.
    RecoveryCode,
    /// A code sent by SMS.
    Sms,
}

impl FactorUsed {
    /// The audit method word.
    #[must_use]
    pub const fn method(self) -> &'static str {
        match self {
            Self::Totp => "totp",
            Self::RecoveryCode => "recovery_code",
            Self::Sms => "sms",
        }
    }
}

impl App {
    /// Whether the customer has a confirmed authenticator app.
    ///
    /// # Errors
    /// On a storage failure.
    pub async fn has_totp(&self, customer: &Customer) -> Result<bool, AppError> {
        Ok(self
            .db
            .totp_of(customer.id)
            .await?
            .is_some_and(|f| f.confirmed))
    }

    /// Whether the customer has a second factor: the app, a passkey, or codes by SMS (with a
    /// phone number to send them to).
    ///
    /// # Errors
    /// On a storage failure.
    pub async fn has_second_factor(&self, customer: &Customer) -> Result<bool, AppError> {
        let factors = self.db.second_factors_of(customer.id).await?;
        Ok(factors.totp || factors.passkey || (factors.sms && customer.phone.is_some()))
    }

    /// Checks a typed second factor: six digits for the app, otherwise a recovery code. A
    /// replayed app code is refused, recorded and e-mailed; a used recovery code is e-mailed.
    ///
    /// # Errors
    /// [`AppError::Invalid`] on `code` when wrong or replayed; storage failures.
    pub async fn verify_second_factor(
        &self,
        customer: &Customer,
        input: &str,
        origin: &SessionOrigin,
    ) -> Result<FactorUsed, AppError> {
        let compact: String = input
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        if compact.len() == 6 && compact.bytes().all(|b| b.is_ascii_digit()) {
            if self.check_sign_in_code(customer, &compact).await? {
                return Ok(FactorUsed::Sms);
            }
            self.check_totp(customer, &compact, origin)
                .await
                .map(|()| FactorUsed::Totp)
        } else {
            self.use_recovery_code(customer, &compact, origin)
                .await
                .map(|()| FactorUsed::RecoveryCode)
        }
    }

    /// Audits a factor event and, when `email` names a message, e-mails the customer about it.
    pub(crate) async fn factor_event(
        &self,
        customer: &Customer,
        origin: &SessionOrigin,
        action: &str,
        result: &str,
        email: Option<(&str, &str)>,
    ) -> Result<(), AppError> {
        let now = self.clock.now();
        let event = AuditEvent {
            customer_id: Some(customer.id),
            ip: origin.ip.clone(),
            user_agent: origin.user_agent.clone(),
            action: action.into(),
            result: result.into(),
            method: Some("totp".into()),
            ..AuditEvent::default()
        };
        let mut tx = self.db.begin().await?;
        tx.insert_audit(&event, now).await?;
        if let Some((subject, body)) = email {
            let lang = customer.language;
            let mut letter =
                Letter::new(lang, &customer.email, &customer.given_name, subject).paragraph(
                    crate::i18n::t_args(lang, body, &[("date", crate::i18n::date_time(lang, now))]),
                );
            letter.warning = Some(t(lang, "email-factor-warning"));
            enqueue_email(self, &mut tx, &letter.render(&self.provider)?).await?;
        }
        tx.commit().await?;
        self.wake_worker();
        Ok(())
    }
}
