//! `/account/name`: the customer's given and family names.

use abri_app::AppError;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::form::CsrfForm;
use super::render;
use crate::error::PageError;
use crate::{Ctx, WebState};

#[derive(Template)]
#[template(path = "name.html")]
struct NamePage<'a> {
    ctx: &'a Ctx,
    given_name: String,
    family_name: String,
    given_error: Option<String>,
    family_error: Option<String>,
}

/// The name form's fields.
#[derive(Deserialize)]
pub(crate) struct NameForm {
    #[serde(default)]
    given_name: String,
    #[serde(default)]
    family_name: String,
}

fn kept(typed: &str) -> String {
    typed.chars().take(200).collect()
}

/// `GET /account/name`, filled with the current name.
pub(crate) async fn form(ctx: Ctx) -> Result<Response, PageError> {
    let who = ctx.customer()?;
    render(&NamePage {
        ctx: &ctx,
        given_name: who.customer.given_name.clone(),
        family_name: who.customer.family_name.clone(),
        given_error: None,
        family_error: None,
    })
}

/// `POST /account/name`: each refused part is named, what was typed is kept, nothing changes.
pub(crate) async fn change(
    State(state): State<WebState>,
    CsrfForm(ctx, form): CsrfForm<NameForm>,
) -> Result<Response, PageError> {
    let who = ctx.customer()?;
    match state
        .app
        .change_name(who, &form.given_name, &form.family_name, &ctx.origin())
        .await
    {
        Ok(()) => Ok(Redirect::to("/account?done=name").into_response()),
        Err(AppError::Invalid(errors)) => {
            let on = |field: &str| {
                errors
                    .iter()
                    .find(|e| e.field == Some(field))
                    .map(|e| ctx.t(e.message))
            };
            let mut response = render(&NamePage {
                ctx: &ctx,
                given_name: kept(&form.given_name),
                family_name: kept(&form.family_name),
                given_error: on("given_name"),
                family_error: on("family_name"),
            })?;
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(response)
        }
        Err(other) => Err(other.into()),
    }
}
