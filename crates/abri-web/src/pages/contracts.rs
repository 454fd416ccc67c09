//! `/contracts/{id}`: guarantees, subscribed and available options.

use abri_domain::contracts::ContractOption;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;

use super::render;
use crate::error::PageError;
use crate::views::{ContractLine, GuaranteeLine, OptionLine, date};
use crate::{Ctx, WebState};

#[derive(Template)]
#[template(path = "contract.html")]
struct ContractPage<'a> {
    ctx: &'a Ctx,
    contract: ContractLine,
    start: String,
    home_url: String,
    home_label: String,
    guarantees: Vec<GuaranteeLine>,
    subscribed: Vec<OptionLine>,
    available: Vec<OptionLine>,
}

/// `GET /contracts/{id}`; an id that is malformed or not the customer's is a 404.
pub(crate) async fn show(
    State(state): State<WebState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let who = ctx.customer()?;
    let id = id
        .parse()
        .map_err(|_| PageError(abri_app::AppError::NotFound))?;
    let detail = state.app.contract(who, id).await?;
    let lang = ctx.lang;
    let c = &detail.contract;
    let (subscribed, available): (Vec<_>, Vec<_>) =
        detail.options.iter().partition(|o| o.subscribed);
    let line =
        |o: &&ContractOption| OptionLine::new(lang, &o.code, o.price_per(c.frequency), c.frequency);
    render(&ContractPage {
        ctx: &ctx,
        contract: ContractLine::new(lang, c, state.app.today()),
        start: date(lang, c.start_date),
        home_url: format!("/homes/{}", detail.home.id),
        home_label: detail.home.label.clone(),
        guarantees: detail
            .guarantees
            .iter()
            .map(|g| GuaranteeLine::new(lang, g))
            .collect(),
        subscribed: subscribed.iter().map(line).collect(),
        available: available.iter().map(line).collect(),
    })
}
