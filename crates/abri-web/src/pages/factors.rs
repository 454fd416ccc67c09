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
    /// Where SMS codes go, when the customer has that factor (sign-in only).
    sms_to: Option<String>,
    /// A code was just sent.
    notice: Option<String>,
    /// The customer has a passkey (the reset page offers it whenever the script can).
    passkey: bool,
}

#[derive(Template)]
#[template(path = "sms_enrol.html")]
struct SmsEnrolPage<'a> {
    ctx: &'a Ctx,
    phone: String,
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

/// The sign-in's second-step page, with the factors this customer can use.
async fn sign_in_page(
    state: &WebState,
    ctx: &Ctx,
    headers: &HeaderMap,
    code_error: Option<String>,
    notice: Option<String>,
) -> Result<Response, PageError> {
    let token = cookies::read(headers, cookies::pending_name(&state.config)).unwrap_or_default();
    let Ok((sms_to, passkey)) = state.app.second_factor_offers(&token).await else {
        return Ok(Redirect::to("/login").into_response());
    };
    let title = ctx.t("factor-title");
    let action = "/login/second-factor";
    render(&SecondFactorPage {
        ctx,
        action,
        title,
        code_error,
        sms_to,
        notice,
        passkey,
    })
}

/// `GET /login/second-factor`.
pub(crate) async fn step(
    State(state): State<WebState>,
    ctx: Ctx,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    sign_in_page(&state, &ctx, &headers, None, None).await
}

/// `POST /login/second-factor/sms`: sends a code (a resend replaces the previous one).
pub(crate) async fn send_sms(
    State(state): State<WebState>,
    headers: HeaderMap,
    CsrfForm(ctx, _): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, PageError> {
    let token = cookies::read(&headers, cookies::pending_name(&state.config)).unwrap_or_default();
    match state
        .app
        .send_sign_in_code(&token, ctx.origin().ip.as_deref())
        .await
    {
        Ok(to) => {
            let notice = Some(ctx.t1("factor-sms-sent", "phone", &to));
            sign_in_page(&state, &ctx, &headers, None, notice).await
        }
        Err(AppError::RateLimited) => {
            let page =
                sign_in_page(&state, &ctx, &headers, Some(ctx.t("error-sms-quota")), None).await?;
            Ok(with_status(page, StatusCode::TOO_MANY_REQUESTS))
        }
        Err(AppError::NotFound) => Ok(Redirect::to("/login").into_response()),
        Err(other) => Err(other.into()),
    }
}

/// `POST /account/sms/start`: a code to the phone, to turn SMS codes on.
pub(crate) async fn start_sms(
    State(state): State<WebState>,
    CsrfForm(ctx, _): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, PageError> {
    let who = ctx.customer()?;
    match state.app.start_sms_factor(who, &ctx.origin()).await {
        Ok(_) => Ok(Redirect::to("/account/sms").into_response()),
        Err(AppError::RateLimited) => {
            Ok(Redirect::to("/account/security?done=sms-quota").into_response())
        }
        Err(other) => Err(other.into()),
    }
}

/// `GET /account/sms`: the code field.
pub(crate) async fn sms_form(ctx: Ctx) -> Result<Response, PageError> {
    let who = ctx.customer()?;
    let phone = who
        .customer
        .phone
        .as_deref()
        .map(abri_domain::resets::mask_phone)
        .unwrap_or_default();
    render(&SmsEnrolPage {
        ctx: &ctx,
        phone,
        code_error: None,
    })
}

/// `POST /account/sms/confirm`.
pub(crate) async fn confirm_sms(
    State(state): State<WebState>,
    CsrfForm(ctx, form): CsrfForm<CodeForm>,
) -> Result<Response, PageError> {
    let who = ctx.customer()?;
    match state
        .app
        .confirm_sms_factor(who, &form.code, &ctx.origin())
        .await
    {
        Ok(()) => Ok(Redirect::to("/account/security?done=sms-added").into_response()),
        Err(AppError::Invalid(errors)) => {
            let phone = who
                .customer
                .phone
                .as_deref()
                .map(abri_domain::resets::mask_phone)
                .unwrap_or_default();
            let code_error = Some(ctx.t(abri_app::resets::first_message(&errors)));
            let page = SmsEnrolPage {
                ctx: &ctx,
                phone,
                code_error,
            };
            Ok(with_status(
                render(&page)?,
                StatusCode::UNPROCESSABLE_ENTITY,
            ))
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /account/sms/remove`.
pub(crate) async fn remove_sms(
    State(state): State<WebState>,
    CsrfForm(ctx, _): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, PageError> {
    let who = ctx.customer()?;
    state.app.disable_sms_factor(who, &ctx.origin()).await?;
    Ok(Redirect::to("/account/security?done=sms-removed").into_response())
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
        .complete_sign_in(&token, &form.code, &ctx.origin())
        .await
    {
        Ok(session) => signed_in_response(&state, &ctx, &headers, session).await,
        Err(AppError::Invalid(errors)) => {
            let message = ctx.t(abri_app::resets::first_message(&errors));
            let page = sign_in_page(&state, &ctx, &headers, Some(message), None).await?;
            Ok(with_status(page, StatusCode::UNPROCESSABLE_ENTITY))
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
    match state.app.confirm_totp(who, &form.code, &ctx.origin()).await {
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
    match state.app.remove_totp(who, &form.code, &ctx.origin()).await {
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
        .regenerate_recovery_codes(who, &form.code, &ctx.origin())
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
        .check_reset_factor(&browser, &form.code, &ctx.origin())
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
        sms_to: None,
        notice: None,
        passkey: true,
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
