//! `/homes/{id}`: one home with its contracts and equipment, the customer's name for it and
//! corrections to its street line.

use abri_app::AppError;
use abri_app::homes::HomeDetail;
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
    home: HomeCard<'a>,
    equipment: Vec<EquipmentLine>,
    notice: Option<String>,
    label: String,
    label_error: Option<String>,
    street: String,
    street_error: Option<String>,
    /// Postal code and city, which only a move changes.
    town: String,
    /// The move request form, with this home chosen.
    move_url: String,
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

#[derive(Deserialize)]
pub(crate) struct StreetForm {
    #[serde(default)]
    street: String,
}

fn home_id(raw: &str) -> Result<HomeId, PageError> {
    raw.parse().map_err(|_| PageError(AppError::NotFound))
}

/// The customer's home `id`, as its page shows it.
async fn detail(state: &WebState, ctx: &Ctx, id: HomeId) -> Result<HomeDetail, PageError> {
    Ok(state.app.home(ctx.customer()?, id).await?)
}

fn page<'a>(state: &WebState, ctx: &'a Ctx, detail: &'a HomeDetail) -> HomePage<'a> {
    let id = detail.overview.home.id;
    let home = HomeCard::new(ctx.lang, &detail.overview, state.app.today());
    let equipment = detail
        .equipment
        .iter()
        .map(|e| EquipmentLine::new(ctx.lang, e))
        .collect();
    HomePage {
        ctx,
        label: home.label.to_owned(),
        street: detail.overview.home.address.street.clone(),
        town: format!(
            "{} {}",
            detail.overview.home.address.postal_code, detail.overview.home.address.city
        ),
        move_url: format!("/homes/requests?kind=move&home={id}"),
        home,
        equipment,
        notice: None,
        label_error: None,
        street_error: None,
    }
}

/// `GET /homes/{id}`; an id that is malformed or not the customer's is a 404.
pub(crate) async fn show(
    State(state): State<WebState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(done): Query<Done>,
) -> Result<Response, PageError> {
    let detail = detail(&state, &ctx, home_id(&id)?).await?;
    let mut page = page(&state, &ctx, &detail);
    page.notice = match done.done.as_deref() {
        Some("name") => Some(ctx.t("home-renamed")),
        Some("address") => Some(ctx.t("home-street-corrected")),
        _ => None,
    };
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
            let detail = detail(&state, &ctx, id).await?;
            let mut page = page(&state, &ctx, &detail);
            page.label = form.label.chars().take(200).collect();
            page.label_error = errors.first().map(|e| ctx.t(e.message));
            unprocessable(&page)
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /homes/{id}/address`: corrects the street line; another town is a move request.
pub(crate) async fn correct_street(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm(ctx, form): CsrfForm<StreetForm>,
) -> Result<Response, PageError> {
    let who = ctx.customer()?;
    let id = home_id(&id)?;
    match state
        .app
        .correct_home_street(who, id, &form.street, &ctx.origin())
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!("/homes/{id}?done=address")).into_response()),
        Err(AppError::Invalid(errors)) => {
            let detail = detail(&state, &ctx, id).await?;
            let mut page = page(&state, &ctx, &detail);
            page.street = form.street.chars().take(200).collect();
            page.street_error = errors.first().map(|e| ctx.t(e.message));
            unprocessable(&page)
        }
        Err(other) => Err(other.into()),
    }
}

fn unprocessable(page: &HomePage<'_>) -> Result<Response, PageError> {
    let mut response = render(page)?;
    *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    Ok(response)
}
