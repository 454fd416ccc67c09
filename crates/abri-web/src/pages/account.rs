//! `/account` (contact details, links to security settings) and `/account/password`.

use abri_app::AppError;
use abri_domain::account::{AccountInputError, PasswordAttempt};
use abri_domain::passwords::{NewPassword, PasswordRefusal};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::form::CsrfForm;
use super::render;
use crate::auth::cookies;
use crate::error::PageError;
use crate::{Ctx, WebState};

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage<'a> {
    ctx: &'a Ctx,
    notice: Option<String>,
    /// Each home as (page URL, name, postal address).
    homes: Vec<(String, String, String)>,
}

#[derive(Template)]
#[template(path = "password_change.html")]
struct PasswordPage<'a> {
    ctx: &'a Ctx,
    current_error: Option<String>,
    new_error: Option<String>,
    confirm_error: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct Notice {
    #[serde(default)]
    done: Option<String>,
}

/// The password form's fields.
#[derive(Deserialize)]
pub(crate) struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    new_password_again: String,
}

/// `GET /account`.
pub(crate) async fn show(ctx: Ctx, Query(notice): Query<Notice>) -> Result<Response, PageError> {
    // Signed in, or sent to the sign-in page.
    ctx.customer()?;
    // The context read the customer's homes already.
    let homes = ctx
        .owned_homes
        .iter()
        .map(|(home, _)| {
            let a = &home.address;
            (
                format!("/homes/{}#address-title", home.id),
                home.label.clone(),
                format!("{}, {} {}", a.street, a.postal_code, a.city),
            )
        })
        .collect();
    let notice = match notice.done.as_deref() {
        Some("name") => Some(ctx.t("account-name-changed")),
        Some("password") => Some(ctx.t("account-password-changed")),
        Some("phone") => Some(ctx.t("account-phone-changed")),
        Some("email") => Some(ctx.t("account-email-changed")),
        _ => None,
    };
    render(&AccountPage {
        ctx: &ctx,
        notice,
        homes,
    })
}

/// `GET /account/password`.
pub(crate) async fn form(ctx: Ctx) -> Result<Response, PageError> {
    ctx.customer()?;
    render(&PasswordPage {
        ctx: &ctx,
        current_error: None,
        new_error: None,
        confirm_error: None,
    })
}

/// `POST /account/password`: the current password, then the new one twice under the policy.
/// Passwords are never sent back into the form; each refusal names its field.
pub(crate) async fn change(
    State(state): State<WebState>,
    CsrfForm(ctx, form): CsrfForm<PasswordForm>,
) -> Result<Response, PageError> {
    let who = ctx.customer()?;
    let mut page = PasswordPage {
        ctx: &ctx,
        current_error: None,
        new_error: None,
        confirm_error: None,
    };
    let current = PasswordAttempt::parse(&form.current_password);
    let new = NewPassword::parse(
        &form.new_password,
        &form.new_password_again,
        &state.app.password_context(who),
    );
    if let Err(e) = &current {
        page.current_error = Some(ctx.t(match e {
            AccountInputError::Missing => "error-required",
            _ => "error-current-password-wrong",
        }));
    }
    match &new {
        Err(PasswordRefusal::Mismatch) => {
            page.confirm_error = Some(ctx.t("error-password-mismatch"))
        }
        Err(refusal) => page.new_error = Some(refusal_message(&ctx, &state, refusal)),
        Ok(_) => {}
    }
    let (Ok(current), Ok(new)) = (current, new) else {
        return invalid(&page);
    };
    match state
        .app
        .change_password(who, &current, &new, &ctx.origin())
        .await
    {
        Ok(secret) => {
            let mut response = Redirect::to("/account?done=password").into_response();
            let name = cookies::session_name(&state.config);
            cookies::set(
                response.headers_mut(),
                cookies::build(&state.config, name, secret, None),
            );
            Ok(response)
        }
        Err(AppError::Invalid(errors)) => {
            page.current_error = errors.first().map(|e| ctx.t(e.message));
            invalid(&page)
        }
        Err(other) => Err(other.into()),
    }
}

/// The message for a refused new password, in the page's language.
pub(crate) fn refusal_message(ctx: &Ctx, state: &WebState, refusal: &PasswordRefusal) -> String {
    match refusal {
        PasswordRefusal::Missing => ctx.t("error-required"),
        PasswordRefusal::TooShort => ctx.t("error-password-too-short"),
        PasswordRefusal::TooLong => ctx.t("error-password-too-long"),
        PasswordRefusal::Mismatch => ctx.t("error-password-mismatch"),
        PasswordRefusal::Common => ctx.t("error-password-common"),
        PasswordRefusal::ContainsPersonalWord => {
            ctx.t1("error-password-personal", "brand", &state.app.provider.name)
        }
        PasswordRefusal::TooWeak => ctx.t("error-password-weak"),
    }
}

fn invalid(page: &PasswordPage<'_>) -> Result<Response, PageError> {
    let mut response = render(page)?;
    *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    Ok(response)
}
