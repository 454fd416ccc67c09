//! The forgotten-password journey: `/password/forgot` (request), `/password/reset/{token}`
//! (the e-mailed link), `/password/reset` (SMS code, then the new password).

use abri_app::AppError;
use abri_app::captcha::Proof;
use abri_app::resets::ResetProgress;
use abri_domain::account::{AccountInputError, LoginIdentifier};
use abri_domain::passwords::{NewPassword, PasswordRefusal};
use abri_domain::resets::ResetStep;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::account::refusal_message;
use super::form::CsrfForm;
use super::render;
use crate::auth::cookies;
use crate::error::PageError;
use crate::{Ctx, WebState};

#[derive(Template)]
#[template(path = "reset_request.html")]
struct RequestPage<'a> {
    ctx: &'a Ctx,
    identifier: String,
    identifier_error: Option<String>,
    captcha_error: Option<String>,
    challenge: String,
    pow_url: String,
}

impl<'a> RequestPage<'a> {
    fn new(ctx: &'a Ctx, state: &WebState, identifier: String) -> Result<Self, PageError> {
        let challenge = state.app.captcha_challenge()?;
        let challenge = serde_json::to_string(&challenge)
            .map_err(|e| PageError(AppError::Internal(e.to_string())))?;
        Ok(Self {
            ctx,
            identifier,
            identifier_error: None,
            captcha_error: None,
            challenge,
            pow_url: crate::assets::url("pow.js"),
        })
    }
}

#[derive(Template)]
#[template(path = "reset_sent.html")]
struct SentPage<'a> {
    ctx: &'a Ctx,
}

#[derive(Template)]
#[template(path = "reset_continue.html")]
struct ContinuePage<'a> {
    ctx: &'a Ctx,
    action: String,
}

#[derive(Template)]
#[template(path = "reset_invalid.html")]
struct InvalidPage<'a> {
    ctx: &'a Ctx,
}

#[derive(Template)]
#[template(path = "reset_code.html")]
struct CodePage<'a> {
    ctx: &'a Ctx,
    phone: String,
    tries_left: i64,
    can_resend: bool,
    code_error: Option<String>,
}

#[derive(Template)]
#[template(path = "reset_password.html")]
struct NewPasswordPage<'a> {
    ctx: &'a Ctx,
    name: String,
    new_error: Option<String>,
    confirm_error: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct RequestForm {
    #[serde(default)]
    identifier: String,
    #[serde(default)]
    altcha: String,
}

/// Reset requests per IP and hour when the form comes without a proof of work (no JavaScript).
const REQUESTS_WITHOUT_PROOF_PER_IP: i64 = 3;

#[derive(Deserialize)]
pub(crate) struct CodeForm {
    #[serde(default)]
    code: String,
}

#[derive(Deserialize)]
pub(crate) struct PasswordForm {
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    new_password_again: String,
}

/// `GET /password/forgot`.
pub(crate) async fn request_form(
    State(state): State<WebState>,
    ctx: Ctx,
) -> Result<Response, PageError> {
    render(&RequestPage::new(&ctx, &state, String::new())?)
}

/// `POST /password/forgot`: the same page whether or not an account matches.
pub(crate) async fn request(
    State(state): State<WebState>,
    CsrfForm(ctx, form): CsrfForm<RequestForm>,
) -> Result<Response, PageError> {
    let kept: String = form.identifier.trim().chars().take(254).collect();
    let identifier = LoginIdentifier::parse(&form.identifier);
    let proof = state.app.check_captcha(&form.altcha).await;
    if identifier.is_err() || proof.is_err() {
        let mut page = RequestPage::new(&ctx, &state, kept)?;
        page.identifier_error = identifier.as_ref().err().map(|e| {
            ctx.t(match e {
                AccountInputError::Missing => "error-required",
                AccountInputError::TooLong => "error-too-long",
                AccountInputError::BadIdentifier => "error-identifier-format",
            })
        });
        page.captcha_error = match &proof {
            Err(AppError::Invalid(errors)) => Some(ctx.t(abri_app::resets::first_message(errors))),
            Err(_) => Some(ctx.t("error-captcha")),
            Ok(_) => None,
        };
        let mut response = render(&page)?;
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(response);
    }
    let (Ok(identifier), Ok(proof)) = (identifier, proof) else {
        return Err(PageError(AppError::Internal(
            "unreachable form state".into(),
        )));
    };
    let limit = match proof {
        Proof::Solved => i64::MAX,
        Proof::Absent => REQUESTS_WITHOUT_PROOF_PER_IP,
    };
    state
        .app
        .request_password_reset(&identifier, &ctx.origin(), limit)
        .await?;
    render(&SentPage { ctx: &ctx })
}

/// `GET /password/reset/{token}`: the e-mailed link. Shows a button and spends nothing, so
/// that a mail scanner fetching the link cannot use it up (and GET never changes state).
pub(crate) async fn link(
    State(state): State<WebState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> Result<Response, PageError> {
    if !state.app.reset_link_is_live(&token).await? {
        return invalid_link(&ctx);
    }
    render(&ContinuePage {
        ctx: &ctx,
        action: format!("/password/reset/{token}"),
    })
}

/// `POST /password/reset/{token}`: exchanges the token for a cookie bound to this browser and
/// goes on without the token in the address bar.
pub(crate) async fn open(
    State(state): State<WebState>,
    Path(token): Path<String>,
    CsrfForm(ctx, _): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, PageError> {
    match state
        .app
        .open_password_reset(&token, ctx.origin().ip.as_deref())
        .await
    {
        Ok(browser) => {
            let mut response = Redirect::to("/password/reset").into_response();
            let name = cookies::reset_name(&state.config);
            cookies::set(
                response.headers_mut(),
                cookies::build(&state.config, name, browser, Some(1800)),
            );
            Ok(response)
        }
        Err(AppError::NotFound) => invalid_link(&ctx),
        Err(other) => Err(other.into()),
    }
}

/// `GET /password/reset`: the step the reset is at.
pub(crate) async fn step(
    State(state): State<WebState>,
    ctx: Ctx,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let browser = reset_cookie(&state, &headers);
    match state.app.reset_progress(&browser).await {
        Ok(progress) => step_page(&ctx, &progress, None),
        Err(AppError::NotFound) => invalid_link(&ctx),
        Err(other) => Err(other.into()),
    }
}

/// `POST /password/reset/code`: the SMS code.
pub(crate) async fn code(
    State(state): State<WebState>,
    headers: HeaderMap,
    CsrfForm(ctx, form): CsrfForm<CodeForm>,
) -> Result<Response, PageError> {
    let browser = reset_cookie(&state, &headers);
    match state.app.check_reset_code(&browser, &form.code).await {
        Ok(()) => Ok(Redirect::to("/password/reset").into_response()),
        Err(AppError::Invalid(errors)) => {
            let message = abri_app::resets::first_message(&errors);
            match state.app.reset_progress(&browser).await {
                Ok(progress) => {
                    let mut response = step_page(&ctx, &progress, Some(ctx.t(message)))?;
                    *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
                    Ok(response)
                }
                Err(AppError::NotFound) => invalid_link(&ctx),
                Err(other) => Err(other.into()),
            }
        }
        Err(AppError::NotFound) => invalid_link(&ctx),
        Err(other) => Err(other.into()),
    }
}

/// `POST /password/reset/code/resend`: a new code replaces the old one.
pub(crate) async fn resend(
    State(state): State<WebState>,
    headers: HeaderMap,
    CsrfForm(ctx, _): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, PageError> {
    let browser = reset_cookie(&state, &headers);
    match state
        .app
        .resend_reset_code(&browser, ctx.origin().ip.as_deref())
        .await
    {
        Ok(()) | Err(AppError::Conflict) => Ok(Redirect::to("/password/reset").into_response()),
        Err(AppError::NotFound) => invalid_link(&ctx),
        Err(other) => Err(other.into()),
    }
}

/// `POST /password/reset`: the new password; on success the customer is signed in.
pub(crate) async fn complete(
    State(state): State<WebState>,
    headers: HeaderMap,
    CsrfForm(ctx, form): CsrfForm<PasswordForm>,
) -> Result<Response, PageError> {
    let browser = reset_cookie(&state, &headers);
    let context = match state.app.reset_password_context(&browser).await {
        Ok(context) => context,
        Err(AppError::NotFound) => return invalid_link(&ctx),
        Err(other) => return Err(other.into()),
    };
    let new = match NewPassword::parse(&form.new_password, &form.new_password_again, &context) {
        Ok(new) => new,
        Err(refusal) => {
            let progress = state.app.reset_progress(&browser).await?;
            let mut page = NewPasswordPage {
                ctx: &ctx,
                name: progress.customer.given_name,
                new_error: None,
                confirm_error: None,
            };
            match refusal {
                PasswordRefusal::Mismatch => {
                    page.confirm_error = Some(ctx.t("error-password-mismatch"))
                }
                other => page.new_error = Some(refusal_message(&ctx, &state, &other)),
            }
            let mut response = render(&page)?;
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            return Ok(response);
        }
    };
    match state
        .app
        .complete_password_reset(&browser, &new, &ctx.origin())
        .await
    {
        Ok(session) => {
            let mut response = Redirect::to("/").into_response();
            let h = response.headers_mut();
            cookies::set(
                h,
                cookies::clear(&state.config, cookies::reset_name(&state.config)),
            );
            let name = cookies::session_name(&state.config);
            cookies::set(h, cookies::build(&state.config, name, session.secret, None));
            Ok(response)
        }
        Err(AppError::NotFound) => invalid_link(&ctx),
        Err(other) => Err(other.into()),
    }
}

fn reset_cookie(state: &WebState, headers: &HeaderMap) -> String {
    cookies::read(headers, cookies::reset_name(&state.config)).unwrap_or_default()
}

fn step_page(
    ctx: &Ctx,
    progress: &ResetProgress,
    code_error: Option<String>,
) -> Result<Response, PageError> {
    match progress.step {
        ResetStep::SmsCode => render(&CodePage {
            ctx,
            phone: progress.masked_phone.clone().unwrap_or_default(),
            tries_left: progress.tries_left,
            can_resend: progress.can_resend,
            code_error,
        }),
        ResetStep::SecondFactor => super::factors::reset_factor_page(ctx, code_error),
        ResetStep::NewPassword => render(&NewPasswordPage {
            ctx,
            name: progress.customer.given_name.clone(),
            new_error: None,
            confirm_error: None,
        }),
    }
}

fn invalid_link(ctx: &Ctx) -> Result<Response, PageError> {
    let mut response = render(&InvalidPage { ctx })?;
    *response.status_mut() = StatusCode::GONE;
    Ok(response)
}
