//! `/`: one card per home with its contracts.

use askama::Template;
use axum::extract::State;
use axum::response::Response;

use super::render;
use crate::error::PageError;
use crate::views::HomeCard;
use crate::{Ctx, WebState};

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage<'a> {
    ctx: &'a Ctx,
    greeting: String,
    summary: String,
    homes: Vec<HomeCard<'a>>,
}

/// `GET /`.
pub(crate) async fn show(State(state): State<WebState>, ctx: Ctx) -> Result<Response, PageError> {
    let who = ctx.customer()?;
    let overviews = state.app.dashboard(who, &ctx.owned_homes).await?;
    let today = state.app.today();
    let homes: Vec<HomeCard> = overviews
        .iter()
        .map(|o| HomeCard::new(ctx.lang, o, today))
        .collect();
    let contracts: usize = homes.iter().map(|h| h.contracts.len()).sum();
    let summary = abri_app::i18n::t_counts(
        ctx.lang,
        "dashboard-summary",
        &[("homes", homes.len()), ("contracts", contracts)],
    );
    let greeting = ctx.t1("dashboard-greeting", "name", &who.customer.given_name);
    render(&DashboardPage {
        ctx: &ctx,
        greeting,
        summary,
        homes,
    })
}
