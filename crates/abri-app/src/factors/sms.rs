//! SMS codes as a second factor (SECURITY.md 14): only to a verified phone (enrolling proves
//! it), 6 digits, 10 minutes, 5 wrong tries, a resend replaces the code, and the send quotas
//! per number, account and IP shared with the reset journey.

use abri_domain::resets::{SMS_CODE_TTL, SMS_MAX_FAILURES, mask_phone};
use abri_store::customers::Customer;
use abri_store::resets::ms;
use time::Duration;

use crate::auth::{SessionOrigin, SignedIn};
use crate::i18n::t_args;
use crate::jobs::{OutgoingSms, enqueue_sms};
use crate::tokens::{hash_secret, looks_like_secret};
use crate::{App, AppError};

/// A code proving the phone while turning the factor on.
pub const ENROL: &str = "enrol";
/// A code proving a sign-in.
pub const SIGN_IN: &str = "sign_in";

/// Sends per phone number per hour, all reasons together.
const PER_NUMBER_PER_HOUR: i64 = 5;
/// Sends per account per hour.
const PER_ACCOUNT_PER_HOUR: i64 = 5;
/// Sends triggered from one IP address per hour, whatever the account.
const PER_IP_PER_HOUR: i64 = 10;

fn code_hash(customer: &Customer, purpose: &str, code: &str) -> String {
    hash_secret(&format!("{}:{purpose}:{code}", customer.id))
}

impl App {
    /// Counts one SMS send against the quotas; refuses past any of them.
    ///
    /// # Errors
    /// [`AppError::RateLimited`] past a quota.
    pub(crate) async fn take_sms_quota(
        &self,
        customer: &Customer,
        phone: &str,
        ip: Option<&str>,
    ) -> Result<(), AppError> {
        let now = self.clock.now();
        let hour = Duration::hours(1);
        let to_number = self
            .db
            .count_event(&format!("sms-to:{phone}"), hour, now)
            .await?;
        let for_account = self
            .db
            .count_event(&format!("sms-account:{}", customer.id), hour, now)
            .await?;
        let from_ip = self
            .db
            .count_event(&format!("sms-ip:{}", ip.unwrap_or_default()), hour, now)
            .await?;
        if to_number > PER_NUMBER_PER_HOUR
            || for_account > PER_ACCOUNT_PER_HOUR
            || from_ip > PER_IP_PER_HOUR
        {
            return Err(AppError::RateLimited);
        }
        Ok(())
    }

    /// Whether the customer receives sign-in codes by SMS.
    ///
    /// # Errors
    /// On a storage failure.
    pub async fn has_sms_factor(&self, customer: &Customer) -> Result<bool, AppError> {
        Ok(customer.phone.is_some() && self.db.has_sms_factor(customer.id).await?)
    }

    async fn send_factor_code(
        &self,
        customer: &Customer,
        purpose: &str,
        ip: Option<&str>,
    ) -> Result<String, AppError> {
        let phone = customer.phone.clone().ok_or(AppError::Conflict)?;
        self.take_sms_quota(customer, &phone, ip).await?;
        let code = format!("{:06}", rand::random_range(0..1_000_000_u32));
        let expires = self.clock.now() + SMS_CODE_TTL;
        self.db
            .set_sms_challenge(
                customer.id,
                purpose,
                &code_hash(customer, purpose, &code),
                expires,
            )
            .await?;
        let text = t_args(
            customer.language,
            "sms-factor-code",
            &[("brand", self.provider.name.clone()), ("code", code)],
        );
        let mut tx = self.db.begin().await?;
        enqueue_sms(
            self,
            &mut tx,
            &OutgoingSms {
                to: phone.clone(),
                text,
            },
        )
        .await?;
        tx.commit().await?;
        self.wake_worker();
        Ok(mask_phone(&phone))
    }

    /// Checks a code for `purpose`: `Ok(false)` when none is in flight (the caller may try
    /// another factor), `Ok(true)` when right (once).
    async fn check_factor_code(
        &self,
        customer: &Customer,
        purpose: &str,
        code: &str,
    ) -> Result<bool, AppError> {
        let Some(challenge) = self.db.sms_challenge(customer.id, purpose).await? else {
            return Ok(false);
        };
        if challenge.expires_at_ms < ms(self.clock.now()) {
            return Err(AppError::invalid("code", "error-code-expired"));
        }
        let hash = code_hash(customer, purpose, code);
        if self
            .db
            .end_sms_challenge(customer.id, purpose, Some(&hash))
            .await?
        {
            return Ok(true);
        }
        if self.db.fail_sms_challenge(customer.id, purpose).await? >= SMS_MAX_FAILURES {
            self.db
                .end_sms_challenge(customer.id, purpose, None)
                .await?;
            return Err(AppError::invalid("code", "error-code-too-many-factor"));
        }
        Err(AppError::invalid("code", "error-code-wrong"))
    }

    /// Sends a code to the customer's phone to turn the SMS factor on. Returns the masked number.
    ///
    /// # Errors
    /// [`AppError::Conflict`] without a phone; [`AppError::RateLimited`] past the quotas.
    pub async fn start_sms_factor(
        &self,
        who: &SignedIn,
        origin: &SessionOrigin,
    ) -> Result<String, AppError> {
        self.send_factor_code(&who.customer, ENROL, origin.ip.as_deref())
            .await
    }

    /// Turns the SMS factor on with the code received (which also proves the phone).
    ///
    /// # Errors
    /// [`AppError::Invalid`] on `code`.
    pub async fn confirm_sms_factor(
        &self,
        who: &SignedIn,
        code: &str,
        origin: &SessionOrigin,
    ) -> Result<(), AppError> {
        if !self
            .check_factor_code(&who.customer, ENROL, code.trim())
            .await?
        {
            return Err(AppError::invalid("code", "error-code-expired"));
        }
        let now = self.clock.now();
        self.db.mark_phone_verified(who.customer.id, now).await?;
        self.db.enable_sms_factor(who.customer.id, now).await?;
        self.factor_event(
            &who.customer,
            origin,
            "factor_added",
            "success",
            Some(("email-sms-added-subject", "email-sms-added-body")),
        )
        .await
    }

    /// Turns the SMS factor off.
    ///
    /// # Errors
    /// On a storage failure.
    pub async fn disable_sms_factor(
        &self,
        who: &SignedIn,
        origin: &SessionOrigin,
    ) -> Result<(), AppError> {
        if self.db.disable_sms_factor(who.customer.id).await? {
            self.factor_event(
                &who.customer,
                origin,
                "factor_removed",
                "success",
                Some(("email-sms-removed-subject", "email-sms-removed-body")),
            )
            .await?;
        }
        Ok(())
    }

    /// Sends a sign-in code by SMS for a pending sign-in. Returns the masked number.
    ///
    /// # Errors
    /// [`AppError::NotFound`] when the sign-in is over or SMS is not one of the customer's factors.
    pub async fn send_sign_in_code(
        &self,
        token: &str,
        ip: Option<&str>,
    ) -> Result<String, AppError> {
        if !looks_like_secret(token) {
            return Err(AppError::NotFound);
        }
        let (id, _) = self
            .db
            .pending_sign_in(&hash_secret(token), self.clock.now())
            .await?
            .ok_or(AppError::NotFound)?;
        let customer = self.db.customer(id).await?.ok_or(AppError::NotFound)?;
        if !self.has_sms_factor(&customer).await? {
            return Err(AppError::NotFound);
        }
        self.send_factor_code(&customer, SIGN_IN, ip).await
    }

    /// A sign-in code typed by the customer: `Ok(false)` when no SMS code is in flight.
    pub(super) async fn check_sign_in_code(
        &self,
        customer: &Customer,
        code: &str,
    ) -> Result<bool, AppError> {
        if !self.has_sms_factor(customer).await? {
            return Ok(false);
        }
        self.check_factor_code(customer, SIGN_IN, code).await
    }
}
