//! Cancellation in three clicks: the terms (effective date and consequences) from the form,
//! the confirmed request with its acknowledgement e-mail, and its withdrawal before it ends.

use abri_domain::cancellations::{CancellationRefusal, CancellationTerms, Reason, terms};
use abri_domain::homes::StoredWord;
use abri_domain::ids::ContractId;
use abri_store::audit::AuditEvent;
use abri_store::cancellations::PendingCancellation;
use time::Date;
use time::macros::format_description;

use crate::auth::{SessionOrigin, SignedIn};
use crate::contracts::ContractDetail;
use crate::i18n::{t, t_args};
use crate::jobs::enqueue_email;
use crate::mail::Letter;
use crate::{App, AppError, FieldError};

/// A request as the form typed it, checked.
#[derive(Clone, Debug)]
pub struct CancellationRequest {
    /// The contract.
    pub detail: ContractDetail,
    /// Its terms.
    pub terms: CancellationTerms,
}

impl App {
    /// Checks the form (reason, wished date as `YYYY-MM-DD`) and computes the terms.
    ///
    /// # Errors
    /// [`AppError::NotFound`] for another customer's contract; [`AppError::Invalid`] naming
    /// `reason` or `date`.
    pub async fn cancellation_terms(
        &self,
        who: &SignedIn,
        id: ContractId,
        reason: &str,
        wished: &str,
    ) -> Result<CancellationRequest, AppError> {
        let detail = self.contract(who, id).await?;
        let mut errors = Vec::new();
        let reason = Reason::from_word(reason.trim());
        if reason.is_none() {
            errors.push(FieldError::on("reason", "error-cancel-reason"));
        }
        let date = Date::parse(wished.trim(), format_description!("[year]-[month]-[day]")).ok();
        if date.is_none() {
            errors.push(FieldError::on("date", "error-cancel-date"));
        }
        let (Some(reason), Some(date)) = (reason, date) else {
            return Err(AppError::Invalid(errors));
        };
        let terms =
            terms(&detail.contract, reason, date, self.today()).map_err(
                |refusal| match refusal {
                    CancellationRefusal::DateInPast => {
                        AppError::invalid("date", "error-cancel-date-past")
                    }
                    CancellationRefusal::NotActive => {
                        AppError::invalid("reason", "error-contract-not-active")
                    }
                },
            )?;
        Ok(CancellationRequest { detail, terms })
    }

    /// Records the confirmed request (once), the audit row and the acknowledgement e-mail.
    ///
    /// # Errors
    /// As [`App::cancellation_terms`].
    pub async fn request_cancellation(
        &self,
        who: &SignedIn,
        id: ContractId,
        reason: &str,
        wished: &str,
        origin: &SessionOrigin,
    ) -> Result<PendingCancellation, AppError> {
        let request = self.cancellation_terms(who, id, reason, wished).await?;
        let contract = &request.detail.contract;
        let now = self.clock.now();
        let terms = &request.terms;
        if self
            .db
            .insert_cancellation(
                contract.id,
                terms.reason.word(),
                terms.wished,
                terms.effective,
                now,
            )
            .await?
        {
            let c = &who.customer;
            let lang = c.language;
            let mut letter = Letter::new(lang, &c.email, &c.given_name, "email-cancel-subject")
                .paragraph(t_args(
                    lang,
                    "email-cancel-body",
                    &[
                        ("contract", contract.number.clone()),
                        ("received", crate::i18n::date_time(lang, now)),
                        ("effective", crate::i18n::date(lang, terms.effective)),
                    ],
                ));
            if terms.equipment_return {
                letter = letter.paragraph(t(lang, "cancel-equipment"));
            }
            letter = letter.paragraph(t(lang, "email-cancel-withdraw"));
            let event = AuditEvent {
                customer_id: Some(c.id),
                ip: origin.ip.clone(),
                user_agent: origin.user_agent.clone(),
                action: "cancellation_requested".into(),
                result: "success".into(),
                detail: Some(format!("{{\"contract\":\"{}\"}}", contract.number)),
                ..AuditEvent::default()
            };
            let mut tx = self.db.begin().await?;
            tx.insert_audit(&event, now).await?;
            enqueue_email(self, &mut tx, &letter.render(&self.provider)?).await?;
            tx.commit().await?;
            self.wake_worker();
        }
        self.db
            .pending_cancellation(contract.id)
            .await?
            .ok_or_else(|| AppError::Internal("cancellation not recorded".into()))
    }

    /// The pending request on one of the customer's contracts.
    ///
    /// # Errors
    /// [`AppError::NotFound`] for another customer's contract.
    pub async fn pending_cancellation(
        &self,
        who: &SignedIn,
        id: ContractId,
    ) -> Result<Option<PendingCancellation>, AppError> {
        let detail = self.contract(who, id).await?;
        Ok(self.db.pending_cancellation(detail.contract.id).await?)
    }

    /// Withdraws the pending request before it takes effect.
    ///
    /// # Errors
    /// [`AppError::NotFound`] for another customer's contract or without a pending request.
    pub async fn withdraw_cancellation(
        &self,
        who: &SignedIn,
        id: ContractId,
        origin: &SessionOrigin,
    ) -> Result<(), AppError> {
        let detail = self.contract(who, id).await?;
        if !self
            .db
            .withdraw_cancellation(detail.contract.id, self.clock.now())
            .await?
        {
            return Err(AppError::NotFound);
        }
        let event = AuditEvent {
            customer_id: Some(who.customer.id),
            ip: origin.ip.clone(),
            user_agent: origin.user_agent.clone(),
            action: "cancellation_withdrawn".into(),
            result: "success".into(),
            ..AuditEvent::default()
        };
        self.db.insert_audit(&event, self.clock.now()).await?;
        Ok(())
    }
}
