//! The forgotten-password journey (the seed's six steps; SECURITY.md 8–11, 14, 25–26).
//!
//! The request does the same work whatever the identifier: it queues a job, and the job looks
//! the account up, so the answer is the same page in the same time. The e-mailed token is
//! exchanged once for a browser-bound secret (single use, 30 minutes); the SMS code and, later,
//! a second factor are proven against that binding; the last step changes the password, ends
//! every session and signs the customer in through [`App::open_session`].

use abri_domain::account::LoginIdentifier;
use abri_domain::passwords::{NewPassword, PasswordContext};
use abri_domain::resets::{
    LINK_TTL, REQUESTS_PER_ACCOUNT_PER_HOUR, REQUESTS_PER_IP_PER_HOUR, ResetProof, ResetStep,
    SMS_MAX_FAILURES, SMS_MAX_SENDS, mask_phone,
};
use abri_store::audit::AuditEvent;
use abri_store::customers::Customer;
use abri_store::resets::ResetRow;
use serde::{Deserialize, Serialize};
use time::Duration;

use crate::auth::{NewSession, SessionOrigin};
use crate::i18n::{t, t_args};
use crate::jobs::enqueue_email;
use crate::mail::{Action, DeliveryError, Letter};
use crate::tokens::{hash_secret, looks_like_secret, new_secret};
use crate::{App, AppError, FieldError};

/// Job kind: look up the account of a reset request and e-mail it a link.
pub const RESET_REQUEST: &str = "reset_request";

mod codes;

#[derive(Serialize, Deserialize)]
struct ResetRequest {
    identifier: String,
    ip: Option<String>,
}

/// Where a customer stands in an opened reset.
#[derive(Clone, Debug)]
pub struct ResetProgress {
    /// What to do now.
    pub step: ResetStep,
    /// Whose account.
    pub customer: Customer,
    /// The phone the code went to, masked.
    pub masked_phone: Option<String>,
    /// Wrong codes left before the reset is void.
    pub tries_left: i64,
    /// Whether another code may still be sent.
    pub can_resend: bool,
    pub(super) row: ResetRow,
}

impl ResetProgress {
    /// The reset's id.
    #[must_use]
    pub const fn id(&self) -> uuid::Uuid {
        self.row.id
    }
}

impl App {
    /// Accepts a request for a reset link. Unknown and known identifiers get the same answer,
    /// after the same work; only the per-IP limit can refuse.
    ///
    /// # Errors
    /// [`AppError::RateLimited`] past the per-IP limit; storage failures.
    pub async fn request_password_reset(
        &self,
        identifier: &LoginIdentifier,
        origin: &SessionOrigin,
        per_ip_limit: i64,
    ) -> Result<(), AppError> {
        let now = self.clock.now();
        let ip = origin.ip.clone().unwrap_or_default();
        let count = self
            .db
            .count_event(&format!("reset-ip:{ip}"), Duration::hours(1), now)
            .await?;
        if count > per_ip_limit.min(REQUESTS_PER_IP_PER_HOUR) {
            return Err(AppError::RateLimited);
        }
        let text = match identifier {
            LoginIdentifier::Email(e) => e.to_string(),
            LoginIdentifier::CustomerNumber(n) => n.to_string(),
        };
        let job = ResetRequest {
            identifier: text,
            ip: origin.ip.clone(),
        };
        let payload = serde_json::to_value(&job).map_err(|e| AppError::Internal(e.to_string()))?;
        self.db
            .enqueue_job(RESET_REQUEST, &payload, now, now)
            .await?;
        self.wake_worker();
        Ok(())
    }

    /// The job behind a request: if the account exists and is under its hourly limit, void its
    /// older links and e-mail a new one, in one transaction.
    pub(crate) async fn run_reset_request(&self, payload: &str) -> Result<(), DeliveryError> {
        let fail = |e: &dyn std::fmt::Display| DeliveryError(e.to_string());
        let job: ResetRequest = serde_json::from_str(payload).map_err(|e| fail(&e))?;
        let Ok(identifier) = LoginIdentifier::parse(&job.identifier) else {
            return Ok(());
        };
        let customer = match &identifier {
            LoginIdentifier::Email(email) => self.db.customer_by_email(email).await,
            LoginIdentifier::CustomerNumber(number) => self.db.customer_by_number(number).await,
        }
        .map_err(|e| fail(&e))?;
        let Some(customer) = customer else {
            return Ok(());
        };
        let now = self.clock.now();
        let key = format!("reset-account:{}", customer.id);
        let count = self
            .db
            .count_event(&key, Duration::hours(1), now)
            .await
            .map_err(|e| fail(&e))?;
        let mut event = reset_event(&customer, job.ip.clone(), "reset_requested");
        if count > REQUESTS_PER_ACCOUNT_PER_HOUR {
            event.result = "throttled".into();
            return self
                .db
                .insert_audit(&event, now)
                .await
                .map_err(|e| fail(&e));
        }
        let token = new_secret();
        let email = self
            .reset_link_letter(&customer, &token)
            .render(&self.provider)
            .map_err(|e| fail(&e))?;
        let write = async {
            let mut tx = self.db.begin().await?;
            tx.insert_reset(
                customer.id,
                &hash_secret(&token),
                job.ip.as_deref(),
                now + LINK_TTL,
                now,
            )
            .await?;
            tx.insert_audit(&event, now).await?;
            enqueue_email(self, &mut tx, &email).await?;
            tx.commit().await?;
            Ok::<_, AppError>(())
        };
        write.await.map_err(|e| fail(&e))
    }

    /// Whether an e-mailed link can still be followed (pending, not expired). Reading only: a
    /// link scanner that fetches the page spends nothing.
    ///
    /// # Errors
    /// On a storage failure.
    pub async fn reset_link_is_live(&self, token: &str) -> Result<bool, AppError> {
        Ok(looks_like_secret(token)
            && self
                .db
                .reset_is_pending(&hash_secret(token), self.clock.now())
                .await?)
    }

    /// Exchanges the e-mailed token for a secret bound to this browser (once; an unknown, used,
    /// voided or expired token is [`AppError::NotFound`] alike), and sends the first SMS code
    /// when the account has a verified phone.
    ///
    /// # Errors
    /// [`AppError::NotFound`]; storage failures.
    pub async fn open_password_reset(
        &self,
        token: &str,
        ip: Option<&str>,
    ) -> Result<String, AppError> {
        if !looks_like_secret(token) {
            return Err(AppError::NotFound);
        }
        let browser = new_secret();
        let opened = self
            .db
            .open_reset(
                &hash_secret(token),
                &hash_secret(&browser),
                self.clock.now(),
            )
            .await?;
        opened.ok_or(AppError::NotFound)?;
        let progress = self.progress(&browser).await?;
        if progress.step == ResetStep::SmsCode {
            match self.send_reset_code(&progress, ip).await {
                // Over the SMS limits the page offers to send again later.
                Ok(()) | Err(AppError::RateLimited) => {}
                Err(other) => return Err(other),
            }
        }
        Ok(browser)
    }

    /// The current step of the reset bound to this browser.
    ///
    /// # Errors
    /// [`AppError::NotFound`] when there is no live reset for this browser.
    pub async fn reset_progress(&self, browser: &str) -> Result<ResetProgress, AppError> {
        self.progress(browser).await
    }

    /// The words the new password must not contain, for the account being reset.
    ///
    /// # Errors
    /// [`AppError::NotFound`] when there is no live reset for this browser.
    pub async fn reset_password_context(&self, browser: &str) -> Result<PasswordContext, AppError> {
        let progress = self.progress(browser).await?;
        let c = &progress.customer;
        Ok(PasswordContext::new(
            &c.number,
            &c.email,
            &self.provider.name,
        ))
    }

    /// The last step: the new password, every session ended, a confirmation e-mail and an
    /// audit record in one transaction; then a new session through the sign-in path.
    ///
    /// # Errors
    /// [`AppError::Forbidden`] before the earlier steps are done; [`AppError::NotFound`] when
    /// the reset is no longer live (used in parallel, expired).
    pub async fn complete_password_reset(
        &self,
        browser: &str,
        new: &NewPassword,
        origin: &SessionOrigin,
    ) -> Result<NewSession, AppError> {
        let progress = self.progress(browser).await?;
        if progress.step != ResetStep::NewPassword {
            return Err(AppError::Forbidden);
        }
        let customer = progress.customer.clone();
        let hash = self.hasher.hash(new.as_bytes()).await?;
        let now = self.clock.now();
        let lang = customer.language;
        let mut letter = Letter::new(
            lang,
            &customer.email,
            &customer.given_name,
            "email-reset-done-subject",
        )
        .paragraph(t_args(
            lang,
            "email-reset-done-body",
            &[("date", crate::i18n::date_time(lang, now))],
        ));
        letter.warning = Some(t(lang, "email-password-changed-warning"));
        let email = letter.render(&self.provider)?;
        let mut event = reset_event(&customer, origin.ip.clone(), "reset_completed");
        event.user_agent.clone_from(&origin.user_agent);

        let mut tx = self.db.begin().await?;
        if !tx.use_reset(progress.row.id, now).await? {
            return Err(AppError::NotFound);
        }
        tx.set_password_hash(customer.id, &hash, now).await?;
        tx.clear_throttle(customer.id).await?;
        let ended = tx.delete_sessions_of(customer.id).await?;
        event.detail = Some(format!("{{\"sessions_ended\":{ended}}}"));
        tx.insert_audit(&event, now).await?;
        enqueue_email(self, &mut tx, &email).await?;
        tx.commit().await?;
        self.wake_worker();
        self.open_session(customer, origin, "password_reset").await
    }

    pub(super) async fn progress(&self, browser: &str) -> Result<ResetProgress, AppError> {
        if !looks_like_secret(browser) {
            return Err(AppError::NotFound);
        }
        let row = self
            .db
            .reset_of_browser(&hash_secret(browser), self.clock.now())
            .await?;
        let row = row.ok_or(AppError::NotFound)?;
        let customer = self
            .db
            .customer(row.customer())
            .await?
            .ok_or(AppError::NotFound)?;
        let has_phone = customer.phone_verified && customer.phone.is_some();
        let proof = ResetProof {
            has_verified_phone: has_phone,
            sms_verified: row.sms_verified == 1,
            // The SMS factor is already proven by the SMS step above.
            has_second_factor: self.has_totp(&customer).await?
                || self.has_passkey(&customer).await?,
            second_factor_verified: row.factor_verified == 1,
        };
        Ok(ResetProgress {
            step: proof.next_step(),
            masked_phone: has_phone
                .then(|| customer.phone.as_deref().map(mask_phone))
                .flatten(),
            tries_left: SMS_MAX_FAILURES - row.sms_failures,
            can_resend: row.sms_sends < SMS_MAX_SENDS,
            customer,
            row,
        })
    }

    fn reset_link_letter(&self, customer: &Customer, token: &str) -> Letter {
        let lang = customer.language;
        let mut letter = Letter::new(
            lang,
            &customer.email,
            &customer.given_name,
            "email-reset-link-subject",
        )
        .paragraph(t(lang, "email-reset-link-body"))
        .paragraph(t(lang, "email-reset-link-expiry"));
        letter.action = Some(Action {
            label: t(lang, "email-reset-link-action"),
            url: format!("{}/password/reset/{token}", self.base_url),
        });
        letter.warning = Some(t(lang, "email-reset-link-warning"));
        letter
    }
}

pub(super) fn reset_event(customer: &Customer, ip: Option<String>, action: &str) -> AuditEvent {
    AuditEvent {
        customer_id: Some(customer.id),
        ip,
        action: action.into(),
        result: "success".into(),
        method: Some("email".into()),
        ..AuditEvent::default()
    }
}

/// The messages of a failed step, for pages to show on their field.
#[must_use]
pub fn first_message(errors: &[FieldError]) -> &'static str {
    errors.first().map_or("error-title", |e| e.message)
}
