//! Step-up (SECURITY.md 16): sensitive pages need a fresh proof of identity. `require_fresh` is
//! the one guard laid over those routes; `/account/confirm` renews the proof.

use abri_app::AppError;
use abri_domain::account::PasswordAttempt;
use askama::Template;
use axum::extract::{Query, Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::form::CsrfForm;
use super::language::local_path;
use super::render;
use crate::error::PageError;
use crate::{Ctx, WebState};

/// Lets a request through only when the customer proved who they are within ten minutes;
/// otherwise sends them to confirm, then back to where they were going.
pub(crate) async fn require_fresh(
    State(state): State<WebState>,
    ctx: Ctx,
    req: Request,
    next: Next,
) -> Response {
    let Some(who) = &ctx.who else {
        return Redirect::to("/login").into_response();
    };
    if state.app.is_fresh(who) {
        return next.run(req).await;
    }
    let back = if req.method() == axum::http::Method::GET {
        ctx.path.clone()
    } else {
        "/account/security".into()
    };
    let target = format!("/account/confirm?next={}", encode(&back));
    let wants_json = req
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/json"));
    if wants_json {
        // The page's script follows this to the confirmation page.
        let body = axum::Json(serde_json::json!({ "redirect": target }));
        return (StatusCode::FORBIDDEN, body).into_response();
    }
    Redirect::to(&target).into_response()
}

fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "confirm.html")]
struct ConfirmPage<'a> {
    ctx: &'a Ctx,
    next: String,
    has_totp: bool,
    password_error: Option<String>,
    code_error: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct NextPage {
    #[serde(default)]
    next: String,
}

#[derive(Deserialize)]
pub(crate) struct ConfirmForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    next: String,
}

/// `GET /account/confirm`.
pub(crate) async fn form(
    State(state): State<WebState>,
    ctx: Ctx,
    Query(q): Query<NextPage>,
) -> Result<Response, PageError> {
    let who = ctx.customer()?;
    let has_totp = state.app.has_totp(&who.customer).await?;
    let next = local_path(&q.next).to_owned();
    render(&ConfirmPage {
        ctx: &ctx,
        next,
        has_totp,
        password_error: None,
        code_error: None,
    })
}

/// `POST /account/confirm`: the password (and the app code), then back to the sensitive page.
pub(crate) async fn submit(
    State(state): State<WebState>,
    CsrfForm(ctx, form): CsrfForm<ConfirmForm>,
) -> Result<Response, PageError> {
    let who = ctx.customer()?;
    let next = local_path(&form.next).to_owned();
    let has_totp = state.app.has_totp(&who.customer).await?;
    let mut page = ConfirmPage {
        ctx: &ctx,
        next: next.clone(),
        has_totp,
        password_error: None,
        code_error: None,
    };
    let Ok(password) = PasswordAttempt::parse(&form.password) else {
        page.password_error = Some(ctx.t("error-required"));
        let mut response = render(&page)?;
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(response);
    };
    match state
        .app
        .reconfirm(who, &password, &form.code, &ctx.origin())
        .await
    {
        Ok(()) => Ok(Redirect::to(&next).into_response()),
        Err(AppError::Invalid(errors)) => {
            for e in &errors {
                match e.field {
                    Some("password") => page.password_error = Some(ctx.t(e.message)),
                    _ => page.code_error = Some(ctx.t(e.message)),
                }
            }
            let mut response = render(&page)?;
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(response)
        }
        Err(other) => Err(other.into()),
    }
}
