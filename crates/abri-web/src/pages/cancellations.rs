//! « Résilier mon contrat » in three clicks: the form, the recap with its confirmation button,
//! the acknowledgement; and withdrawing a pending request.

use abri_app::AppError;
use abri_app::cancellations::CancellationRequest;
use abri_domain::cancellations::Reason;
use abri_domain::homes::StoredWord;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::form::CsrfForm;
use super::render;
use crate::error::PageError;
use crate::views::{date, date_time};
use crate::{Ctx, WebState};

struct ReasonChoice {
    word: &'static str,
    label: String,
    checked: bool,
}

#[derive(Template)]
#[template(path = "cancel_form.html")]
struct FormPage<'a> {
    ctx: &'a Ctx,
    contract_url: String,
    contract_number: String,
    product: String,
    reasons: Vec<ReasonChoice>,
    wished: String,
    reason_error: Option<String>,
    date_error: Option<String>,
}

#[derive(Template)]
#[template(path = "cancel_recap.html")]
struct RecapPage<'a> {
    ctx: &'a Ctx,
    contract_url: String,
    contract_number: String,
    reason: &'static str,
    reason_label: String,
    wished: String,
    effective: String,
    equipment_return: bool,
}

#[derive(Template)]
#[template(path = "cancel_done.html")]
struct DonePage<'a> {
    ctx: &'a Ctx,
    contract_url: String,
    contract_number: String,
    received: String,
    effective: String,
}

#[derive(Deserialize)]
pub(crate) struct CancelForm {
    #[serde(default)]
    reason: String,
    #[serde(default)]
    date: String,
}

fn choices(ctx: &Ctx, selected: &str) -> Vec<ReasonChoice> {
    Reason::WORDS
        .iter()
        .map(|(_, word)| ReasonChoice {
            word,
            label: ctx.t(&format!("cancel-reason-{word}")),
            checked: *word == selected,
        })
        .collect()
}

fn contract_id(id: &str) -> Result<abri_domain::ids::ContractId, PageError> {
    id.parse().map_err(|_| PageError(AppError::NotFound))
}

/// `GET /contracts/{id}/cancel`: the form, identity and contract prefilled.
pub(crate) async fn form(
    State(state): State<WebState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let who = ctx.customer()?;
    let detail = state.app.contract(who, contract_id(&id)?).await?;
    let c = &detail.contract;
    render(&FormPage {
        ctx: &ctx,
        contract_url: format!("/contracts/{}", c.id),
        contract_number: c.number.clone(),
        product: ctx.t(&format!("product-{}", c.product.word())),
        reasons: choices(&ctx, "at_renewal"),
        wished: state.app.today().to_string(),
        reason_error: None,
        date_error: None,
    })
}

/// `POST /contracts/{id}/cancel`: checks the form and shows the recap (nothing recorded yet).
pub(crate) async fn recap(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm(ctx, form): CsrfForm<CancelForm>,
) -> Result<Response, PageError> {
    let who = ctx.customer()?;
    let id = contract_id(&id)?;
    match state
        .app
        .cancellation_terms(who, id, &form.reason, &form.date)
        .await
    {
        Ok(request) => render(&recap_page(&ctx, &request)),
        Err(AppError::Invalid(errors)) => {
            let detail = state.app.contract(who, id).await?;
            let c = &detail.contract;
            let message = |field| {
                errors
                    .iter()
                    .find(|e| e.field == Some(field))
                    .map(|e| ctx.t(e.message))
            };
            let page = FormPage {
                ctx: &ctx,
                contract_url: format!("/contracts/{}", c.id),
                contract_number: c.number.clone(),
                product: ctx.t(&format!("product-{}", c.product.word())),
                reasons: choices(&ctx, form.reason.trim()),
                wished: form.date.trim().chars().take(10).collect(),
                reason_error: message("reason"),
                date_error: message("date"),
            };
            let mut response = render(&page)?;
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(response)
        }
        Err(other) => Err(other.into()),
    }
}

fn recap_page<'a>(ctx: &'a Ctx, request: &CancellationRequest) -> RecapPage<'a> {
    let c = &request.detail.contract;
    let t = &request.terms;
    RecapPage {
        ctx,
        contract_url: format!("/contracts/{}", c.id),
        contract_number: c.number.clone(),
        reason: t.reason.word(),
        reason_label: ctx.t(&format!("cancel-reason-{}", t.reason.word())),
        wished: t.wished.to_string(),
        effective: date(ctx.lang, t.effective),
        equipment_return: t.equipment_return,
    }
}

/// `POST /contracts/{id}/cancel/confirm`: the request, recorded once, and its acknowledgement.
pub(crate) async fn confirm(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm(ctx, form): CsrfForm<CancelForm>,
) -> Result<Response, PageError> {
    let who = ctx.customer()?;
    let id = contract_id(&id)?;
    let pending = state
        .app
        .request_cancellation(who, id, &form.reason, &form.date, &ctx.origin())
        .await?;
    let detail = state.app.contract(who, id).await?;
    render(&DonePage {
        ctx: &ctx,
        contract_url: format!("/contracts/{id}"),
        contract_number: detail.contract.number,
        received: date_time(ctx.lang, pending.created_at),
        effective: date(ctx.lang, pending.effective_date),
    })
}

/// `POST /contracts/{id}/cancel/withdraw`.
pub(crate) async fn withdraw(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm(ctx, _): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, PageError> {
    let who = ctx.customer()?;
    let id = contract_id(&id)?;
    state
        .app
        .withdraw_cancellation(who, id, &ctx.origin())
        .await?;
    Ok(Redirect::to(&format!("/contracts/{id}?done=cancel-withdrawn")).into_response())
}
