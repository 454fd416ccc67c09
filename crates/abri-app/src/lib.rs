//! Abri's use cases, one module per area, over the store and the ports they need.
//!
//! Handlers call exactly one function here and render its result or its [`AppError`].

pub mod account;
pub mod alarm;
pub mod auth;
pub mod cancellations;
pub mod captcha;
pub mod contacts;
pub mod contracts;
mod error;
pub mod factors;
pub mod hasher;
pub mod home_requests;
pub mod homes;
pub mod i18n;
pub mod jobs;
pub mod live;
pub mod mail;
pub mod mandates;
pub mod options;
pub mod passkeys;
pub mod preferences;
pub mod profile;
pub mod resets;
pub mod security;
pub mod step_up;
pub mod tokens;

use std::sync::Arc;

use abri_domain::Clock;
use abri_store::Db;

pub use error::{AppError, FieldError};
pub use hasher::Hasher;

/// The provider's identity shown on every page and e-mail (white-label).
#[derive(Clone, Debug)]
pub struct Provider {
    /// Brand name (`Abri Protection`).
    pub name: String,
    /// Customer-service phone as displayed.
    pub support_phone: String,
}

/// Everything a use case needs; cheap to clone.
#[derive(Clone)]
pub struct App {
    /// The database.
    pub db: Db,
    /// The source of "now".
    pub clock: Arc<dyn Clock>,
    /// The bounded password-hashing pool.
    pub hasher: Hasher,
    /// Branding.
    pub provider: Provider,
    /// Mail, SMS and the worker's wake-up.
    pub ports: jobs::Ports,
    /// The public URL links in e-mails are built from (never the request's Host header).
    pub base_url: String,
    /// The proof-of-work CAPTCHA.
    pub captcha: captcha::CaptchaConfig,
    /// The server's secret key (CSRF tokens, CAPTCHA signatures); never printed.
    pub secret_key: Arc<[u8]>,
    /// WebAuthn for passkeys; none when the base URL cannot be a relying party (an IP address).
    pub webauthn: Option<Arc<webauthn_rs::Webauthn>>,
    /// Carries stored alarm events to live streams.
    pub events: Arc<dyn live::EventBus>,
    /// Alarm timings.
    pub alarm: alarm::AlarmSettings,
}

impl App {
    /// Today's date (UTC) by the injected clock.
    #[must_use]
    pub fn today(&self) -> time::Date {
        self.clock.now().date()
    }
}
