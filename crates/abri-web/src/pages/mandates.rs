//! `/account/mandate`: the SEPA direct-debit mandate, shown by the IBAN's last four characters
//! and replaced behind the step-up guard.

use abri_app::AppError;
use abri_app::mandates::{MandateForm, MandateView};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::form::CsrfForm;
use super::render;
use crate::error::PageError;
use crate::{Ctx, WebState};

#[derive(Template)]
#[template(path = "mandate.html")]
struct MandatePage<'a> {
    ctx: &'a Ctx,
    current: Option<MandateView>,
    signed_on: String,
    notice: bool,
    iban: String,
    bic: String,
    holder: String,
    iban_error: Option<String>,
    bic_error: Option<String>,
    holder_error: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct Fields {
    #[serde(default)]
    iban: String,
    #[serde(default)]
    bic: String,
    #[serde(default)]
    holder: String,
}

#[derive(Deserialize)]
pub(crate) struct Done {
    #[serde(default)]
    done: Option<String>,
}

impl<'a> MandatePage<'a> {
    fn new(ctx: &'a Ctx, current: Option<MandateView>) -> Self {
        let signed_on = current
            .as_ref()
            .map(|m| abri_app::i18n::date(ctx.lang, m.signed_on))
            .unwrap_or_default();
        Self {
            ctx,
            current,
            signed_on,
            notice: false,
            iban: String::new(),
            bic: String::new(),
            holder: String::new(),
            iban_error: None,
            bic_error: None,
            holder_error: None,
        }
    }
}

fn clip(typed: &str, max: usize) -> String {
    typed.trim().chars().take(max).collect()
}

/// `GET /account/mandate`.
pub(crate) async fn show(
    State(state): State<WebState>,
    ctx: Ctx,
    Query(done): Query<Done>,
) -> Result<Response, PageError> {
    let who = ctx.customer()?;
    let current = state.app.current_mandate(who).await?;
    let mut page = MandatePage::new(&ctx, current);
    page.notice = done.done.is_some();
    page.holder = page.current.as_ref().map_or_else(
        || format!("{} {}", who.customer.given_name, who.customer.family_name),
        |m| m.holder.clone(),
    );
    render(&page)
}

/// `POST /account/mandate`: a new mandate replaces the active one; each wrong field is named
/// and what was typed is kept.
pub(crate) async fn replace(
    State(state): State<WebState>,
    CsrfForm(ctx, fields): CsrfForm<Fields>,
) -> Result<Response, PageError> {
    let who = ctx.customer()?;
    let form = MandateForm {
        iban: fields.iban,
        bic: fields.bic,
        holder: fields.holder,
    };
    match state.app.replace_mandate(who, &form, &ctx.origin()).await {
        Ok(_) => Ok(Redirect::to("/account/mandate?done=1").into_response()),
        Err(AppError::Invalid(errors)) => {
            let current = state.app.current_mandate(who).await?;
            let mut page = MandatePage::new(&ctx, current);
            page.iban = clip(&form.iban, 64);
            page.bic = clip(&form.bic, 16);
            page.holder = clip(&form.holder, 100);
            for e in errors {
                let message = Some(ctx.t(e.message));
                match e.field {
                    Some("iban") => page.iban_error = message,
                    Some("bic") => page.bic_error = message,
                    _ => page.holder_error = message,
                }
            }
            let mut response = render(&page)?;
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(response)
        }
        Err(other) => Err(other.into()),
    }
}
