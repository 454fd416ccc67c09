//! The self-hosted proof-of-work CAPTCHA (SECURITY.md 7, 8), ALTCHA-style: a challenge signed
//! with the server's key, valid 10 minutes by the injected clock, each solution accepted once.
//! The browser solves it with a small script; without JavaScript forms still work under a
//! stricter per-IP limit.

use altcha_lib_rs::algorithm::AltchaAlgorithm;
use altcha_lib_rs::{ChallengeOptions, Payload, create_challenge, verify_solution};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

use crate::{App, AppError};

/// How long a challenge can be solved and submitted.
pub const CHALLENGE_TTL: Duration = Duration::minutes(10);

/// The CAPTCHA's settings.
#[derive(Clone, Debug)]
pub struct CaptchaConfig {
    /// HMAC key signing the challenges (derived from the server's secret key).
    pub key: String,
    /// Largest number the solver may have to try; the work grows with it.
    pub max_number: u64,
}

/// A challenge as the page carries it to the solving script.
#[derive(Clone, Debug, Serialize)]
pub struct Challenge {
    /// `SHA-256`.
    pub algorithm: String,
    /// The hash to find.
    pub challenge: String,
    /// Upper bound of the search.
    pub maxnumber: u64,
    /// Salt, with the expiry as a parameter.
    pub salt: String,
    /// Server signature.
    pub signature: String,
}

/// What a form brought.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Proof {
    /// A valid, fresh, unused solution.
    Solved,
    /// No solution (no JavaScript): allowed under a stricter limit.
    Absent,
}

/// The widget's payload: `took` may come as a float from some solvers.
#[derive(Deserialize)]
struct Submitted {
    algorithm: AltchaAlgorithm,
    challenge: String,
    number: u64,
    salt: String,
    signature: String,
    #[serde(default)]
    took: Option<f64>,
}

impl App {
    /// A new challenge, expiring in [`CHALLENGE_TTL`].
    ///
    /// # Errors
    /// [`AppError::Internal`] if the library fails.
    pub fn captcha_challenge(&self) -> Result<Challenge, AppError> {
        let expires = chrono_at(self.clock.now() + CHALLENGE_TTL)?;
        let c = create_challenge(ChallengeOptions {
            algorithm: Some(AltchaAlgorithm::Sha256),
            max_number: Some(self.captcha.max_number),
            hmac_key: &self.captcha.key,
            expires: Some(expires),
            ..ChallengeOptions::default()
        })
        .map_err(|e| AppError::Internal(format!("captcha: {e}")))?;
        Ok(Challenge {
            algorithm: "SHA-256".into(),
            challenge: c.challenge,
            maxnumber: c.maxnumber,
            salt: c.salt,
            signature: c.signature,
        })
    }

    /// Checks the form's `altcha` field: absent, or a fresh valid solution used for the first
    /// time.
    ///
    /// # Errors
    /// [`AppError::Invalid`] on `altcha` for a forged, expired or replayed solution.
    pub async fn check_captcha(&self, field: &str) -> Result<Proof, AppError> {
        if field.trim().is_empty() {
            return Ok(Proof::Absent);
        }
        let refused = || AppError::invalid("altcha", "error-captcha");
        let json = STANDARD.decode(field.trim()).map_err(|_| refused())?;
        let s: Submitted = serde_json::from_slice(&json).map_err(|_| refused())?;
        let payload = Payload {
            algorithm: s.algorithm,
            challenge: s.challenge,
            number: s.number,
            salt: s.salt,
            signature: s.signature,
            took: s
                .took
                .map(|t| t.clamp(0.0, f64::from(u32::MAX)).round() as u32),
        };
        verify_solution(&payload, &self.captcha.key, false).map_err(|_| refused())?;
        let expires = expiry_of(&payload.salt).ok_or_else(refused)?;
        let now = self.clock.now();
        if expires < now {
            return Err(AppError::invalid("altcha", "error-captcha-expired"));
        }
        if !self
            .db
            .use_captcha_solution(&payload.signature, expires, now)
            .await?
        {
            return Err(refused());
        }
        Ok(Proof::Solved)
    }
}

/// The `expires` parameter the challenge's salt carries (unix seconds).
fn expiry_of(salt: &str) -> Option<OffsetDateTime> {
    let (_, query) = salt.split_once('?')?;
    let seconds = query
        .split('&')
        .find_map(|kv| kv.strip_prefix("expires="))?;
    OffsetDateTime::from_unix_timestamp(seconds.parse().ok()?).ok()
}

fn chrono_at(at: OffsetDateTime) -> Result<chrono::DateTime<chrono::Utc>, AppError> {
    chrono::DateTime::from_timestamp(at.unix_timestamp(), 0)
        .ok_or_else(|| AppError::Internal("captcha expiry out of range".into()))
}
