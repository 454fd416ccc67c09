//! `/homes/{id}/alarm`: the state of a home's alarm, its devices and latest events. A small
//! script keeps it live from `/events`; without JavaScript a reload shows the truth.

use abri_app::AppError;
use abri_app::alarm::PanelCommand;
use abri_domain::alarm::{ArmMode, Command};
use abri_domain::ids::HomeId;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Deserialize;

use super::render;
use crate::alarm_views::{DeviceRow, EventLine, allowed_controls, moment, state_label};
use crate::error::PageError;
use crate::{Ctx, WebState, assets};

struct PanelView {
    state: String,
    state_class: &'static str,
    since: String,
    panel: String,
    last_contact: Option<String>,
    offline: bool,
    devices: Vec<DeviceRow>,
    events: Vec<EventLine>,
    /// The newest event shown: the stream resumes after it.
    last_event: i64,
    /// The latest command and its fate, worded.
    last_command: Option<String>,
    /// The alarm went off: the customer is asked what it is.
    triggered: bool,
    /// What they said of it.
    verdict: Option<String>,
    /// Every arm mode with its label and whether the state allows it now (the others are
    /// hidden, and shown by the script when the state changes).
    controls: Vec<(&'static str, String, bool)>,
    can_disarm: bool,
}

#[derive(Template)]
#[template(path = "alarm.html")]
struct AlarmPage<'a> {
    ctx: &'a Ctx,
    home_id: String,
    home_label: String,
    home_url: String,
    alarm: Option<PanelView>,
    script_url: String,
    notice: Option<String>,
    refusal: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct Done {
    #[serde(default)]
    done: Option<String>,
}

/// `GET /homes/{id}/alarm`; another customer's home is a 404.
pub(crate) async fn show(
    State(state): State<WebState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(done): Query<Done>,
) -> Result<Response, PageError> {
    let id: HomeId = id.parse().map_err(|_| PageError(AppError::NotFound))?;
    let notice = match done.done.as_deref() {
        Some("sent") => Some(ctx.t("alarm-command-sent")),
        Some("judged") => Some(ctx.t("alarm-judged")),
        _ => None,
    };
    page(&state, &ctx, id, notice, None).await
}

/// The alarm page with a notice or a refused command.
pub(crate) async fn page(
    state: &WebState,
    ctx: &Ctx,
    id: HomeId,
    notice: Option<String>,
    refusal: Option<String>,
) -> Result<Response, PageError> {
    let who = ctx.customer()?;
    let home = state.app.home(who, id).await?.overview.home.into_owned();
    let lang = ctx.lang;
    let alarm = state.app.alarm(who, id).await?.map(|view| {
        let p = &view.panel;
        let (label, class) = state_label(lang, p.state);
        PanelView {
            state: label,
            state_class: class,
            since: ctx.t1("alarm-since", "date", &moment(lang, p.state_since)),
            panel: abri_app::i18n::t_args(
                lang,
                "alarm-panel",
                &[
                    ("model", p.model.clone()),
                    ("serial", p.serial.clone()),
                    ("firmware", p.firmware.clone()),
                ],
            ),
            last_contact: p.last_contact_at.map(|at| moment(lang, at)),
            offline: p.offline,
            devices: view
                .devices
                .iter()
                .map(|d| DeviceRow::new(lang, d))
                .collect(),
            last_event: view.events.first().map_or(0, |e| e.id),
            last_command: view.last_command.as_ref().map(|c| command_line(ctx, c)),
            triggered: p.state == abri_domain::alarm::AlarmState::Triggered,
            verdict: view.verdict.map(|(verdict, at)| {
                ctx.t1(
                    &format!("alarm-verdict-{}", verdict.word()),
                    "date",
                    &moment(lang, at),
                )
            }),
            controls: {
                let allowed = allowed_controls(p.state);
                ArmMode::ALL
                    .into_iter()
                    .map(|mode| {
                        let word = mode.word();
                        (
                            word,
                            ctx.t(&format!("alarm-arm-{word}")),
                            allowed.contains(&word),
                        )
                    })
                    .collect()
            },
            can_disarm: allowed_controls(p.state).contains(&"disarm"),
            events: view
                .events
                .iter()
                .map(|e| EventLine::new(lang, e))
                .collect(),
        }
    });
    render(&AlarmPage {
        ctx,
        notice,
        refusal,
        home_id: id.to_string(),
        home_url: format!("/homes/{id}"),
        home_label: home.label,
        alarm,
        script_url: assets::url("alarm-live.js"),
    })
}

fn command_line(ctx: &Ctx, c: &PanelCommand) -> String {
    let what = match c.command {
        Command::Arm { mode } => ctx.t1(
            "alarm-command-arm",
            "mode",
            &ctx.t(&format!("alarm-mode-{}", mode.word())),
        ),
        Command::Disarm => ctx.t("alarm-command-disarm"),
    };
    abri_app::i18n::t_args(
        ctx.lang,
        "alarm-command-line",
        &[
            ("command", what),
            ("date", moment(ctx.lang, c.requested_at)),
            (
                "status",
                ctx.t(&format!("alarm-command-status-{}", c.status)),
            ),
        ],
    )
}
