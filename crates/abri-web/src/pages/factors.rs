//! Second-factor pages: the sign-in's second step, enrolling and removing the authenticator app,
//! recovery codes (shown once).

use abri_app::AppError;
use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::form::CsrfForm;
use super::render;
use super::sign_in::signed_in_response;
use crate::auth::cookies;
use crate::error::PageError;
use crate::{Ctx, WebState};

#[derive(Template)]
#[template(path = "second_factor.html")]
struct SecondFactorPage<'a> {
    ctx: &'a Ctx,
    action: &'static str,
    title: String,
    code_error: Option<String>,
}

#[derive(Template)]
#[template(path = "totp_enrol.html")]
struct EnrolPage<'a> {
    ctx: &'a Ctx,
    key: String,
    qr_svg: String,
    code_error: Option<String>,
}

#[derive(Template)]
#[template(path = "recovery_codes.html")]
struct CodesPage<'a> {
    ctx: &'a Ctx,
    codes: Vec<String>,
}

/// A form with one code field.
#[derive(Deserialize)]
pub(crate) struct CodeForm {
    #[serde(default)]
    code: String,
}

fn with_status(mut response: Response, status: StatusCode) -> Response {
    *response.status_mut() = status;
    response
}

/// `GET /login/second-factor`.
pub(crate) async fn step(ctx: Ctx) -> Result<Response, PageError> {
    render(&SecondFactorPage {
        ctx: &ctx,
        action: "/login/second-factor",
        title: ctx.t("factor-title"),
        code_error: None,
    })
}

/// `POST /login/second-factor`: the code from the app, or a recovery code.
pub(crate) async fn complete(
    State(state): State<WebState>,
    headers: HeaderMap,
    CsrfForm(ctx, form): CsrfForm<CodeForm>,
) -> Result<Response, PageError> {
    let token = cookies::read(&headers, cookies::pending_name(&state.config)).unwrap_or_default();
    match state
        .app
        .complete_sign_in(&token, &form.code, &ctx.origin)
        .await
    {
        Ok(session) => signed_in_response(&state, &ctx, &headers, session).await,
        Err(AppError::Invalid(errors)) => {
            let message = abri_app::resets::first_message(&errors);
            let page = SecondFactorPage {
                ctx: &ctx,
                action: "/login/second-factor",
                title: ctx.t("factor-title"),
                code_error: Some(ctx.t(message)),
            };
            Ok(with_status(
                render(&page)?,
                StatusCode::UNPROCESSABLE_ENTITY,
            ))
        }
        Err(AppError::NotFound) => Ok(Redirect::to("/login").into_response()),
        Err(other) => Err(other.into()),
    }
}

/// `POST /account/totp/start`: a new secret to enrol.
pub(crate) async fn start(
    State(state): State<WebState>,
    CsrfForm(ctx, _): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, PageError> {
    let who = ctx.customer()?;
    match state.app.start_totp(who).await {
        Ok(()) => Ok(Redirect::to("/account/totp").into_response()),
        Err(AppError::Conflict) => Ok(Redirect::to("/account/security").into_response()),
        Err(other) => Err(other.into()),
    }
}

/// `GET /account/totp`: the QR code, the key in text and the confirmation form.
pub(crate) async fn enrol(State(state): State<WebState>, ctx: Ctx) -> Result<Response, PageError> {
    let who = ctx.customer()?;
    match state.app.totp_enrolment(who).await {
        Ok(e) => render(&EnrolPage {
            ctx: &ctx,
            key: group(&e.key),
            qr_svg: e.qr_svg,
            code_error: None,
        }),
        Err(AppError::NotFound) => Ok(Redirect::to("/account/security").into_response()),
        Err(other) => Err(other.into()),
    }
}

/// `POST /account/totp/confirm`: a code proves the enrolment; the recovery codes are shown once.
pub(crate) async fn confirm(
    State(state): State<WebState>,
    CsrfForm(ctx, form): CsrfForm<CodeForm>,
) -> Result<Response, PageError> {
    let who = ctx.customer()?;
    match state.app.confirm_totp(who, &form.code, &ctx.origin).await {
        Ok(codes) => render(&CodesPage { ctx: &ctx, codes }),
        Err(AppError::Invalid(errors)) => {
            let e = state.app.totp_enrolment(who).await?;
            let message = ctx.t(abri_app::resets::first_message(&errors));
            let page = EnrolPage {
                ctx: &ctx,
                key: group(&e.key),
                qr_svg: e.qr_svg,
                code_error: Some(message),
            };
            Ok(with_status(
                render(&page)?,
                StatusCode::UNPROCESSABLE_ENTITY,
            ))
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /account/totp/remove`: after a fresh code.
pub(crate) async fn remove(
    State(state): State<WebState>,
    CsrfForm(ctx, form): CsrfForm<CodeForm>,
) -> Result<Response, PageError> {
    let who = ctx.customer()?;
    match state.app.remove_totp(who, &form.code, &ctx.origin).await {
        Ok(()) => Ok(Redirect::to("/account/security?done=totp-removed").into_response()),
        Err(AppError::Invalid(_)) => {
            Ok(Redirect::to("/account/security?done=code-refused").into_response())
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /account/recovery-codes`: a new set after a fresh code, shown once.
pub(crate) async fn regenerate(
    State(state): State<WebState>,
    CsrfForm(ctx, form): CsrfForm<CodeForm>,
) -> Result<Response, PageError> {
    let who = ctx.customer()?;
    match state
        .app
        .regenerate_recovery_codes(who, &form.code, &ctx.origin)
        .await
    {
        Ok(codes) => render(&CodesPage { ctx: &ctx, codes }),
        Err(AppError::Invalid(_)) => {
            Ok(Redirect::to("/account/security?done=code-refused").into_response())
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /password/reset/factor`: the reset's second-factor step.
pub(crate) async fn reset_factor(
    State(state): State<WebState>,
    headers: HeaderMap,
    CsrfForm(ctx, form): CsrfForm<CodeForm>,
) -> Result<Response, PageError> {
    let browser = cookies::read(&headers, cookies::reset_name(&state.config)).unwrap_or_default();
    match state
        .app
        .check_reset_factor(&browser, &form.code, &ctx.origin)
        .await
    {
        Ok(()) => Ok(Redirect::to("/password/reset").into_response()),
        Err(AppError::Invalid(errors)) => {
            let message = ctx.t(abri_app::resets::first_message(&errors));
            Ok(with_status(
                reset_factor_page(&ctx, Some(message))?,
                StatusCode::UNPROCESSABLE_ENTITY,
            ))
        }
        Err(other) => Err(other.into()),
    }
}

/// The reset's second-factor step page.
pub(crate) fn reset_factor_page(
    ctx: &Ctx,
    code_error: Option<String>,
) -> Result<Response, PageError> {
    render(&SecondFactorPage {
        ctx,
        action: "/password/reset/factor",
        title: ctx.t("factor-reset-title"),
        code_error,
    })
}

/// `ABCDEFGH…` as `ABCD EFGH …`, easier to type.
fn group(key: &str) -> String {
    key.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}
