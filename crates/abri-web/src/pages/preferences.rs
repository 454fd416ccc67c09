//! `/account/preferences`: paperless invoices and, for each class of event, the channels that
//! tell the customer. Works as a plain form: each box is `<class>.<channel>`.

use std::collections::HashMap;

use abri_app::AppError;
use abri_domain::preferences::{Channel, EventClass, Notifications};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::form::CsrfForm;
use super::render;
use crate::error::PageError;
use crate::{Ctx, WebState};

/// One box of the grid.
struct Cell {
    name: String,
    label: String,
    on: bool,
}

/// One row of the grid: a class of events and its three channels.
struct Row {
    id: &'static str,
    title: String,
    cells: Vec<Cell>,
}

#[derive(Template)]
#[template(path = "preferences.html")]
struct PreferencesPage<'a> {
    ctx: &'a Ctx,
    notice: bool,
    paperless: bool,
    channels: Vec<String>,
    rows: Vec<Row>,
    alarm_error: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct Done {
    #[serde(default)]
    done: Option<String>,
}

fn rows(ctx: &Ctx, on: impl Fn(EventClass, Channel) -> bool) -> Vec<Row> {
    EventClass::ALL
        .into_iter()
        .map(|class| {
            let title = ctx.t(&format!("prefs-class-{}", class.word()));
            Row {
                id: class.word(),
                cells: Channel::ALL
                    .into_iter()
                    .map(|channel| Cell {
                        name: format!("{}.{}", class.word(), channel.word()),
                        label: format!(
                            "{title} – {}",
                            ctx.t(&format!("prefs-channel-{}", channel.word()))
                        ),
                        on: on(class, channel),
                    })
                    .collect(),
                title,
            }
        })
        .collect()
}

fn channels(ctx: &Ctx) -> Vec<String> {
    Channel::ALL
        .into_iter()
        .map(|c| ctx.t(&format!("prefs-channel-{}", c.word())))
        .collect()
}

/// `GET /account/preferences`.
pub(crate) async fn show(
    State(state): State<WebState>,
    ctx: Ctx,
    Query(done): Query<Done>,
) -> Result<Response, PageError> {
    let who = ctx.customer()?;
    let prefs = state.app.preferences(who).await?;
    let n: &Notifications = &prefs.notifications;
    render(&PreferencesPage {
        notice: done.done.is_some(),
        paperless: prefs.paperless,
        channels: channels(&ctx),
        rows: rows(&ctx, |class, channel| n.is_on(class, channel)),
        alarm_error: None,
        ctx: &ctx,
    })
}

/// `POST /account/preferences`: the boxes ticked are on, the others off.
pub(crate) async fn save(
    State(state): State<WebState>,
    CsrfForm(ctx, form): CsrfForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let who = ctx.customer()?;
    let ticked: Vec<(EventClass, Channel)> = EventClass::ALL
        .into_iter()
        .flat_map(|class| Channel::ALL.into_iter().map(move |ch| (class, ch)))
        .filter(|(class, ch)| form.contains_key(&format!("{}.{}", class.word(), ch.word())))
        .collect();
    let paperless = form.contains_key("paperless");
    match state
        .app
        .save_preferences(who, paperless, &ticked, &ctx.origin())
        .await
    {
        Ok(()) => Ok(Redirect::to("/account/preferences?done=1").into_response()),
        Err(AppError::Invalid(errors)) => {
            let page = PreferencesPage {
                notice: false,
                paperless,
                channels: channels(&ctx),
                rows: rows(&ctx, |class, ch| ticked.contains(&(class, ch))),
                alarm_error: errors.first().map(|e| ctx.t(e.message)),
                ctx: &ctx,
            };
            let mut response = render(&page)?;
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(response)
        }
        Err(other) => Err(other.into()),
    }
}
