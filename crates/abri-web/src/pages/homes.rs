//! `/homes/{id}`: one home with its contracts and equipment, and the customer's name for it.

use abri_app::AppError;
use abri_domain::ids::HomeId;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::form::CsrfForm;
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
    notice: bool,
    label: String,
    label_error: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct Done {
    #[serde(default)]
    done: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct LabelForm {
    #[serde(default)]
    label: String,
}

fn home_id(raw: &str) -> Result<HomeId, PageError> {
    raw.parse().map_err(|_| PageError(AppError::NotFound))
}

async fn page<'a>(state: &WebState, ctx: &'a Ctx, id: HomeId) -> Result<HomePage<'a>, PageError> {
    let who = ctx.customer()?;
    let detail = state.app.home(who, id).await?;
    let home = HomeCard::new(ctx.lang, &detail.overview, state.app.today());
    let equipment = detail
        .equipment
        .iter()
        .map(|e| EquipmentLine::new(ctx.lang, e))
        .collect();
    Ok(HomePage {
        ctx,
        label: home.label.clone(),
        home,
        equipment,
        notice: false,
        label_error: None,
    })
}

/// `GET /homes/{id}`; an id that is malformed or not the customer's is a 404.
pub(crate) async fn show(
    State(state): State<WebState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(done): Query<Done>,
) -> Result<Response, PageError> {
    let mut page = page(&state, &ctx, home_id(&id)?).await?;
    page.notice = done.done.is_some();
    render(&page)
}

/// `POST /homes/{id}/name`: the customer's own name for the home.
pub(crate) async fn rename(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm(ctx, form): CsrfForm<LabelForm>,
) -> Result<Response, PageError> {
    let who = ctx.customer()?;
    let id = home_id(&id)?;
    match state.app.rename_home(who, id, &form.label).await {
        Ok(()) => Ok(Redirect::to(&format!("/homes/{id}?done=name")).into_response()),
        Err(AppError::Invalid(errors)) => {
            let mut page = page(&state, &ctx, id).await?;
            page.label = form.label.chars().take(200).collect();
            page.label_error = errors.first().map(|e| ctx.t(e.message));
            let mut response = render(&page)?;
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(response)
        }
        Err(other) => Err(other.into()),
    }
}
