//! Signing in and out, and recognising a signed-in customer from their session secret.
//!
//! Seams for later issues: throttling and CAPTCHA go before the password check in
//! [`App::sign_in`]; a second factor turns its success into a pending step instead of a session.

use std::collections::HashSet;

use abri_domain::account::{LoginIdentifier, PasswordAttempt};
use abri_domain::throttle::{
    ATTEMPTS_PER_IP_PER_10_MIN, CAPTCHA_AFTER, FAILURES_GLOBAL_BEFORE_PROOF, LOCK_WINDOW, Throttle,
};
use abri_store::audit::AuditEvent;
use abri_store::customers::Customer;
pub use abri_store::sessions::SessionOrigin;
use time::{Duration, OffsetDateTime};

use crate::captcha::Proof;
use crate::hasher::Verdict;
use crate::tokens::{hash_secret, looks_like_secret, new_secret};
use crate::{App, AppError, FieldError};

/// The message shown for every failed sign-in, whatever the cause (SECURITY.md 5).
pub const SIGN_IN_FAILED: &str = "error-sign-in-failed";

/// The rate key of failed sign-ins across all accounts.
pub const GLOBAL_FAILURES: &str = "signin-fail-global";

/// A new session: the secret goes in the cookie, only its hash is stored.
#[derive(Debug)]
pub struct NewSession {
    /// The cookie value.
    pub secret: String,
    /// Who signed in.
    pub customer: Customer,
}

/// What a correct password leads to.
#[derive(Debug)]
pub enum SignInOutcome {
    /// Signed in.
    Session(NewSession),
    /// The account has a second factor: the browser keeps this token while it is proven.
    SecondFactor {
        /// The pending sign-in's secret (a cookie), valid five minutes.
        token: String,
    },
}

/// The customer behind a live session.
#[derive(Clone, Debug)]
pub struct SignedIn {
    /// The customer.
    pub customer: Customer,
    /// Hash of the session secret (to sign out, to bind CSRF tokens).
    pub session_hash: String,
    /// When the customer last proved who they are in this session.
    pub fresh_at: time::OffsetDateTime,
}

impl App {
    /// Checks the password for the identified customer and opens a new session.
    ///
    /// Every refusal is the same [`SIGN_IN_FAILED`] answer after the same work (a dummy hash
    /// when there is no account, or when the account is locked or within its delay), so
    /// nothing tells an unknown account from a wrong password or a lock (SECURITY.md 5–7).
    /// After 3 failures for the identifier typed or from the IP, a proof of work is required.
    ///
    /// # Errors
    /// [`AppError::Invalid`] on failure; [`AppError::RateLimited`] past the per-IP limit;
    /// [`AppError::Unavailable`] when the service or the hasher is saturated.
    pub async fn sign_in(
        &self,
        identifier: &LoginIdentifier,
        password: &PasswordAttempt,
        origin: &SessionOrigin,
        proof: Proof,
    ) -> Result<SignInOutcome, AppError> {
        let now = self.clock.now();
        let ip = origin.ip.clone().unwrap_or_default();
        self.admit_sign_in(&ip, now).await?;
        let typed = identifier_key(identifier);
        let needs_proof = self.sign_in_needs_proof(&typed, &ip, now).await?;
        let (customer, throttle, hash) = match self.db.sign_in_record(identifier).await? {
            Some(record) => (Some(record.customer), record.throttle, record.password_hash),
            None => (None, Throttle::default(), None),
        };
        let checked = throttle.allows(now) && (!needs_proof || proof == Proof::Solved);
        // Unchecked, the password is compared with nothing (the same work, a certain refusal).
        let stored = hash.filter(|_| checked);
        let verdict = self
            .hasher
            .verify(password.as_bytes(), stored.as_deref())
            .await?;
        let (Some(customer), Verdict::Match { rehash }, true) = (&customer, verdict, checked)
        else {
            return Err(self
                .refuse_sign_in(
                    customer.as_ref(),
                    origin,
                    &typed,
                    checked,
                    needs_proof && proof != Proof::Solved,
                    &throttle,
                )
                .await?);
        };
        let customer = customer.clone();
        // Most sign-ins follow no failure: then there is nothing to clear, and no write.
        if throttle != Throttle::default() {
            self.db.clear_throttle(customer.id).await?;
        }
        if let Some(new_hash) = rehash {
            self.db
                .set_password_hash(customer.id, &new_hash, now)
                .await?;
        }
        if self.has_second_factor(&customer).await? {
            let token = new_secret();
            let expires = now + Duration::minutes(5);
            self.db
                .insert_pending_sign_in(&hash_secret(&token), customer.id, expires)
                .await?;
            return Ok(SignInOutcome::SecondFactor { token });
        }
        self.open_session(customer, origin, "password")
            .await
            .map(SignInOutcome::Session)
    }

    /// Sheds load before any work: when the hashing pool has no room the answer is at once
    /// "busy" (no query, no hash: a flood's excess costs microseconds); then the per-IP ceiling.
    async fn admit_sign_in(&self, ip: &str, now: OffsetDateTime) -> Result<(), AppError> {
        if !self.hasher.has_room() {
            return Err(AppError::Unavailable);
        }
        let from_ip = self
            .db
            .count_event(&format!("signin-ip:{ip}"), Duration::minutes(10), now)
            .await?;
        if from_ip > ATTEMPTS_PER_IP_PER_10_MIN {
            return Err(AppError::RateLimited);
        }
        Ok(())
    }

    /// Whether the proof of work is required: 3 failures in the hour for what was typed (known
    /// account or not, so the answer reveals nothing) or from this IP; or, for everyone, while
    /// failures across all accounts run above what typing mistakes explain (password spraying
    /// from many addresses): nobody is locked out, every sign-in costs the sprayer a proof.
    async fn sign_in_needs_proof(
        &self,
        typed: &str,
        ip: &str,
        now: OffsetDateTime,
    ) -> Result<bool, AppError> {
        let hour = Duration::hours(1);
        let [by_identifier, by_ip, everywhere] = self
            .db
            .peek_three(
                [
                    (&format!("signin-fail-id:{typed}"), hour),
                    (&format!("signin-fail-ip:{ip}"), hour),
                    (GLOBAL_FAILURES, Duration::minutes(10)),
                ],
                now,
            )
            .await?;
        Ok(by_identifier >= CAPTCHA_AFTER
            || by_ip >= CAPTCHA_AFTER
            || everywhere >= FAILURES_GLOBAL_BEFORE_PROOF)
    }

    /// Records a refused sign-in and builds its answer. Attempts refused before the password was
    /// checked (locked, within the delay, proof missing) are not counted as failures.
    async fn refuse_sign_in(
        &self,
        customer: Option<&Customer>,
        origin: &SessionOrigin,
        typed: &str,
        checked: bool,
        proof_missing: bool,
        throttle: &Throttle,
    ) -> Result<AppError, AppError> {
        let now = self.clock.now();
        let ip = origin.ip.clone().unwrap_or_default();
        let mut event = sign_in_event(customer, origin, "failure", "password");
        if checked {
            let hour = Duration::hours(1);
            self.db
                .count_events(
                    &[
                        (&format!("signin-fail-id:{typed}"), hour),
                        (&format!("signin-fail-ip:{ip}"), hour),
                        (GLOBAL_FAILURES, Duration::minutes(10)),
                    ],
                    now,
                )
                .await?;
            if let Some(c) = customer {
                let lock = throttle.next_failure_locks().then_some(now + LOCK_WINDOW);
                self.db.record_sign_in_failure(c.id, now, lock).await?;
                if lock.is_some() {
                    let locked = AuditEvent {
                        action: "account_locked".into(),
                        result: "success".into(),
                        ..event.clone()
                    };
                    self.db.insert_audit(&locked, now).await?;
                }
            }
        } else {
            event.detail = Some("{\"counted\":false}".into());
        }
        self.db.insert_audit(&event, now).await?;
        let mut errors = vec![FieldError::form(SIGN_IN_FAILED)];
        if proof_missing {
            errors.push(FieldError::on("altcha", "error-captcha-required"));
        }
        Ok(AppError::Invalid(errors))
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
        // The session and its customer in one query: every signed-in page starts here.
        let Some((session, customer)) = self.db.session_customer(&session_hash).await? else {
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
        Ok(Some(SignedIn {
            customer,
            session_hash,
            fresh_at: session.fresh_at,
        }))
    }

    /// Which of `session_hashes` are still live (the live streams' sessions, checked together;
    /// not counted as uses either).
    ///
    /// # Errors
    /// On a storage failure.
    pub async fn live_sessions_among(
        &self,
        session_hashes: &[String],
    ) -> Result<HashSet<String>, AppError> {
        let now = self.clock.now();
        Ok(self
            .db
            .session_times_among(session_hashes)
            .await?
            .into_iter()
            .filter(|(_, times)| times.is_live(now))
            .map(|(hash, _)| hash)
            .collect())
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

/// What was typed as identifier, normalised, as the key of its failure count.
fn identifier_key(identifier: &LoginIdentifier) -> String {
    match identifier {
        LoginIdentifier::Email(e) => e.to_string(),
        LoginIdentifier::CustomerNumber(n) => n.to_string(),
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
