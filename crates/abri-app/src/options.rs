//! Options of a contract: a quote (new premium and pro-rata, by `abri_domain::quotes`), then the
//! change itself, recorded as an amendment and e-mailed in the same transaction. Submitting
//! twice changes once.

use abri_domain::Money;
use abri_domain::contracts::ContractOption;
use abri_domain::ids::ContractId;
use abri_domain::quotes::{Change, Quote, QuoteRefusal, quote};
use abri_store::amendments::Amendment;

use crate::auth::{SessionOrigin, SignedIn};
use crate::contracts::ContractDetail;
use crate::i18n::{t, t_args};
use crate::jobs::enqueue_email;
use crate::mail::Letter;
use crate::{App, AppError};

/// A quote with what it is about.
#[derive(Clone, Debug)]
pub struct OptionQuote {
    /// The contract, its home, guarantees and options.
    pub detail: ContractDetail,
    /// The option.
    pub option: ContractOption,
    /// The numbers.
    pub quote: Quote,
}

impl App {
    /// The quote for adding or removing option `code` on one of the customer's contracts.
    ///
    /// # Errors
    /// [`AppError::NotFound`] for another customer's contract; [`AppError::Invalid`] on
    /// `option` when the option is not offered for the product or the change does not apply.
    pub async fn option_quote(
        &self,
        who: &SignedIn,
        id: ContractId,
        code: &str,
        change: Change,
    ) -> Result<OptionQuote, AppError> {
        let detail = self.contract(who, id).await?;
        let option = detail
            .options
            .iter()
            .find(|o| o.code == code)
            .cloned()
            .ok_or_else(|| AppError::invalid("option", "error-option-not-offered"))?;
        let quote = quote(
            &detail.contract,
            &detail.options,
            &option,
            change,
            self.today(),
        )
        .map_err(|refusal| {
            AppError::invalid(
                "option",
                match refusal {
                    QuoteRefusal::NotOffered => "error-option-not-offered",
                    QuoteRefusal::NothingToChange => "error-option-unchanged",
                    QuoteRefusal::NotActive => "error-contract-not-active",
                },
            )
        })?;
        Ok(OptionQuote {
            detail,
            option,
            quote,
        })
    }

    /// Makes the change: the option, the amendment, the audit record and the e-mail together,
    /// at the new premium the customer `agreed` to on the quote. Returns the amendment's
    /// number, or `None` when the change was already made (a second submission).
    ///
    /// # Errors
    /// As [`App::option_quote`]; [`AppError::Invalid`] on `price` when the premium is no longer
    /// the quoted one.
    pub async fn change_option(
        &self,
        who: &SignedIn,
        id: ContractId,
        code: &str,
        change: Change,
        agreed: Money,
        origin: &SessionOrigin,
    ) -> Result<Option<String>, AppError> {
        let q = match self.option_quote(who, id, code, change).await {
            Ok(q) => q,
            Err(AppError::Invalid(errors))
                if errors.iter().any(|e| e.message == "error-option-unchanged") =>
            {
                return Ok(None);
            }
            Err(other) => return Err(other),
        };
        if q.quote.premium_after != agreed {
            // The catalogue changed since the quote was shown: nothing is signed at a premium
            // the customer did not see.
            return Err(AppError::invalid("price", "error-price-changed"));
        }
        let contract = &q.detail.contract;
        let now = self.clock.now();
        let amendment = Amendment {
            number: String::new(),
            kind: match change {
                Change::Add => "option_added".into(),
                Change::Remove => "option_removed".into(),
            },
            option_code: Some(code.to_owned()),
            effective_date: q.quote.effective,
            premium_before: q.quote.premium_before,
            premium_after: q.quote.premium_after,
            prorata: q.quote.prorata,
        };
        let mut tx = self.db.begin().await?;
        let changed = match change {
            Change::Add => tx.add_option(contract.id, code, now).await?,
            Change::Remove => tx.remove_option(contract.id, code).await?,
        };
        if !changed {
            return Ok(None);
        }
        let number = tx
            .insert_amendment(contract.id, &contract.number, &amendment, now)
            .await?;
        let event = abri_store::audit::AuditEvent {
            customer_id: Some(who.customer.id),
            ip: origin.ip.clone(),
            user_agent: origin.user_agent.clone(),
            action: amendment.kind.clone(),
            result: "success".into(),
            detail: Some(format!(
                "{{\"amendment\":\"{number}\",\"option\":\"{code}\"}}"
            )),
            ..abri_store::audit::AuditEvent::default()
        };
        tx.insert_audit(&event, now).await?;
        enqueue_email(self, &mut tx, &self.amendment_letter(who, &q, &number)?).await?;
        tx.commit().await?;
        self.wake_worker();
        Ok(Some(number))
    }

    fn amendment_letter(
        &self,
        who: &SignedIn,
        q: &OptionQuote,
        number: &str,
    ) -> Result<crate::mail::OutgoingEmail, AppError> {
        let c = &who.customer;
        let lang = c.language;
        let option = t(lang, &format!("option-{}", q.option.code));
        let key = match q.quote.change {
            Change::Add => "email-amendment-added",
            Change::Remove => "email-amendment-removed",
        };
        let letter = Letter::new(lang, &c.email, &c.given_name, "email-amendment-subject")
            .paragraph(t_args(
                lang,
                key,
                &[
                    ("option", option),
                    ("contract", q.detail.contract.number.clone()),
                ],
            ))
            .paragraph(t_args(
                lang,
                "email-amendment-numbers",
                &[
                    ("number", number.to_owned()),
                    ("date", crate::i18n::date(lang, q.quote.effective)),
                    ("before", q.quote.premium_before.format(lang)),
                    ("after", q.quote.premium_after.format(lang)),
                ],
            ));
        letter.render(&self.provider)
    }
}
