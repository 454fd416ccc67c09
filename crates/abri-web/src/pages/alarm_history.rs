//! `/homes/{id}/alarm/history`: the event history with filters (period, device, type, who) and
//! pages, and `/homes/{id}/alarm/history.csv`, the same selection as a spreadsheet.

use std::collections::HashMap;

use abri_app::AppError;
use abri_app::alarm::{AlarmEvent, HistoryFilter};
use abri_domain::ids::HomeId;
use abri_domain::ingest::{ACTOR_KINDS, EVENT_TYPES, SERVER_EVENT_TYPES};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use time::Date;
use time::macros::format_description;

use super::render;
use crate::alarm_views::EventLine;
use crate::error::PageError;
use crate::{Ctx, WebState};

/// Events per page.
const PAGE: usize = 50;

/// The filters as typed (kept as typed when refused).
#[derive(Clone, Debug, Default, Deserialize)]
pub(crate) struct Typed {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    device: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    who: String,
    #[serde(default)]
    routine: Option<String>,
    #[serde(default)]
    before: Option<i64>,
}

impl Typed {
    /// The query string of these filters (for the next page and the export).
    fn query(&self) -> String {
        let mut pairs = vec![
            ("from", self.from.as_str()),
            ("to", self.to.as_str()),
            ("device", self.device.as_str()),
            ("kind", self.kind.as_str()),
            ("who", self.who.as_str()),
        ];
        if self.routine.is_some() {
            pairs.push(("routine", "1"));
        }
        serde_urlencoded::to_string(
            pairs
                .into_iter()
                .filter(|(_, v)| !v.is_empty())
                .collect::<Vec<_>>(),
        )
        .unwrap_or_default()
    }
}

#[derive(Template)]
#[template(path = "alarm_history.html")]
struct HistoryPage<'a> {
    ctx: &'a Ctx,
    home_url: String,
    home_label: String,
    typed: Typed,
    errors: HashMap<&'static str, String>,
    devices: Vec<(String, String)>,
    kinds: Vec<(&'static str, String)>,
    actors: Vec<(&'static str, String)>,
    events: Vec<EventLine>,
    older: Option<String>,
    newest: Option<String>,
    csv_url: String,
}

impl HistoryPage<'_> {
    fn error(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }
}

fn date(typed: &str) -> Result<Option<Date>, ()> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Ok(None);
    }
    Date::parse(typed, format_description!("[year]-[month]-[day]"))
        .map(Some)
        .map_err(|_| ())
}

/// Parses the filters: each wrong one named, on the field it came from.
fn parse(
    typed: &Typed,
    devices: &[(String, String)],
) -> Result<HistoryFilter, HashMap<&'static str, &'static str>> {
    let mut errors = HashMap::new();
    let from = date(&typed.from)
        .map_err(|()| errors.insert("from", "error-date-format"))
        .ok()
        .flatten();
    let to = date(&typed.to)
        .map_err(|()| errors.insert("to", "error-date-format"))
        .ok()
        .flatten();
    if let (Some(from), Some(to)) = (from, to)
        && to < from
    {
        errors.insert("to", "error-date-order");
    }
    let mut pick = |value: &str, field: &'static str, known: &[&str]| {
        let value = value.trim();
        if value.is_empty() {
            None
        } else if known.contains(&value) {
            Some(value.to_owned())
        } else {
            errors.insert(field, "error-filter-choice");
            None
        }
    };
    let ids: Vec<&str> = devices.iter().map(|(id, _)| id.as_str()).collect();
    let device = pick(&typed.device, "device", &ids);
    let kinds: Vec<&str> = EVENT_TYPES.into_iter().chain(SERVER_EVENT_TYPES).collect();
    let kind = pick(&typed.kind, "kind", &kinds);
    let actor = pick(&typed.who, "who", &ACTOR_KINDS);
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(HistoryFilter {
        from: from.map(|d| d.midnight().assume_utc()),
        until: to
            .and_then(|d| d.next_day())
            .map(|d| d.midnight().assume_utc()),
        device,
        kind,
        actor,
        // A filter on a routine type shows it, whatever the box says.
        routine: typed.routine.is_some()
            || matches!(typed.kind.as_str(), "heartbeat" | "temperature"),
        before: typed.before,
    })
}

/// `GET /homes/{id}/alarm/history`.
pub(crate) async fn show(
    State(state): State<WebState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(typed): Query<Typed>,
) -> Result<Response, PageError> {
    let who = ctx.customer()?;
    let id: HomeId = id.parse().map_err(|_| PageError(AppError::NotFound))?;
    let home = state.app.home(who, id).await?.overview.home.into_owned();
    let devices: Vec<(String, String)> = state
        .app
        .alarm_devices(who, id)
        .await?
        .into_iter()
        .map(|d| (d.external_id, d.label))
        .collect();
    let home_url = format!("/homes/{id}");
    let lang = ctx.lang;
    let mut page = HistoryPage {
        ctx: &ctx,
        csv_url: format!("{home_url}/alarm/history.csv?{}", typed.query()),
        home_url,
        home_label: home.label,
        errors: HashMap::new(),
        kinds: EVENT_TYPES
            .into_iter()
            .chain(SERVER_EVENT_TYPES)
            .map(|k| (k, ctx.t(&format!("alarm-kind-{k}"))))
            .collect(),
        actors: ACTOR_KINDS
            .into_iter()
            .map(|k| (k, ctx.t(&format!("alarm-who-{k}"))))
            .collect(),
        devices,
        events: Vec::new(),
        older: None,
        newest: None,
        typed,
    };
    match parse(&page.typed, &page.devices) {
        Ok(filter) => {
            let events = state.app.alarm_history(who, id, &filter, PAGE + 1).await?;
            let more = events.len() > PAGE;
            let shown: Vec<&AlarmEvent> = events.iter().take(PAGE).collect();
            let query = page.typed.query();
            let base = format!("{}/alarm/history", page.home_url);
            let joiner = if query.is_empty() { "" } else { "&" };
            page.older = shown
                .last()
                .filter(|_| more)
                .map(|e| format!("{base}?{query}{joiner}before={}", e.id));
            page.newest = filter.before.map(|_| format!("{base}?{query}"));
            page.events = shown.into_iter().map(|e| EventLine::new(lang, e)).collect();
            render(&page)
        }
        Err(errors) => {
            page.errors = errors.into_iter().map(|(f, m)| (f, ctx.t(m))).collect();
            let mut response = render(&page)?;
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(response)
        }
    }
}

/// `GET /homes/{id}/alarm/history.csv`: the selection, newest first, one event per row.
pub(crate) async fn csv(
    State(state): State<WebState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(typed): Query<Typed>,
) -> Result<Response, PageError> {
    let who = ctx.customer()?;
    let id: HomeId = id.parse().map_err(|_| PageError(AppError::NotFound))?;
    let devices: Vec<(String, String)> = state
        .app
        .alarm_devices(who, id)
        .await?
        .into_iter()
        .map(|d| (d.external_id, d.label))
        .collect();
    let filter = parse(&typed, &devices).map_err(|e| {
        PageError(AppError::Invalid(
            e.into_iter()
                .map(|(f, m)| abri_app::FieldError::on(f, m))
                .collect(),
        ))
    })?;
    let events = state
        .app
        .alarm_export(
            who,
            id,
            &HistoryFilter {
                before: None,
                ..filter
            },
        )
        .await?;
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header = [
        "csv-at",
        "csv-event",
        "csv-description",
        "csv-device",
        "csv-place",
        "csv-state",
        "csv-who",
        "csv-value",
    ]
    .map(|k| ctx.t(k));
    let row = |e: &AlarmEvent| {
        let line = EventLine::new(ctx.lang, e);
        [
            e.occurred_at
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default(),
            e.kind.clone(),
            line.text,
            e.device.clone().unwrap_or_default(),
            e.device_label.clone().unwrap_or_default(),
            e.state.clone().unwrap_or_default(),
            e.actor_user
                .clone()
                .or_else(|| e.actor_kind.clone())
                .unwrap_or_default(),
            e.value.map(|v| v.to_string()).unwrap_or_default(),
        ]
        .map(|cell| inert(&cell))
    };
    let written = writer
        .write_record(&header)
        .and_then(|()| events.iter().try_for_each(|e| writer.write_record(row(e))));
    let body = written
        .map_err(|e| e.to_string())
        .and_then(|()| writer.into_inner().map_err(|e| e.to_string()))
        .map_err(|e| PageError(AppError::Internal(e)))?;
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"alarme-{id}.csv\""),
            ),
        ],
        body,
    )
        .into_response())
}

/// A cell a spreadsheet will not run: text starting like a formula gets a leading apostrophe.
fn inert(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}
