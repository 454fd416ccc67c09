//! `/contracts/{id}/options/{code}`: the quote for adding or removing an option, then the change.

use abri_app::AppError;
use abri_app::options::OptionQuote;
use abri_domain::ids::ContractId;
use abri_domain::quotes::Change;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::form::CsrfForm;
use super::render;
use crate::error::PageError;
use crate::views::{OptionLine, date};
use crate::{Ctx, WebState};

#[derive(Template)]
#[template(path = "option_quote.html")]
struct QuotePage<'a> {
    ctx: &'a Ctx,
    contract_url: String,
    contract_number: String,
    adding: bool,
    change: &'static str,
    option: OptionLine,
    before: String,
    after: String,
    prorata: String,
    prorata_credit: bool,
    effective: String,
    period_end: String,
    /// The new premium in cents, carried back by the confirmation as what was agreed to.
    agreed: i64,
    /// Why the confirmation was refused (the premium changed, a garbled figure).
    refusal: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct ChangeQuery {
    #[serde(default)]
    change: String,
}

fn parse_change(word: &str) -> Result<Change, PageError> {
    match word {
        "add" => Ok(Change::Add),
        "remove" => Ok(Change::Remove),
        _ => Err(PageError(AppError::NotFound)),
    }
}

/// `GET /contracts/{id}/options/{code}?change=add|remove`: the quote.
pub(crate) async fn quote(
    State(state): State<WebState>,
    ctx: Ctx,
    Path((id, code)): Path<(String, String)>,
    Query(q): Query<ChangeQuery>,
) -> Result<Response, PageError> {
    let who = ctx.customer()?;
    let id: ContractId = id.parse().map_err(|_| PageError(AppError::NotFound))?;
    let change = parse_change(&q.change)?;
    match state.app.option_quote(who, id, &code, change).await {
        Ok(q) => render(&page(&ctx, &q, change)),
        // Not offered for this product, already done (a second tab, a back button), or the
        // contract is not active: the contract page says how things are, and why.
        Err(AppError::Invalid(errors)) => refused(&state, &ctx, id, &errors).await,
        Err(other) => Err(other.into()),
    }
}

fn page<'a>(ctx: &'a Ctx, q: &OptionQuote, change: Change) -> QuotePage<'a> {
    let lang = ctx.lang;
    let c = &q.detail.contract;
    let quote = &q.quote;
    QuotePage {
        ctx,
        contract_url: format!("/contracts/{}", c.id),
        contract_number: c.number.clone(),
        adding: change == Change::Add,
        change: if change == Change::Add {
            "add"
        } else {
            "remove"
        },
        option: OptionLine::new(lang, &q.option.code, quote.option_price, c.frequency),
        before: crate::views::per_period(lang, quote.premium_before, c.frequency),
        after: crate::views::per_period(lang, quote.premium_after, c.frequency),
        prorata: abri_domain::Money::from_cents(quote.prorata.cents().abs()).format(lang),
        prorata_credit: quote.prorata.cents() < 0,
        effective: date(lang, quote.effective),
        period_end: date(lang, quote.period_end),
        agreed: quote.premium_after.cents(),
        refusal: None,
    }
}

#[derive(Deserialize)]
pub(crate) struct ChangeForm {
    #[serde(default)]
    change: String,
    /// The new premium shown on the quote, in cents.
    #[serde(default)]
    price: String,
}

/// `POST /contracts/{id}/options/{code}`: the change, once.
pub(crate) async fn apply(
    State(state): State<WebState>,
    Path((id, code)): Path<(String, String)>,
    CsrfForm(ctx, form): CsrfForm<ChangeForm>,
) -> Result<Response, PageError> {
    let who = ctx.customer()?;
    let id: ContractId = id.parse().map_err(|_| PageError(AppError::NotFound))?;
    let change = parse_change(&form.change)?;
    let done = match change {
        Change::Add => "option-added",
        Change::Remove => "option-removed",
    };
    let outcome = match abri_domain::Money::parse_cents(&form.price) {
        Some(agreed) => {
            state
                .app
                .change_option(who, id, &code, change, agreed, &ctx.origin())
                .await
        }
        None => Err(AppError::invalid("price", "error-price-format")),
    };
    match outcome {
        Ok(_) => Ok(Redirect::to(&format!("/contracts/{id}?done={done}")).into_response()),
        // The figure agreed to is not the quote's: the quote again, as it stands now.
        Err(AppError::Invalid(errors)) if errors.iter().any(|e| e.field == Some("price")) => {
            match state.app.option_quote(who, id, &code, change).await {
                Ok(q) => {
                    let mut page = page(&ctx, &q, change);
                    page.refusal = errors.first().map(|e| ctx.t(e.message));
                    let mut response = render(&page)?;
                    *response.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
                    Ok(response)
                }
                Err(AppError::Invalid(errors)) => refused(&state, &ctx, id, &errors).await,
                Err(other) => Err(other.into()),
            }
        }
        Err(AppError::Invalid(errors)) => refused(&state, &ctx, id, &errors).await,
        Err(other) => Err(other.into()),
    }
}

async fn refused(
    state: &WebState,
    ctx: &Ctx,
    id: ContractId,
    errors: &[abri_app::FieldError],
) -> Result<Response, PageError> {
    let message = errors
        .first()
        .map_or("error-option-not-offered", |e| e.message);
    super::contracts::refused(state, ctx, id, message).await
}
