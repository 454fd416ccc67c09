//! `/login` (form and submission) and `/logout`.

use abri_app::auth::{NewSession, SIGN_IN_FAILED, SignInOutcome};
use abri_app::captcha::Proof;
use abri_app::{AppError, FieldError};
use abri_domain::account::{AccountInputError, LoginIdentifier, PasswordAttempt};
use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::form::{CsrfForm, FormRejection};
use super::render;
use crate::auth::cookies;
use crate::error::PageError;
use crate::{Ctx, WebState};

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage<'a> {
    ctx: &'a Ctx,
    identifier: String,
    identifier_error: Option<String>,
    password_error: Option<String>,
    form_error: Option<String>,
    captcha_error: Option<String>,
    challenge: String,
    pow_url: String,
}

impl<'a> SignInPage<'a> {
    /// The empty form, with a fresh proof-of-work challenge for the page's script to solve.
    fn new(ctx: &'a Ctx, state: &WebState) -> Result<Self, PageError> {
        let challenge = serde_json::to_string(&state.app.captcha_challenge()?)
            .map_err(|e| PageError(AppError::Internal(e.to_string())))?;
        Ok(Self {
            ctx,
            identifier: String::new(),
            identifier_error: None,
            password_error: None,
            form_error: None,
            captcha_error: None,
            challenge,
            pow_url: crate::assets::url("pow.js"),
        })
    }
}

/// The fields of the sign-in form, as typed.
#[derive(Deserialize)]
pub(crate) struct SignInForm {
    #[serde(default)]
    identifier: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    altcha: String,
}

/// `GET /login`: the form, or the dashboard for someone already signed in.
pub(crate) async fn form(State(state): State<WebState>, ctx: Ctx) -> Result<Response, PageError> {
    if ctx.who.is_some() {
        return Ok(Redirect::to("/").into_response());
    }
    render(&SignInPage::new(&ctx, &state)?)
}

/// `POST /login`: checks the credentials; on success a new session cookie and the dashboard,
/// otherwise the same form with the identifier kept and one message for every failure. A form
/// whose CSRF token is stale is refused (403) but shown again with what was typed.
pub(crate) async fn submit(
    State(state): State<WebState>,
    headers: HeaderMap,
    form: Result<CsrfForm<SignInForm>, FormRejection<SignInForm>>,
) -> Result<Response, PageError> {
    let (ctx, form) = match form {
        Ok(CsrfForm(ctx, form)) => (ctx, form),
        Err(FormRejection::BadToken(ctx, form)) => {
            let page = SignInPage {
                identifier: kept(&form.identifier),
                form_error: Some(ctx.t("error-form-expired")),
                ..SignInPage::new(&ctx, &state)?
            };
            let mut response = render(&page)?;
            *response.status_mut() = StatusCode::FORBIDDEN;
            return Ok(response);
        }
        Err(FormRejection::Unreadable(response)) => return Ok(response),
    };
    let identifier = LoginIdentifier::parse(&form.identifier);
    let password = PasswordAttempt::parse(&form.password);
    let mut page = SignInPage {
        identifier: kept(&form.identifier),
        ..SignInPage::new(&ctx, &state)?
    };
    if identifier.is_err() || password.is_err() {
        page.identifier_error = identifier
            .as_ref()
            .err()
            .map(|e| ctx.t(identifier_message(*e)));
        page.password_error = password.as_ref().err().map(|e| ctx.t(password_message(*e)));
        return invalid(&page);
    }
    let (Ok(identifier), Ok(password)) = (identifier, password) else {
        return invalid(&page);
    };
    // A forged or replayed solution counts as none.
    let proof = state
        .app
        .check_captcha(&form.altcha)
        .await
        .unwrap_or(Proof::Absent);
    match state
        .app
        .sign_in(&identifier, &password, &ctx.origin(), proof)
        .await
    {
        Ok(SignInOutcome::Session(session)) => {
            if let Some(previous) = &ctx.who {
                state.app.sign_out(previous, &ctx.origin()).await?;
            }
            signed_in_response(&state, &ctx, &headers, session).await
        }
        Ok(SignInOutcome::SecondFactor { token }) => {
            let mut response = Redirect::to("/login/second-factor").into_response();
            let name = cookies::pending_name(&state.config);
            cookies::set(
                response.headers_mut(),
                cookies::build(&state.config, name, token, Some(300)),
            );
            Ok(response)
        }
        Err(AppError::Invalid(errors)) => {
            page.form_error = errors
                .iter()
                .find(|e: &&FieldError| e.field.is_none())
                .map(|e| ctx.t(e.message))
                .or_else(|| Some(ctx.t(SIGN_IN_FAILED)));
            page.captcha_error = errors
                .iter()
                .find(|e| e.field == Some("altcha"))
                .map(|e| ctx.t(e.message));
            invalid(&page)
        }
        Err(AppError::Unavailable) => {
            page.form_error = Some(ctx.t("error-busy"));
            let mut response = render(&page)?;
            *response.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                HeaderValue::from_static("1"),
            );
            Ok(response)
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /logout`: ends the session server-side and clears the cookie.
pub(crate) async fn sign_out(
    State(state): State<WebState>,
    CsrfForm(ctx, _): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, PageError> {
    if let Some(who) = &ctx.who {
        state.app.sign_out(who, &ctx.origin()).await?;
    }
    let mut response = Redirect::to("/login").into_response();
    let name = cookies::session_name(&state.config);
    cookies::set(response.headers_mut(), cookies::clear(&state.config, name));
    Ok(response)
}

/// The end of every sign-in: the session cookie, the device check (a new device is e-mailed),
/// and the dashboard.
pub(crate) async fn signed_in_response(
    state: &WebState,
    ctx: &Ctx,
    headers: &HeaderMap,
    session: NewSession,
) -> Result<Response, PageError> {
    let mut response = Redirect::to("/").into_response();
    let device_cookie = cookies::device_name(&state.config);
    let known = cookies::read(headers, device_cookie);
    let device = state
        .app
        .check_device(&session.customer, known.as_deref(), &ctx.origin())
        .await?;
    let h = response.headers_mut();
    let name = cookies::session_name(&state.config);
    cookies::set(h, cookies::build(&state.config, name, session.secret, None));
    cookies::set(
        h,
        cookies::build(&state.config, device_cookie, device, Some(400 * 24 * 3600)),
    );
    cookies::set(
        h,
        cookies::clear(&state.config, cookies::pending_name(&state.config)),
    );
    Ok(response)
}

fn invalid(page: &SignInPage<'_>) -> Result<Response, PageError> {
    let mut response = render(page)?;
    *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    Ok(response)
}

/// What the visitor typed as identifier, bounded, to put back in the form.
fn kept(identifier: &str) -> String {
    identifier.trim().chars().take(254).collect()
}

fn identifier_message(e: AccountInputError) -> &'static str {
    match e {
        AccountInputError::Missing => "error-required",
        AccountInputError::BadIdentifier => "error-identifier-format",
        AccountInputError::TooLong => "error-too-long",
    }
}

fn password_message(e: AccountInputError) -> &'static str {
    match e {
        AccountInputError::Missing => "error-required",
        AccountInputError::TooLong => "error-password-too-long",
        AccountInputError::BadIdentifier => "error-sign-in-failed",
    }
}
