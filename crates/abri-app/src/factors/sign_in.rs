//! The second step of a sign-in, and of a password reset, for accounts with a factor.

use abri_store::customers::Customer;
use webauthn_rs::prelude::{PublicKeyCredential, RequestChallengeResponse};

use crate::auth::{NewSession, SessionOrigin};
use crate::passkeys::Ceremony;
use crate::tokens::{hash_secret, looks_like_secret};
use crate::{App, AppError};

/// Wrong codes a pending sign-in takes before it is abandoned.
const MAX_TRIES: i64 = 5;

impl App {
    /// Proves the second factor of a pending sign-in and opens the session (once). The first
    /// wrong code e-mails the customer: their password was right, the factor was not.
    ///
    /// # Errors
    /// [`AppError::Invalid`] on `code`; [`AppError::NotFound`] when the pending sign-in is over.
    pub async fn complete_sign_in(
        &self,
        token: &str,
        input: &str,
        origin: &SessionOrigin,
    ) -> Result<NewSession, AppError> {
        if !looks_like_secret(token) {
            return Err(AppError::NotFound);
        }
        let token_hash = hash_secret(token);
        let (customer_id, failures) = self
            .db
            .pending_sign_in(&token_hash, self.clock.now())
            .await?
            .ok_or(AppError::NotFound)?;
        let customer = self
            .db
            .customer(customer_id)
            .await?
            .ok_or(AppError::NotFound)?;
        match self.verify_second_factor(&customer, input, origin).await {
            Ok(used) => {
                if !self.db.end_pending_sign_in(&token_hash).await? {
                    return Err(AppError::NotFound);
                }
                self.open_session(customer, origin, &format!("password+{}", used.method()))
                    .await
            }
            Err(AppError::Invalid(errors)) => {
                self.db.fail_pending_sign_in(&token_hash).await?;
                let email = (failures == 0)
                    .then_some(("email-factor-failed-subject", "email-factor-failed-body"));
                self.factor_event(&customer, origin, "sign_in", "failure", email)
                    .await?;
                if failures + 1 >= MAX_TRIES {
                    self.db.end_pending_sign_in(&token_hash).await?;
                }
                Err(AppError::Invalid(errors))
            }
            Err(other) => Err(other),
        }
    }

    /// Proves the second factor in a password reset (or uses a recovery code).
    ///
    /// # Errors
    /// [`AppError::Invalid`] on `code`; [`AppError::NotFound`] when the reset is over.
    pub async fn check_reset_factor(
        &self,
        browser: &str,
        input: &str,
        origin: &SessionOrigin,
    ) -> Result<(), AppError> {
        let progress = self.reset_progress(browser).await?;
        self.verify_second_factor(&progress.customer, input, origin)
            .await?;
        self.db.verify_reset_factor(progress.id()).await?;
        Ok(())
    }

    /// The customer of a live pending sign-in.
    async fn pending_customer(&self, token: &str) -> Result<(String, Customer), AppError> {
        if !looks_like_secret(token) {
            return Err(AppError::NotFound);
        }
        let token_hash = hash_secret(token);
        let (id, _) = self
            .db
            .pending_sign_in(&token_hash, self.clock.now())
            .await?
            .ok_or(AppError::NotFound)?;
        let customer = self.db.customer(id).await?.ok_or(AppError::NotFound)?;
        Ok((token_hash, customer))
    }

    /// Starts proving a pending sign-in's second factor with a passkey.
    ///
    /// # Errors
    /// [`AppError::NotFound`] when the sign-in is over or the customer has no passkey.
    pub async fn start_sign_in_passkey(
        &self,
        token: &str,
    ) -> Result<Ceremony<RequestChallengeResponse>, AppError> {
        let (_, customer) = self.pending_customer(token).await?;
        self.start_passkey_factor(&customer).await
    }

    /// Finishes a pending sign-in with a passkey as its second factor.
    ///
    /// # Errors
    /// [`AppError::Invalid`] on `passkey`; [`AppError::NotFound`] when the sign-in is over.
    pub async fn complete_sign_in_with_passkey(
        &self,
        token: &str,
        ceremony: &str,
        credential: &PublicKeyCredential,
        origin: &SessionOrigin,
    ) -> Result<NewSession, AppError> {
        let (token_hash, customer) = self.pending_customer(token).await?;
        self.finish_passkey_factor(&customer, ceremony, credential)
            .await?;
        if !self.db.end_pending_sign_in(&token_hash).await? {
            return Err(AppError::NotFound);
        }
        self.open_session(customer, origin, "password+passkey")
            .await
    }

    /// Starts proving a reset's second factor with a passkey.
    ///
    /// # Errors
    /// [`AppError::NotFound`] when the reset is over or the customer has no passkey.
    pub async fn start_reset_passkey(
        &self,
        browser: &str,
    ) -> Result<Ceremony<RequestChallengeResponse>, AppError> {
        let progress = self.reset_progress(browser).await?;
        self.start_passkey_factor(&progress.customer).await
    }

    /// Proves a reset's second factor with a passkey.
    ///
    /// # Errors
    /// [`AppError::Invalid`] on `passkey`; [`AppError::NotFound`] when the reset is over.
    pub async fn check_reset_passkey(
        &self,
        browser: &str,
        ceremony: &str,
        credential: &PublicKeyCredential,
    ) -> Result<(), AppError> {
        let progress = self.reset_progress(browser).await?;
        self.finish_passkey_factor(&progress.customer, ceremony, credential)
            .await?;
        self.db.verify_reset_factor(progress.id()).await?;
        Ok(())
    }

    /// What a pending sign-in can use besides a typed code: SMS (to the masked number) and
    /// passkeys.
    ///
    /// # Errors
    /// [`AppError::NotFound`] when the sign-in is over.
    pub async fn second_factor_offers(
        &self,
        token: &str,
    ) -> Result<(Option<String>, bool), AppError> {
        let (_, customer) = self.pending_customer(token).await?;
        let sms = if self.has_sms_factor(&customer).await? {
            customer
                .phone
                .as_deref()
                .map(abri_domain::resets::mask_phone)
        } else {
            None
        };
        Ok((sms, self.has_passkey(&customer).await?))
    }
}
