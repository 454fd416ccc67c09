//! Passkey endpoints (JSON, for `assets/passkeys.js`): register one, sign in without a password,
//! or prove the second factor of a sign-in or a reset; and the removal form.

use abri_app::AppError;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{FromRequest, Path, Request, State};
use axum::http::HeaderMap;
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use webauthn_rs::prelude::{PublicKeyCredential, RegisterPublicKeyCredential};

use super::form::CsrfForm;
use super::sign_in::signed_in_response;
use crate::auth::cookies;
use crate::error::PageError;
use crate::{Ctx, WebState};

/// A JSON body; anything else is refused with 415 (SECURITY.md 20).
pub(crate) struct JsonBody<T>(pub T);

impl<T: DeserializeOwned> FromRequest<WebState> for JsonBody<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &WebState) -> Result<Self, Response> {
        let is_json = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| ct.starts_with("application/json"));
        if !is_json {
            return Err(StatusCode::UNSUPPORTED_MEDIA_TYPE.into_response());
        }
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(IntoResponse::into_response)?;
        serde_json::from_slice(&bytes)
            .map(Self)
            .map_err(|_| StatusCode::BAD_REQUEST.into_response())
    }
}

#[derive(Deserialize)]
pub(crate) struct Registration {
    ceremony: String,
    #[serde(default)]
    name: String,
    credential: RegisterPublicKeyCredential,
}

#[derive(Deserialize)]
pub(crate) struct Assertion {
    ceremony: String,
    credential: PublicKeyCredential,
}

/// The JSON answer of a failed ceremony, in the page's language.
fn refused(ctx: &Ctx, error: AppError) -> Response {
    match error {
        AppError::Invalid(_) | AppError::NotFound => (
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(serde_json::json!({ "error": ctx.t("error-passkey") })),
        )
            .into_response(),
        AppError::Unavailable => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(serde_json::json!({ "error": ctx.t("error-passkey-off") })),
        )
            .into_response(),
        other => PageError(other).into_response(),
    }
}

fn done(to: &str) -> Json<serde_json::Value> {
    Json(serde_json::json!({ "redirect": to }))
}

/// `POST /account/passkeys/options`.
pub(crate) async fn registration_options(State(state): State<WebState>, ctx: Ctx) -> Response {
    let Some(who) = &ctx.who else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    match state.app.start_passkey_registration(who).await {
        Ok(ceremony) => Json(ceremony).into_response(),
        Err(e) => refused(&ctx, e),
    }
}

/// `POST /account/passkeys`.
pub(crate) async fn register(
    State(state): State<WebState>,
    ctx: Ctx,
    JsonBody(body): JsonBody<Registration>,
) -> Response {
    let Some(who) = &ctx.who else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    match state
        .app
        .finish_passkey_registration(
            who,
            &body.ceremony,
            &body.credential,
            &body.name,
            &ctx.origin(),
        )
        .await
    {
        Ok(()) => done("/account/security?done=passkey-added").into_response(),
        Err(e) => refused(&ctx, e),
    }
}

/// `POST /account/passkeys/{id}/remove`.
pub(crate) async fn remove(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm(ctx, _): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, PageError> {
    let who = ctx.customer()?;
    let id = id.parse().map_err(|_| PageError(AppError::NotFound))?;
    state.app.remove_passkey(who, id, &ctx.origin()).await?;
    Ok(Redirect::to("/account/security?done=passkey-removed").into_response())
}

/// `POST /login/passkey/options`: a sign-in without a password.
pub(crate) async fn sign_in_options(State(state): State<WebState>, ctx: Ctx) -> Response {
    match state.app.start_passkey_sign_in().await {
        Ok(ceremony) => Json(ceremony).into_response(),
        Err(e) => refused(&ctx, e),
    }
}

/// `POST /login/passkey`.
pub(crate) async fn sign_in(
    State(state): State<WebState>,
    ctx: Ctx,
    headers: HeaderMap,
    JsonBody(body): JsonBody<Assertion>,
) -> Response {
    match state
        .app
        .finish_passkey_sign_in(&body.ceremony, &body.credential, &ctx.origin())
        .await
    {
        Ok(session) => with_json(signed_in_response(&state, &ctx, &headers, session).await),
        Err(e) => refused(&ctx, e),
    }
}

/// `POST /login/second-factor/passkey/options`.
pub(crate) async fn factor_options(
    State(state): State<WebState>,
    ctx: Ctx,
    headers: HeaderMap,
) -> Response {
    let token = cookies::read(&headers, cookies::pending_name(&state.config)).unwrap_or_default();
    match state.app.start_sign_in_passkey(&token).await {
        Ok(ceremony) => Json(ceremony).into_response(),
        Err(e) => refused(&ctx, e),
    }
}

/// `POST /login/second-factor/passkey`.
pub(crate) async fn factor(
    State(state): State<WebState>,
    ctx: Ctx,
    headers: HeaderMap,
    JsonBody(body): JsonBody<Assertion>,
) -> Response {
    let token = cookies::read(&headers, cookies::pending_name(&state.config)).unwrap_or_default();
    match state
        .app
        .complete_sign_in_with_passkey(&token, &body.ceremony, &body.credential, &ctx.origin())
        .await
    {
        Ok(session) => with_json(signed_in_response(&state, &ctx, &headers, session).await),
        Err(e) => refused(&ctx, e),
    }
}

/// `POST /password/reset/factor/passkey/options`.
pub(crate) async fn reset_options(
    State(state): State<WebState>,
    ctx: Ctx,
    headers: HeaderMap,
) -> Response {
    let browser = cookies::read(&headers, cookies::reset_name(&state.config)).unwrap_or_default();
    match state.app.start_reset_passkey(&browser).await {
        Ok(ceremony) => Json(ceremony).into_response(),
        Err(e) => refused(&ctx, e),
    }
}

/// `POST /password/reset/factor/passkey`.
pub(crate) async fn reset(
    State(state): State<WebState>,
    ctx: Ctx,
    headers: HeaderMap,
    JsonBody(body): JsonBody<Assertion>,
) -> Response {
    let browser = cookies::read(&headers, cookies::reset_name(&state.config)).unwrap_or_default();
    match state
        .app
        .check_reset_passkey(&browser, &body.ceremony, &body.credential)
        .await
    {
        Ok(()) => done("/password/reset").into_response(),
        Err(e) => refused(&ctx, e),
    }
}

/// A sign-in's redirect response, turned into the JSON the script follows (cookies kept).
fn with_json(response: Result<Response, PageError>) -> Response {
    match response {
        Ok(redirect) => {
            let (parts, _) = redirect.into_parts();
            let mut answer = done("/").into_response();
            for (name, value) in &parts.headers {
                if name == axum::http::header::SET_COOKIE {
                    answer.headers_mut().append(name.clone(), value.clone());
                }
            }
            answer
        }
        Err(e) => e.into_response(),
    }
}
