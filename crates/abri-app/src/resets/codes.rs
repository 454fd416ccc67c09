//! The SMS step of a reset: send, resend (replacing), check (five tries).

use abri_domain::resets::{ResetStep, SMS_CODE_TTL, SMS_MAX_FAILURES, SMS_MAX_SENDS};
use abri_store::resets::ms;
use uuid::Uuid;

use super::{ResetProgress, reset_event};
use crate::i18n::t_args;
use crate::jobs::{OutgoingSms, enqueue_sms};
use crate::tokens::hash_secret;
use crate::{App, AppError};

impl App {
    /// Sends a new code, replacing the previous one (three codes at most per reset).
    ///
    /// # Errors
    /// [`AppError::RateLimited`] when no more codes may be sent; [`AppError::NotFound`].
    pub async fn resend_reset_code(&self, browser: &str, ip: Option<&str>) -> Result<(), AppError> {
        let progress = self.progress(browser).await?;
        if progress.step != ResetStep::SmsCode {
            return Err(AppError::Conflict);
        }
        self.send_reset_code(&progress, ip).await
    }

    /// Checks a typed SMS code: right once; five wrong codes void the reset.
    ///
    /// # Errors
    /// [`AppError::Invalid`] on `code` with the reason; [`AppError::NotFound`].
    pub async fn check_reset_code(&self, browser: &str, code: &str) -> Result<(), AppError> {
        let progress = self.progress(browser).await?;
        let row = &progress.row;
        if progress.step != ResetStep::SmsCode {
            return Ok(());
        }
        let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
        if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(AppError::invalid("code", "error-code-format"));
        }
        if row
            .sms_expires_at_ms
            .is_none_or(|at| at < ms(self.clock.now()))
        {
            return Err(AppError::invalid("code", "error-code-expired"));
        }
        if self
            .db
            .verify_reset_sms(row.id, &code_hash(row.id, &code))
            .await?
        {
            return Ok(());
        }
        let failures = self.db.fail_reset_sms(row.id, SMS_MAX_FAILURES).await?;
        let mut event = reset_event(&progress.customer, None, "reset_sms_code");
        event.result = "failure".into();
        self.db.insert_audit(&event, self.clock.now()).await?;
        if failures >= SMS_MAX_FAILURES {
            return Err(AppError::invalid("code", "error-code-too-many"));
        }
        Err(AppError::invalid("code", "error-code-wrong"))
    }

    pub(super) async fn send_reset_code(
        &self,
        progress: &ResetProgress,
        ip: Option<&str>,
    ) -> Result<(), AppError> {
        if !progress.can_resend {
            return Err(AppError::RateLimited);
        }
        let customer = &progress.customer;
        let phone = customer.phone.clone().ok_or(AppError::Conflict)?;
        let now = self.clock.now();
        self.take_sms_quota(customer, &phone, ip).await?;
        let code = format!("{:06}", rand::random_range(0..1_000_000_u32));
        let stored = self
            .db
            .set_reset_sms_code(
                progress.row.id,
                &code_hash(progress.row.id, &code),
                now + SMS_CODE_TTL,
                SMS_MAX_SENDS,
            )
            .await?;
        if !stored {
            return Err(AppError::RateLimited);
        }
        let text = t_args(
            customer.language,
            "sms-reset-code",
            &[("brand", self.provider.name.clone()), ("code", code)],
        );
        let mut tx = self.db.begin().await?;
        enqueue_sms(self, &mut tx, &OutgoingSms { to: phone, text }).await?;
        tx.commit().await?;
        self.wake_worker();
        Ok(())
    }
}

/// The stored form of an SMS code: bound to its reset, never the code itself.
fn code_hash(reset: Uuid, code: &str) -> String {
    hash_secret(&format!("{reset}:{code}"))
}
