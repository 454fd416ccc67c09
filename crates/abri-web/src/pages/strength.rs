//! `POST /password/strength` (JSON): the live strength meter's question, answered by the same
//! policy that decides on submission. Nothing is stored or logged.

use abri_domain::passwords::{NewPassword, PasswordContext, PasswordRefusal, strength};
use axum::Json;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use super::account::refusal_message;
use crate::auth::cookies;
use crate::{Ctx, WebState};

#[derive(Deserialize)]
pub(crate) struct Question {
    #[serde(default)]
    password: String,
}

#[derive(Serialize)]
struct Answer {
    /// zxcvbn score, 0 to 4.
    score: u8,
    /// Whether the policy accepts it.
    accepted: bool,
    /// What to show under the field.
    message: String,
}

/// Scores a candidate password for the signed-in customer or the reset in progress.
pub(crate) async fn check(
    State(state): State<WebState>,
    ctx: Ctx,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let is_json = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/json"));
    if !is_json {
        return StatusCode::UNSUPPORTED_MEDIA_TYPE.into_response();
    }
    let Ok(question) = serde_json::from_slice::<Question>(&body) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let context = match &ctx.who {
        Some(who) => state.app.password_context(who),
        None => {
            let browser =
                cookies::read(&headers, cookies::reset_name(&state.config)).unwrap_or_default();
            state
                .app
                .reset_password_context(&browser)
                .await
                .unwrap_or_else(|_| PasswordContext::default())
        }
    };
    let verdict = NewPassword::parse(&question.password, &question.password, &context);
    let score = if question.password.is_empty() {
        0
    } else {
        strength(&question.password, &context)
    };
    let answer = match verdict {
        Ok(_) => Answer {
            score: score.max(3),
            accepted: true,
            message: ctx.t("password-meter-ok"),
        },
        Err(refusal) => Answer {
            score: if matches!(
                refusal,
                PasswordRefusal::Common | PasswordRefusal::ContainsPersonalWord
            ) {
                0
            } else {
                score.min(2)
            },
            accepted: false,
            message: refusal_message(&ctx, &state, &refusal),
        },
    };
    Json(answer).into_response()
}
