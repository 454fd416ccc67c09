//! `/homes/{id}/alarm`: the state of a home's alarm, its devices and latest events. A small
//! script keeps it live from `/events`; without JavaScript a reload shows the truth.

use abri_app::AppError;
use abri_domain::ids::HomeId;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;

use super::render;
use crate::alarm_views::{DeviceRow, EventLine, moment, state_label};
use crate::error::PageError;
use crate::{Ctx, WebState, assets};

struct PanelView {
    state: String,
    state_class: &'static str,
    since: String,
    panel: String,
    last_contact: Option<String>,
    devices: Vec<DeviceRow>,
    events: Vec<EventLine>,
    /// The newest event shown: the stream resumes after it.
    last_event: i64,
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
}

/// `GET /homes/{id}/alarm`; another customer's home is a 404.
pub(crate) async fn show(
    State(state): State<WebState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let who = ctx.customer()?;
    let id: HomeId = id.parse().map_err(|_| PageError(AppError::NotFound))?;
    let home = state.app.home(who, id).await?.overview.home;
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
            devices: view
                .devices
                .iter()
                .map(|d| DeviceRow::new(lang, d))
                .collect(),
            last_event: view.events.first().map_or(0, |e| e.id),
            events: view
                .events
                .iter()
                .map(|e| EventLine::new(lang, e))
                .collect(),
        }
    });
    render(&AlarmPage {
        ctx: &ctx,
        home_id: id.to_string(),
        home_url: format!("/homes/{id}"),
        home_label: home.label,
        alarm,
        script_url: assets::url("alarm-live.js"),
    })
}
