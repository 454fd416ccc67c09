//! `/contracts/{id}`: guarantees, subscribed and available options.

use abri_domain::contracts::ContractOption;
use abri_domain::ids::ContractId;
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
    contract: ContractLine<'a>,
    start: String,
    home_url: String,
    home_label: String,
    guarantees: Vec<GuaranteeLine>,
    subscribed: Vec<OptionLine>,
    available: Vec<OptionLine>,
    total: String,
    contract_id: String,
    pending_cancellation: Option<String>,
    notice: Option<String>,
    /// Why an option change was refused, shown by the options.
    refusal: Option<String>,
    amendments: Vec<AmendmentLine>,
}

struct AmendmentLine {
    number: String,
    what: String,
    effective: String,
    after: String,
}

#[derive(serde::Deserialize)]
pub(crate) struct Notice {
    #[serde(default)]
    done: Option<String>,
}

/// `GET /contracts/{id}`; an id that is malformed or not the customer's is a 404.
pub(crate) async fn show(
    State(state): State<WebState>,
    ctx: Ctx,
    Path(id): Path<String>,
    axum::extract::Query(notice): axum::extract::Query<Notice>,
) -> Result<Response, PageError> {
    let id = id
        .parse()
        .map_err(|_| PageError(abri_app::AppError::NotFound))?;
    let notice = match notice.done.as_deref() {
        Some("option-added") => Some(ctx.t("contract-option-added")),
        Some("option-removed") => Some(ctx.t("contract-option-removed")),
        Some("cancel-withdrawn") => Some(ctx.t("contract-cancel-withdrawn")),
        _ => None,
    };
    render_page(&state, &ctx, id, notice, None).await
}

/// The contract page with a refused option change (422): the page as it is, and why.
pub(crate) async fn refused(
    state: &WebState,
    ctx: &Ctx,
    id: ContractId,
    message: &str,
) -> Result<Response, PageError> {
    let mut response = render_page(state, ctx, id, None, Some(ctx.t(message))).await?;
    *response.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    Ok(response)
}

async fn render_page(
    state: &WebState,
    ctx: &Ctx,
    id: ContractId,
    notice: Option<String>,
    refusal: Option<String>,
) -> Result<Response, PageError> {
    let who = ctx.customer()?;
    let detail = state.app.contract(who, id).await?;
    let lang = ctx.lang;
    let c = &detail.contract;
    let (subscribed, available): (Vec<_>, Vec<_>) =
        detail.options.iter().partition(|o| o.subscribed);
    let line =
        |o: &&ContractOption| OptionLine::new(lang, &o.code, o.price_per(c.frequency), c.frequency);
    let total = detail
        .options
        .iter()
        .filter(|o| o.subscribed)
        .fold(c.premium, |sum, o| {
            sum.saturating_add(o.price_per(c.frequency))
        });
    let amendments = state
        .app
        .db
        .amendments_of(c.id)
        .await
        .map_err(abri_app::AppError::from)?
        .into_iter()
        .map(|a| AmendmentLine {
            what: ctx.t1(
                &format!("amendment-{}", a.kind),
                "option",
                &a.option_code
                    .map(|code| ctx.t(&format!("option-{code}")))
                    .unwrap_or_default(),
            ),
            number: a.number,
            effective: date(lang, a.effective_date),
            after: crate::views::per_period(lang, a.premium_after, c.frequency),
        })
        .collect();
    let pending_cancellation = state
        .app
        .pending_cancellation(who, c.id)
        .await?
        .map(|p| date(lang, p.effective_date));
    render(&ContractPage {
        ctx,
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
        total: crate::views::per_period(lang, total, c.frequency),
        contract_id: c.id.to_string(),
        pending_cancellation,
        notice,
        refusal,
        amendments,
    })
}
