//! `/homes/{id}/alarm/instructions` (behind the step-up guard): the people the monitoring
//! centre calls in order, and the verbal password, shown masked unless asked for.

use std::collections::HashMap;

use abri_app::AppError;
use abri_domain::ids::HomeId;
use abri_domain::instructions::{MAX_CONTACTS, masked};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::form::CsrfForm;
use super::render;
use crate::alarm_views::moment;
use crate::error::PageError;
use crate::{Ctx, WebState};

/// A row of the form as typed.
#[derive(Clone, Debug, Default)]
struct Row {
    name: String,
    phone: String,
    relation: String,
}

#[derive(Template)]
#[template(path = "instructions.html")]
struct InstructionsPage<'a> {
    ctx: &'a Ctx,
    home_url: String,
    home_label: String,
    rows: Vec<Row>,
    verbal_line: Option<String>,
    revealed: Option<String>,
    errors: HashMap<&'static str, String>,
    notice: Option<String>,
}

impl InstructionsPage<'_> {
    fn error(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }
}

#[derive(Deserialize)]
pub(crate) struct Opening {
    #[serde(default)]
    reveal: Option<String>,
    #[serde(default)]
    done: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct VerbalForm {
    #[serde(default)]
    verbal: String,
}

fn home_id(raw: &str) -> Result<HomeId, PageError> {
    raw.parse().map_err(|_| PageError(AppError::NotFound))
}

async fn page<'a>(
    state: &WebState,
    ctx: &'a Ctx,
    id: HomeId,
    reveal: bool,
) -> Result<InstructionsPage<'a>, PageError> {
    let who = ctx.customer()?;
    let home = state.app.home(who, id).await?.overview.home.into_owned();
    let current = state.app.instructions(who, id).await?;
    let mut rows: Vec<Row> = current
        .contacts
        .iter()
        .map(|c| Row {
            name: c.name.clone(),
            phone: c.phone.clone(),
            relation: c.relation.clone(),
        })
        .collect();
    rows.resize(MAX_CONTACTS, Row::default());
    let verbal_line = current.verbal.as_ref().map(|(word, at)| {
        abri_app::i18n::t_args(
            ctx.lang,
            "instructions-verbal-current",
            &[
                ("masked", masked(word)),
                ("count", word.chars().count().to_string()),
                ("date", moment(ctx.lang, *at)),
            ],
        )
    });
    Ok(InstructionsPage {
        ctx,
        home_url: format!("/homes/{id}"),
        home_label: home.label,
        rows,
        verbal_line,
        revealed: current.verbal.filter(|_| reveal).map(|(word, _)| word),
        errors: HashMap::new(),
        notice: None,
    })
}

/// `GET /homes/{id}/alarm/instructions[?reveal=1]`.
pub(crate) async fn show(
    State(state): State<WebState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(opening): Query<Opening>,
) -> Result<Response, PageError> {
    let id = home_id(&id)?;
    let mut page = page(&state, &ctx, id, opening.reveal.is_some()).await?;
    page.notice = match opening.done.as_deref() {
        Some("contacts") => Some(ctx.t("instructions-saved-contacts")),
        Some("verbal") => Some(ctx.t("instructions-saved-verbal")),
        _ => None,
    };
    render(&page)
}

fn refused(
    mut page: InstructionsPage<'_>,
    errors: &[abri_app::FieldError],
) -> Result<Response, PageError> {
    page.errors = errors
        .iter()
        .filter_map(|e| e.field.map(|f| (f, page.ctx.t(e.message))))
        .collect();
    let mut response = render(&page)?;
    *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    Ok(response)
}

/// `POST /homes/{id}/alarm/instructions/contacts`: the whole list, in order.
pub(crate) async fn save_contacts(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm(ctx, form): CsrfForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let who = ctx.customer()?;
    let id = home_id(&id)?;
    let field = |name: &str, n: usize| -> String {
        form.get(&format!("{name}-{n}"))
            .map(|v| v.chars().take(200).collect())
            .unwrap_or_default()
    };
    let typed: Vec<(String, String, String)> = (1..=MAX_CONTACTS)
        .map(|n| (field("name", n), field("phone", n), field("relation", n)))
        .collect();
    match state
        .app
        .save_contacts(who, id, &typed, &ctx.origin())
        .await
    {
        Ok(()) => Ok(
            Redirect::to(&format!("/homes/{id}/alarm/instructions?done=contacts")).into_response(),
        ),
        Err(AppError::Invalid(errors)) => {
            let mut page = page(&state, &ctx, id, false).await?;
            page.rows = typed
                .into_iter()
                .map(|(name, phone, relation)| Row {
                    name,
                    phone,
                    relation,
                })
                .collect();
            refused(page, &errors)
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /homes/{id}/alarm/instructions/verbal`.
pub(crate) async fn save_verbal(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm(ctx, form): CsrfForm<VerbalForm>,
) -> Result<Response, PageError> {
    let who = ctx.customer()?;
    let id = home_id(&id)?;
    match state
        .app
        .set_verbal_password(who, id, &form.verbal, &ctx.origin())
        .await
    {
        Ok(()) => Ok(
            Redirect::to(&format!("/homes/{id}/alarm/instructions?done=verbal")).into_response(),
        ),
        Err(AppError::Invalid(errors)) => {
            let page = page(&state, &ctx, id, false).await?;
            refused(page, &errors)
        }
        Err(other) => Err(other.into()),
    }
}
