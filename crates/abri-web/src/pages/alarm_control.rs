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

/// The step before a disarm or a false-alarm report: what it does, and the button.
#[derive(Template)]
#[template(path = "alarm_confirm.html")]
struct ConfirmPage<'a> {
    ctx: &'a Ctx,
    home_url: String,
    home_label: String,
    title: String,
    intro: String,
    button: String,
    back: String,
    action: String,
}

/// Renders the confirmation step of `what` (`disarm` or `false`: the message ids
/// `alarm-{what}-title`, `-intro`, `-confirm`, `-back`) posting to `action` under the home.
async fn confirm_page(
    state: &WebState,
    ctx: &Ctx,
    raw_id: &str,
    what: &str,
    action: &str,
) -> Result<Response, PageError> {
    let who = ctx.customer()?;
    let id = home_id(raw_id)?;
    let home = state.app.home(who, id).await?.overview.home.into_owned();
    let home_url = format!("/homes/{id}");
    render(&ConfirmPage {
        ctx,
        title: ctx.t(&format!("alarm-{what}-title")),
        intro: ctx.t1(&format!("alarm-{what}-intro"), "home", &home.label),
        button: ctx.t(&format!("alarm-{what}-confirm")),
        back: ctx.t(&format!("alarm-{what}-back")),
        action: format!("{home_url}/alarm/{action}"),
        home_url,
        home_label: home.label,
    })
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

/// After a command or a verdict: back to the alarm page with `?done=…`, or the alarm page
/// again (422) saying why not.
async fn back_to_alarm(
    state: &WebState,
    ctx: &Ctx,
    id: HomeId,
    outcome: Result<(), AppError>,
    done: &str,
) -> Result<Response, PageError> {
    match outcome {
        Ok(()) => Ok(Redirect::to(&format!("/homes/{id}/alarm?done={done}")).into_response()),
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

async fn answer(
    state: &WebState,
    ctx: &Ctx,
    id: HomeId,
    command: Command,
) -> Result<Response, PageError> {
    let who = ctx.customer()?;
    let outcome = state
        .app
        .send_command(who, id, command, &ctx.origin())
        .await;
    back_to_alarm(state, ctx, id, outcome, "sent").await
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
    confirm_page(&state, &ctx, &id, "disarm", "disarm").await
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
    let outcome = state.app.judge_alarm(who, id, verdict, &ctx.origin()).await;
    back_to_alarm(state, ctx, id, outcome, "judged").await
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
    confirm_page(&state, &ctx, &id, "false", "false-alarm").await
}

/// `POST /homes/{id}/alarm/false-alarm` (step-up guarded).
pub(crate) async fn false_alarm(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm(ctx, _): CsrfForm<Empty>,
) -> Result<Response, PageError> {
    judge(&state, &ctx, home_id(&id)?, Verdict::FalseAlarm).await
}
