//! Remote control of a home's alarm: arm in a mode (`POST /homes/{id}/alarm/arm`), disarm
//! behind the step-up guard (`GET` shows what will happen, `POST` sends it); and, when it went
//! off, the customer's verdict: an intrusion (`POST …/intrusion`) or a false alarm (behind the
//! step-up, `GET`/`POST …/false-alarm`).

use abri_app::AppError;
use abri_domain::alarm::{ArmMode, Command, Verdict};
use abri_domain::ids::HomeId;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::form::CsrfForm;
use super::render;
use crate::error::PageError;
use crate::{Ctx, WebState};

#[derive(Template)]
#[template(path = "alarm_disarm.html")]
struct DisarmPage<'a> {
    ctx: &'a Ctx,
    home_url: String,
    home_label: String,
}

#[derive(Template)]
#[template(path = "alarm_false.html")]
struct FalseAlarmPage<'a> {
    ctx: &'a Ctx,
    home_url: String,
    home_label: String,
}

#[derive(Deserialize)]
pub(crate) struct ArmForm {
    #[serde(default)]
    mode: String,
}

#[derive(Deserialize)]
pub(crate) struct Empty {}

fn home_id(raw: &str) -> Result<HomeId, PageError> {
    raw.parse().map_err(|_| PageError(AppError::NotFound))
}

/// After a command: back to the alarm page, which says it was sent or why not.
async fn answer(
    state: &WebState,
    ctx: &Ctx,
    id: HomeId,
    command: Command,
) -> Result<Response, PageError> {
    let who = ctx.customer()?;
    match state.app.send_command(who, id, command, &ctx.origin).await {
        Ok(()) => Ok(Redirect::to(&format!("/homes/{id}/alarm?done=sent")).into_response()),
        Err(AppError::Invalid(errors)) => {
            let message = errors
                .first()
                .map_or("alarm-command-waiting", |e| e.message);
            let mut response =
                super::alarm::page(state, ctx, id, None, Some(ctx.t(message))).await?;
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(response)
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /homes/{id}/alarm/arm` with `mode` = `away`, `home` or `night`.
pub(crate) async fn arm(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm(ctx, form): CsrfForm<ArmForm>,
) -> Result<Response, PageError> {
    let id = home_id(&id)?;
    let mode = ArmMode::from_word(form.mode.trim()).ok_or(PageError(AppError::NotFound))?;
    answer(&state, &ctx, id, Command::Arm { mode }).await
}

/// `GET /homes/{id}/alarm/disarm` (step-up guarded): what disarming does, and the button.
pub(crate) async fn disarm_form(
    State(state): State<WebState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let who = ctx.customer()?;
    let id = home_id(&id)?;
    let home = state.app.home(who, id).await?.overview.home;
    render(&DisarmPage {
        ctx: &ctx,
        home_url: format!("/homes/{id}"),
        home_label: home.label,
    })
}

/// `POST /homes/{id}/alarm/disarm` (step-up guarded).
pub(crate) async fn disarm(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm(ctx, _): CsrfForm<Empty>,
) -> Result<Response, PageError> {
    let id = home_id(&id)?;
    answer(&state, &ctx, id, Command::Disarm).await
}

async fn judge(
    state: &WebState,
    ctx: &Ctx,
    id: HomeId,
    verdict: Verdict,
) -> Result<Response, PageError> {
    let who = ctx.customer()?;
    match state.app.judge_alarm(who, id, verdict, &ctx.origin).await {
        Ok(()) => Ok(Redirect::to(&format!("/homes/{id}/alarm?done=judged")).into_response()),
        Err(AppError::Invalid(errors)) => {
            let message = errors.first().map_or("alarm-not-triggered", |e| e.message);
            let mut response =
                super::alarm::page(state, ctx, id, None, Some(ctx.t(message))).await?;
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(response)
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /homes/{id}/alarm/intrusion`.
pub(crate) async fn intrusion(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm(ctx, _): CsrfForm<Empty>,
) -> Result<Response, PageError> {
    judge(&state, &ctx, home_id(&id)?, Verdict::Intrusion).await
}

/// `GET /homes/{id}/alarm/false-alarm` (step-up guarded): what reporting it does.
pub(crate) async fn false_alarm_form(
    State(state): State<WebState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let who = ctx.customer()?;
    let id = home_id(&id)?;
    let home = state.app.home(who, id).await?.overview.home;
    render(&FalseAlarmPage {
        ctx: &ctx,
        home_url: format!("/homes/{id}"),
        home_label: home.label,
    })
}

/// `POST /homes/{id}/alarm/false-alarm` (step-up guarded).
pub(crate) async fn false_alarm(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm(ctx, _): CsrfForm<Empty>,
) -> Result<Response, PageError> {
    judge(&state, &ctx, home_id(&id)?, Verdict::FalseAlarm).await
}
