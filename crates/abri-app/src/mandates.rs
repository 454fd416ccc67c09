//! The SEPA direct-debit mandate: shown by its last four characters, replaced behind the step-up
//! guard, with an audit row and an e-mail in the same transaction.

use abri_domain::mandates::{Bic, HolderName, MandateInputError, SepaIban, mandate_reference};
use abri_store::audit::AuditEvent;
use abri_store::mandates::Mandate;
use time::Date;

use crate::auth::{SessionOrigin, SignedIn};
use crate::i18n::{t, t_args};
use crate::jobs::enqueue_email;
use crate::mail::Letter;
use crate::{App, AppError, FieldError};

/// A mandate as pages show it: never more than the IBAN's last four characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MandateView {
    /// Unique mandate reference (RUM).
    pub reference: String,
    /// The IBAN's last four characters.
    pub iban_last_four: String,
    /// Account holder.
    pub holder: String,
    /// Signature date.
    pub signed_on: Date,
}

impl From<&Mandate> for MandateView {
    fn from(m: &Mandate) -> Self {
        Self {
            reference: m.reference.clone(),
            iban_last_four: abri_domain::mandates::last_four(&m.iban),
            holder: m.holder.clone(),
            signed_on: m.signed_on,
        }
    }
}

/// What the customer typed on the mandate form.
#[derive(Clone, Debug, Default)]
pub struct MandateForm {
    /// IBAN, as typed.
    pub iban: String,
    /// BIC, as typed (optional).
    pub bic: String,
    /// Account holder, as typed.
    pub holder: String,
}

fn iban_message(e: MandateInputError) -> &'static str {
    match e {
        MandateInputError::Missing => "error-required",
        MandateInputError::IbanChecksum => "error-iban-checksum",
        MandateInputError::IbanCountry => "error-iban-country",
        MandateInputError::NotSepa => "error-iban-not-sepa",
        _ => "error-iban-format",
    }
}

fn holder_message(e: MandateInputError) -> &'static str {
    match e {
        MandateInputError::TooLong => "error-too-long",
        _ => "error-required",
    }
}

impl App {
    /// The customer's active mandate.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn current_mandate(&self, who: &SignedIn) -> Result<Option<MandateView>, AppError> {
        Ok(self
            .db
            .active_mandate(who.customer.id)
            .await?
            .as_ref()
            .map(MandateView::from))
    }

    /// Signs a new mandate, revoking the previous one, once every field is valid.
    ///
    /// # Errors
    /// [`AppError::Invalid`] naming each wrong field; nothing is changed then.
    pub async fn replace_mandate(
        &self,
        who: &SignedIn,
        form: &MandateForm,
        origin: &SessionOrigin,
    ) -> Result<MandateView, AppError> {
        let iban = SepaIban::parse(&form.iban);
        let bic = Bic::parse_optional(&form.bic);
        let holder = HolderName::parse(&form.holder);
        let (Ok(iban), Ok(bic), Ok(holder)) = (&iban, &bic, &holder) else {
            let mut errors = Vec::new();
            if let Err(e) = iban {
                errors.push(FieldError::on("iban", iban_message(e)));
            }
            if bic.is_err() {
                errors.push(FieldError::on("bic", "error-bic-format"));
            }
            if let Err(e) = holder {
                errors.push(FieldError::on("holder", holder_message(e)));
            }
            return Err(AppError::Invalid(errors));
        };
        let c = &who.customer;
        let now = self.clock.now();
        let mandate = Mandate {
            reference: mandate_reference(&self.provider.name, now.date(), rand::random()),
            iban: iban.electronic().to_owned(),
            bic: bic.as_ref().map(|b| b.as_str().to_owned()),
            holder: holder.as_str().to_owned(),
            signed_on: now.date(),
        };
        let lang = c.language;
        let mut letter = Letter::new(lang, &c.email, &c.given_name, "email-mandate-subject")
            .paragraph(t_args(
                lang,
                "email-mandate-body",
                &[
                    ("last4", iban.last_four()),
                    ("reference", mandate.reference.clone()),
                    ("date", crate::i18n::date_time(lang, now)),
                ],
            ));
        letter.warning = Some(t(lang, "email-factor-warning"));
        let event = AuditEvent {
            customer_id: Some(c.id),
            ip: origin.ip.clone(),
            user_agent: origin.user_agent.clone(),
            action: "mandate_replaced".into(),
            result: "success".into(),
            detail: Some(format!("{{\"reference\":\"{}\"}}", mandate.reference)),
            ..AuditEvent::default()
        };
        let mut tx = self.db.begin().await?;
        tx.replace_mandate(c.id, &mandate, now).await?;
        tx.insert_audit(&event, now).await?;
        enqueue_email(self, &mut tx, &letter.render(&self.provider)?).await?;
        tx.commit().await?;
        self.wake_worker();
        Ok(MandateView::from(&mandate))
    }
}
