//! Signing in and out, and recognising a signed-in customer from their session secret.
//!
//! Seams for later issues: throttling and CAPTCHA go before the password check in
//! [`App::sign_in`]; a second factor turns its success into a pending step instead of a session.

use abri_domain::account::{LoginIdentifier, PasswordAttempt};
use abri_store::audit::AuditEvent;
use abri_store::customers::Customer;
pub use abri_store::sessions::SessionOrigin;

use crate::hasher::Verdict;
use crate::tokens::{hash_secret, looks_like_secret, new_secret};
use crate::{App, AppError, FieldError};

/// The message shown for every failed sign-in, whatever the cause (SECURITY.md 5).
pub const SIGN_IN_FAILED: &str = "error-sign-in-failed";

/// A new session: the secret goes in the cookie, only its hash is stored.
#[derive(Debug)]
pub struct NewSession {
    /// The cookie value.
    pub secret: String,
    /// Who signed in.
    pub customer: Customer,
}

/// The customer behind a live session.
#[derive(Clone, Debug)]
pub struct SignedIn {
    /// The customer.
    pub customer: Customer,
    /// Hash of the session secret (to sign out, to bind CSRF tokens).
    pub session_hash: String,
}

impl App {
    /// Checks the password for the identified customer and opens a new session.
    ///
    /// Unknown identifiers hash a dummy so they take as long as a wrong password, and every
    /// failure is the same [`SIGN_IN_FAILED`] error.
    ///
    /// # Errors
    /// [`AppError::Invalid`] on failure, [`AppError::Unavailable`] when the hasher is saturated.
    pub async fn sign_in(
        &self,
        identifier: &LoginIdentifier,
        password: &PasswordAttempt,
        origin: &SessionOrigin,
    ) -> Result<NewSession, AppError> {
        let customer = match identifier {
            LoginIdentifier::Email(email) => self.db.customer_by_email(email).await?,
            LoginIdentifier::CustomerNumber(number) => self.db.customer_by_number(number).await?,
        };
        let stored = match &customer {
            Some(c) => self.db.password_hash(c.id).await?,
            None => None,
        };
        let verdict = self
            .hasher
            .verify(password.as_bytes(), stored.as_deref())
            .await?;
        let now = self.clock.now();
        let (Some(customer), Verdict::Match { rehash }) = (&customer, verdict) else {
            let event = sign_in_event(customer.as_ref(), origin, "failure", "password");
            self.db.insert_audit(&event, now).await?;
            return Err(AppError::Invalid(vec![FieldError::form(SIGN_IN_FAILED)]));
        };
        let customer = customer.clone();
        if let Some(new_hash) = rehash {
            self.db
                .set_password_hash(customer.id, &new_hash, now)
                .await?;
        }
        self.open_session(customer, origin, "password").await
    }

    /// Opens a new session for a customer who has just proven who they are (by password, or at
    /// the end of a password reset): the one path every sign-in takes.
    ///
    /// # Errors
    /// On a storage failure.
    pub async fn open_session(
        &self,
        customer: Customer,
        origin: &SessionOrigin,
        method: &str,
    ) -> Result<NewSession, AppError> {
        let now = self.clock.now();
        let secret = new_secret();
        let event = sign_in_event(Some(&customer), origin, "success", method);
        let mut tx = self.db.begin().await?;
        tx.insert_session(&hash_secret(&secret), customer.id, origin, now)
            .await?;
        tx.insert_audit(&event, now).await?;
        tx.commit().await?;
        Ok(NewSession { secret, customer })
    }

    /// The customer behind a session secret, if the session is live; refreshes its last use.
    /// An expired session is deleted so its cookie can never work again.
    ///
    /// # Errors
    /// On a storage failure.
    pub async fn signed_in(&self, secret: &str) -> Result<Option<SignedIn>, AppError> {
        if !looks_like_secret(secret) {
            return Ok(None);
        }
        let session_hash = hash_secret(secret);
        let Some(session) = self.db.session(&session_hash).await? else {
            return Ok(None);
        };
        let now = self.clock.now();
        if !session.times.is_live(now) {
            self.db.delete_session(&session_hash).await?;
            return Ok(None);
        }
        if session.times.needs_touch(now) {
            self.db.touch_session(&session_hash, now).await?;
        }
        let customer = self.db.customer(session.customer_id).await?;
        Ok(customer.map(|customer| SignedIn {
            customer,
            session_hash,
        }))
    }

    /// Ends the session; its cookie is useless afterwards.
    ///
    /// # Errors
    /// On a storage failure.
    pub async fn sign_out(&self, who: &SignedIn, origin: &SessionOrigin) -> Result<(), AppError> {
        self.db.delete_session(&who.session_hash).await?;
        let event = AuditEvent {
            customer_id: Some(who.customer.id),
            ip: origin.ip.clone(),
            user_agent: origin.user_agent.clone(),
            action: "sign_out".into(),
            result: "success".into(),
            ..AuditEvent::default()
        };
        self.db.insert_audit(&event, self.clock.now()).await?;
        Ok(())
    }

    /// Records the language a signed-in customer chose.
    ///
    /// # Errors
    /// On a storage failure.
    pub async fn set_language(
        &self,
        who: &SignedIn,
        language: abri_domain::Language,
    ) -> Result<(), AppError> {
        self.db
            .set_customer_language(who.customer.id, language)
            .await?;
        Ok(())
    }
}

fn sign_in_event(
    customer: Option<&Customer>,
    origin: &SessionOrigin,
    result: &str,
    method: &str,
) -> AuditEvent {
    AuditEvent {
        customer_id: customer.map(|c| c.id),
        ip: origin.ip.clone(),
        user_agent: origin.user_agent.clone(),
        action: "sign_in".into(),
        result: result.into(),
        method: Some(method.into()),
        ..AuditEvent::default()
    }
}
