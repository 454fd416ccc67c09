//! `/account/contact`: change the e-mail address or the phone, proven by a code sent to the new
//! contact (behind the step-up guard).

use abri_app::AppError;
use abri_app::contacts::ContactKind;
use abri_domain::account::{AccountInputError, Email, PhoneNumber};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::form::CsrfForm;
use super::render;
use crate::error::PageError;
use crate::{Ctx, WebState};

#[derive(Template)]
#[template(path = "contact.html")]
struct ContactPage<'a> {
    ctx: &'a Ctx,
    email: String,
    phone: String,
    email_error: Option<String>,
    phone_error: Option<String>,
}

#[derive(Template)]
#[template(path = "contact_verify.html")]
struct VerifyPage<'a> {
    ctx: &'a Ctx,
    kind: &'static str,
    target: String,
    code_error: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct ValueForm {
    #[serde(default)]
    value: String,
}

#[derive(Deserialize)]
pub(crate) struct KindQuery {
    #[serde(default)]
    kind: String,
}

#[derive(Deserialize)]
pub(crate) struct VerifyForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    code: String,
}

fn kind_of(word: &str) -> Result<ContactKind, PageError> {
    match word {
        "email" => Ok(ContactKind::Email),
        "phone" => Ok(ContactKind::Phone),
        _ => Err(PageError(AppError::NotFound)),
    }
}

fn unprocessable(response: Response) -> Response {
    let mut response = response;
    *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    response
}

/// `GET /account/contact`.
pub(crate) async fn form(ctx: Ctx) -> Result<Response, PageError> {
    ctx.customer()?;
    render(&ContactPage {
        ctx: &ctx,
        email: String::new(),
        phone: String::new(),
        email_error: None,
        phone_error: None,
    })
}

/// `POST /account/contact/phone`: a code to the new number.
pub(crate) async fn phone(
    State(state): State<WebState>,
    CsrfForm(ctx, form): CsrfForm<ValueForm>,
) -> Result<Response, PageError> {
    let who = ctx.customer()?;
    let typed: String = form.value.trim().chars().take(32).collect();
    let result = match PhoneNumber::parse(&form.value) {
        Ok(phone) => {
            state
                .app
                .start_phone_change(who, &phone, &ctx.origin())
                .await
        }
        Err(AccountInputError::Missing) => Err(AppError::invalid("phone", "error-required")),
        Err(_) => Err(AppError::invalid("phone", "error-phone-format")),
    };
    match result {
        Ok(()) => Ok(Redirect::to("/account/contact/verify?kind=phone").into_response()),
        Err(AppError::Invalid(errors)) => {
            let message = errors.first().map(|e| ctx.t(e.message));
            let page = ContactPage {
                ctx: &ctx,
                email: String::new(),
                phone: typed,
                email_error: None,
                phone_error: message,
            };
            Ok(unprocessable(render(&page)?))
        }
        Err(AppError::RateLimited) => {
            let page = ContactPage {
                ctx: &ctx,
                email: String::new(),
                phone: typed,
                email_error: None,
                phone_error: Some(ctx.t("error-sms-quota")),
            };
            let mut response = render(&page)?;
            *response.status_mut() = StatusCode::TOO_MANY_REQUESTS;
            Ok(response)
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /account/contact/email`: a code to the new address.
pub(crate) async fn email(
    State(state): State<WebState>,
    CsrfForm(ctx, form): CsrfForm<ValueForm>,
) -> Result<Response, PageError> {
    let who = ctx.customer()?;
    let typed: String = form.value.trim().chars().take(254).collect();
    let result = match Email::parse(&form.value) {
        Ok(email) => state.app.start_email_change(who, &email).await,
        Err(AccountInputError::Missing) => Err(AppError::invalid("email", "error-required")),
        Err(_) => Err(AppError::invalid("email", "error-email-format")),
    };
    match result {
        Ok(()) => Ok(Redirect::to("/account/contact/verify?kind=email").into_response()),
        Err(AppError::Invalid(errors)) => {
            let message = errors.first().map(|e| ctx.t(e.message));
            let page = ContactPage {
                ctx: &ctx,
                email: typed,
                phone: String::new(),
                email_error: message,
                phone_error: None,
            };
            Ok(unprocessable(render(&page)?))
        }
        Err(other) => Err(other.into()),
    }
}

/// `GET /account/contact/verify?kind=…`.
pub(crate) async fn verify_form(
    State(state): State<WebState>,
    ctx: Ctx,
    Query(q): Query<KindQuery>,
) -> Result<Response, PageError> {
    let who = ctx.customer()?;
    let kind = kind_of(&q.kind)?;
    let target = state.app.pending_contact_target(who, kind).await?;
    render(&VerifyPage {
        ctx: &ctx,
        kind: kind.word(),
        target,
        code_error: None,
    })
}

/// `POST /account/contact/verify`.
pub(crate) async fn verify(
    State(state): State<WebState>,
    CsrfForm(ctx, form): CsrfForm<VerifyForm>,
) -> Result<Response, PageError> {
    let who = ctx.customer()?;
    let kind = kind_of(&form.kind)?;
    match state
        .app
        .confirm_contact_change(who, kind, &form.code, &ctx.origin())
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!("/account?done={}", kind.word())).into_response()),
        Err(AppError::Invalid(errors)) => {
            let target = state
                .app
                .pending_contact_target(who, kind)
                .await
                .unwrap_or_default();
            let message = errors.first().map(|e| ctx.t(e.message));
            Ok(unprocessable(render(&VerifyPage {
                ctx: &ctx,
                kind: kind.word(),
                target,
                code_error: message,
            })?))
        }
        Err(AppError::Conflict) => {
            let page = ContactPage {
                ctx: &ctx,
                email: String::new(),
                phone: String::new(),
                email_error: Some(ctx.t("error-email-taken")),
                phone_error: None,
            };
            let mut response = render(&page)?;
            *response.status_mut() = StatusCode::CONFLICT;
            Ok(response)
        }
        Err(other) => Err(other.into()),
    }
}
