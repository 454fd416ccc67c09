//! The authenticator app: enrolment with a QR code, confirmation by a code, checks that accept
//! each time step once, removal.

use abri_store::customers::Customer;
use qrcode::QrCode;
use qrcode::render::svg;
use totp_rs::{Algorithm, Builder, Secret, Totp};

use super::crypto::{open, seal};
use crate::auth::{SessionOrigin, SignedIn};
use crate::{App, AppError};

/// What the enrolment page shows.
#[derive(Clone, Debug)]
pub struct TotpEnrolment {
    /// The key in base32, for typing by hand.
    pub key: String,
    /// The `otpauth://` URL the QR code holds.
    pub url: String,
    /// The QR code as inline SVG (no remote service).
    pub qr_svg: String,
}

impl App {
    fn totp(&self, customer: &Customer, secret: Vec<u8>) -> Result<Totp, AppError> {
        Builder::new()
            .with_algorithm(Algorithm::SHA1)
            .with_digits(6)
            .with_step_duration(30)
            .with_skew(1)
            .with_secret(Secret::from(secret))
            .with_account_name(customer.email.clone())
            .with_issuer(Some(self.provider.name.clone()))
            .build()
            .map_err(|e| AppError::Internal(format!("totp: {e}")))
    }

    async fn stored_totp(&self, customer: &Customer) -> Result<Option<(Totp, bool)>, AppError> {
        let Some(factor) = self.db.totp_of(customer.id).await? else {
            return Ok(None);
        };
        let secret = open(&self.secret_key, &factor.secret_enc)?;
        Ok(Some((self.totp(customer, secret)?, factor.confirmed)))
    }

    /// Starts (or restarts) an enrolment: a new 160-bit secret, stored encrypted, unconfirmed.
    ///
    /// # Errors
    /// [`AppError::Conflict`] when a factor is already confirmed.
    pub async fn start_totp(&self, who: &SignedIn) -> Result<(), AppError> {
        if self.has_totp(&who.customer).await? {
            return Err(AppError::Conflict);
        }
        let secret = Secret::generate();
        let sealed = seal(&self.secret_key, secret.as_bytes())?;
        self.db
            .start_totp(who.customer.id, &sealed, self.clock.now())
            .await?;
        Ok(())
    }

    /// The pending enrolment to show: key, URL and QR code.
    ///
    /// # Errors
    /// [`AppError::NotFound`] when no enrolment is pending.
    pub async fn totp_enrolment(&self, who: &SignedIn) -> Result<TotpEnrolment, AppError> {
        let Some((totp, false)) = self.stored_totp(&who.customer).await? else {
            return Err(AppError::NotFound);
        };
        let url = totp
            .to_url()
            .map_err(|e| AppError::Internal(format!("totp url: {e}")))?;
        let qr = QrCode::new(url.as_bytes()).map_err(|e| AppError::Internal(format!("qr: {e}")))?;
        let qr_svg = qr
            .render::<svg::Color<'_>>()
            .min_dimensions(220, 220)
            .quiet_zone(true)
            .build();
        Ok(TotpEnrolment {
            key: totp.secret().to_base32(),
            url,
            qr_svg,
        })
    }

    /// Confirms the enrolment with a code from the app; returns the ten recovery codes, shown
    /// once. Factor, codes, audit record and e-mail are written together.
    ///
    /// # Errors
    /// [`AppError::Invalid`] on `code` when it does not match; [`AppError::NotFound`].
    pub async fn confirm_totp(
        &self,
        who: &SignedIn,
        code: &str,
        origin: &SessionOrigin,
    ) -> Result<Vec<String>, AppError> {
        let Some((totp, false)) = self.stored_totp(&who.customer).await? else {
            return Err(AppError::NotFound);
        };
        let now = self.clock.now();
        let step = check(&totp, code, now)?;
        let (codes, hashes) = super::recovery::new_codes();
        let mut tx = self.db.begin().await?;
        tx.confirm_totp(who.customer.id, step, now).await?;
        tx.replace_recovery_codes(who.customer.id, &hashes, now)
            .await?;
        tx.commit().await?;
        self.factor_event(
            &who.customer,
            origin,
            "factor_added",
            "success",
            Some(("email-factor-added-subject", "email-factor-added-body")),
        )
        .await?;
        Ok(codes)
    }

    /// Removes the app factor and the recovery codes, after a fresh code from the app.
    ///
    /// # Errors
    /// [`AppError::Invalid`] on `code`; [`AppError::NotFound`] without a factor.
    pub async fn remove_totp(
        &self,
        who: &SignedIn,
        code: &str,
        origin: &SessionOrigin,
    ) -> Result<(), AppError> {
        if !self.has_totp(&who.customer).await? {
            return Err(AppError::NotFound);
        }
        self.verify_second_factor(&who.customer, code, origin)
            .await?;
        let mut tx = self.db.begin().await?;
        tx.remove_totp(who.customer.id).await?;
        tx.commit().await?;
        self.factor_event(
            &who.customer,
            origin,
            "factor_removed",
            "success",
            Some(("email-factor-removed-subject", "email-factor-removed-body")),
        )
        .await
    }

    /// Checks an app code; a step already accepted is a replay (recorded and e-mailed).
    pub(super) async fn check_totp(
        &self,
        customer: &Customer,
        code: &str,
        origin: &SessionOrigin,
    ) -> Result<(), AppError> {
        let Some((totp, true)) = self.stored_totp(customer).await? else {
            return Err(AppError::invalid("code", "error-factor-wrong"));
        };
        let step = check(&totp, code, self.clock.now())?;
        if self.db.accept_totp_step(customer.id, step).await? {
            return Ok(());
        }
        self.factor_event(
            customer,
            origin,
            "totp_replay",
            "failure",
            Some(("email-totp-replay-subject", "email-totp-replay-body")),
        )
        .await?;
        Err(AppError::invalid("code", "error-factor-replayed"))
    }
}

/// The time step a code matches (±1 step), by the injected clock.
fn check(totp: &Totp, code: &str, now: time::OffsetDateTime) -> Result<i64, AppError> {
    let seconds = u64::try_from(now.unix_timestamp()).unwrap_or_default();
    let step = totp
        .check(code.trim(), seconds)
        .ok_or_else(|| AppError::invalid("code", "error-factor-wrong"))?;
    i64::try_from(step).map_err(|_| AppError::invalid("code", "error-factor-wrong"))
}
