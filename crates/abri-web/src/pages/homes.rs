//! `/homes/{id}`: one home with its contracts and equipment.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;

use super::render;
use crate::error::PageError;
use crate::views::{EquipmentLine, HomeCard};
use crate::{Ctx, WebState};

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage<'a> {
    ctx: &'a Ctx,
    home: HomeCard,
    equipment: Vec<EquipmentLine>,
}

/// `GET /homes/{id}`; an id that is malformed or not the customer's is a 404.
pub(crate) async fn show(
    State(state): State<WebState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let who = ctx.customer()?;
    let id = id
        .parse()
        .map_err(|_| PageError(abri_app::AppError::NotFound))?;
    let detail = state.app.home(who, id).await?;
    let home = HomeCard::new(ctx.lang, &detail.overview, state.app.today());
    let equipment = detail
        .equipment
        .iter()
        .map(|e| EquipmentLine::new(ctx.lang, e))
        .collect();
    render(&HomePage {
        ctx: &ctx,
        home,
        equipment,
    })
}
