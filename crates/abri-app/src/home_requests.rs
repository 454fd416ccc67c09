//! Asking staff to protect a new home or to move one: checked, recorded as an open request with
//! its audit row and an acknowledgement e-mail, in one transaction.

use abri_domain::home_requests::{RequestKind, check_wished_date, parse_address, parse_note};
use abri_domain::ids::HomeId;
use abri_store::audit::AuditEvent;
use abri_store::home_requests::HomeRequest;
use time::Date;
use time::macros::format_description;
use uuid::Uuid;

use crate::auth::{SessionOrigin, SignedIn};
use crate::i18n::t_args;
use crate::jobs::enqueue_email;
use crate::mail::Letter;
use crate::{App, AppError, FieldError};

/// What the customer typed on the request form.
#[derive(Clone, Debug, Default)]
pub struct HomeRequestForm {
    /// `new_home` or `move`.
    pub kind: String,
    /// For a move: the home's id.
    pub home: String,
    /// New address.
    pub street: String,
    /// Postal code.
    pub postal_code: String,
    /// City.
    pub city: String,
    /// Wished date, `YYYY-MM-DD`.
    pub date: String,
    /// Free note.
    pub note: String,
}

impl App {
    /// The customer's requests, newest first.
    ///
    /// # Errors
    /// On a storage failure.
    pub async fn home_requests(&self, who: &SignedIn) -> Result<Vec<HomeRequest>, AppError> {
        Ok(self.db.home_requests_of(who.customer.id).await?)
    }

    /// Records a request once every field is valid.
    ///
    /// # Errors
    /// [`AppError::Invalid`] naming each wrong field (nothing recorded); [`AppError::NotFound`]
    /// when the home to move is not the customer's.
    pub async fn request_home(
        &self,
        who: &SignedIn,
        form: &HomeRequestForm,
        origin: &SessionOrigin,
    ) -> Result<HomeRequest, AppError> {
        let mut faults = Vec::new();
        let kind = RequestKind::from_word(form.kind.trim());
        if kind.is_none() {
            faults.push(("kind", "error-request-kind"));
        }
        let home = match kind {
            Some(RequestKind::Move) => match form.home.trim().parse::<HomeId>() {
                Ok(id) => Some(
                    self.db
                        .home_of(who.customer.id, id)
                        .await?
                        .ok_or(AppError::NotFound)?,
                ),
                Err(_) => {
                    faults.push(("home", "error-request-home"));
                    None
                }
            },
            _ => None,
        };
        let address = parse_address(&form.street, &form.postal_code, &form.city)
            .map_err(|f| faults.extend(f))
            .ok();
        let wished = Date::parse(
            form.date.trim(),
            format_description!("[year]-[month]-[day]"),
        )
        .ok();
        let date = check_wished_date(wished, self.today())
            .map_err(|f| faults.push(f))
            .ok();
        let note = parse_note(&form.note).map_err(|f| faults.push(f)).ok();
        let (Some(kind), Some(address), Some(date), Some(note), true) =
            (kind, address, date, note, faults.is_empty())
        else {
            return Err(AppError::Invalid(
                faults
                    .into_iter()
                    .map(|(field, message)| FieldError::on(field, message))
                    .collect(),
            ));
        };
        let now = self.clock.now();
        let request = HomeRequest {
            id: Uuid::now_v7(),
            kind: kind.word().into(),
            home_id: home.as_ref().map(|h| h.id),
            address,
            wished_date: date,
            note,
            status: "open".into(),
            created_at: now,
        };
        let c = &who.customer;
        let lang = c.language;
        let a = &request.address;
        let letter = Letter::new(lang, &c.email, &c.given_name, "email-home-request-subject")
            .paragraph(t_args(
                lang,
                &format!("email-home-request-{}", kind.word()),
                &[
                    (
                        "address",
                        format!("{}, {} {}", a.street, a.postal_code, a.city),
                    ),
                    ("date", crate::i18n::date(lang, date)),
                    (
                        "home",
                        home.as_ref().map(|h| h.label.clone()).unwrap_or_default(),
                    ),
                ],
            ))
            .paragraph(crate::i18n::t(lang, "email-home-request-next"));
        let event = AuditEvent {
            customer_id: Some(c.id),
            ip: origin.ip.clone(),
            user_agent: origin.user_agent.clone(),
            action: "home_requested".into(),
            result: "success".into(),
            method: Some(kind.word().into()),
            ..AuditEvent::default()
        };
        let mut tx = self.db.begin().await?;
        tx.insert_home_request(c.id, &request).await?;
        tx.insert_audit(&event, now).await?;
        enqueue_email(self, &mut tx, &letter.render(&self.provider)?).await?;
        tx.commit().await?;
        self.wake_worker();
        Ok(request)
    }
}
