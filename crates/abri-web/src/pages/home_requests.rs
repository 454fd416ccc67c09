//! `/homes/requests`: ask staff to protect a new home or to move one, and follow the requests.

use std::collections::HashMap;

use abri_app::AppError;
use abri_app::home_requests::HomeRequestForm;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::form::CsrfForm;
use super::render;
use crate::error::PageError;
use crate::{Ctx, WebState};

/// A request as the list shows it.
struct RequestLine {
    kind: String,
    address: String,
    wished: String,
    made: String,
    status: String,
}

#[derive(Template)]
#[template(path = "home_requests.html")]
struct RequestsPage<'a> {
    ctx: &'a Ctx,
    notice: bool,
    homes: Vec<(String, String)>,
    requests: Vec<RequestLine>,
    form: Fields,
    errors: HashMap<&'static str, String>,
}

impl RequestsPage<'_> {
    fn error(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }
}

/// The form's fields, sent back as typed after an error.
#[derive(Clone, Default, Deserialize)]
pub(crate) struct Fields {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    home: String,
    #[serde(default)]
    street: String,
    #[serde(default)]
    postal_code: String,
    #[serde(default)]
    city: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    note: String,
}

/// `?done=1` after a request; `?kind=move&home=<id>` to open the form on a move of that home.
#[derive(Deserialize)]
pub(crate) struct Opening {
    #[serde(default)]
    done: Option<String>,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    home: Option<String>,
}

async fn page<'a>(
    state: &WebState,
    ctx: &'a Ctx,
    form: Fields,
) -> Result<RequestsPage<'a>, PageError> {
    let who = ctx.customer()?;
    // The context read the customer's homes already.
    let homes = ctx
        .owned_homes
        .iter()
        .map(|(home, _)| (home.id.to_string(), home.label.clone()))
        .collect();
    let lang = ctx.lang;
    let requests = state
        .app
        .home_requests(who)
        .await?
        .into_iter()
        .map(|r| RequestLine {
            kind: ctx.t(&format!("home-request-kind-{}", r.kind)),
            address: format!(
                "{}, {} {}",
                r.address.street, r.address.postal_code, r.address.city
            ),
            wished: abri_app::i18n::date(lang, r.wished_date),
            made: abri_app::i18n::date_time(lang, r.created_at),
            status: ctx.t(&format!("home-request-status-{}", r.status)),
        })
        .collect();
    Ok(RequestsPage {
        ctx,
        notice: false,
        homes,
        requests,
        form,
        errors: HashMap::new(),
    })
}

/// `GET /homes/requests`.
pub(crate) async fn show(
    State(state): State<WebState>,
    ctx: Ctx,
    Query(opening): Query<Opening>,
) -> Result<Response, PageError> {
    let kind = match opening.kind.as_deref() {
        Some("move") => "move",
        _ => "new_home",
    };
    let form = Fields {
        kind: kind.into(),
        home: opening.home.unwrap_or_default(),
        ..Fields::default()
    };
    let mut page = page(&state, &ctx, form).await?;
    page.notice = opening.done.is_some();
    render(&page)
}

/// `POST /homes/requests`.
pub(crate) async fn submit(
    State(state): State<WebState>,
    CsrfForm(ctx, fields): CsrfForm<Fields>,
) -> Result<Response, PageError> {
    let who = ctx.customer()?;
    let form = HomeRequestForm {
        kind: fields.kind.clone(),
        home: fields.home.clone(),
        street: fields.street.clone(),
        postal_code: fields.postal_code.clone(),
        city: fields.city.clone(),
        date: fields.date.clone(),
        note: fields.note.clone(),
    };
    match state.app.request_home(who, &form, &ctx.origin()).await {
        Ok(_) => Ok(Redirect::to("/homes/requests?done=1").into_response()),
        Err(AppError::Invalid(errors)) => {
            let mut page = page(&state, &ctx, fields).await?;
            for e in errors {
                page.errors
                    .insert(e.field.unwrap_or("kind"), ctx.t(e.message));
            }
            let mut response = render(&page)?;
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(response)
        }
        Err(other) => Err(other.into()),
    }
}
