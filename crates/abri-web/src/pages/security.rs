//! `/account/security`: active sessions (revoke one, or all others) and sign-in history.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::form::CsrfForm;
use super::render;
use crate::error::PageError;
use crate::views::date_time;
use crate::{Ctx, WebState};

struct SessionLine {
    id: String,
    current: bool,
    device: String,
    ip: String,
    created: String,
    last_seen: String,
}

struct PasskeyLine {
    id: String,
    name: String,
    added: String,
}

struct HistoryLine {
    at: String,
    result: String,
    ok: bool,
    method: String,
    ip: String,
    device: String,
}

#[derive(Template)]
#[template(path = "security.html")]
struct SecurityPage<'a> {
    ctx: &'a Ctx,
    notice: Option<String>,
    has_totp: bool,
    has_sms: bool,
    phone: String,
    codes_left: i64,
    passkeys: Vec<PasskeyLine>,
    sessions: Vec<SessionLine>,
    history: Vec<HistoryLine>,
}

#[derive(Deserialize)]
pub(crate) struct Notice {
    #[serde(default)]
    done: Option<String>,
}

/// `GET /account/security`.
pub(crate) async fn show(
    State(state): State<WebState>,
    ctx: Ctx,
    Query(notice): Query<Notice>,
) -> Result<Response, PageError> {
    let who = ctx.customer()?;
    let overview = state.app.security_overview(who).await?;
    let lang = ctx.lang;
    let sessions = overview
        .sessions
        .into_iter()
        .map(|s| SessionLine {
            id: s.id.to_string(),
            current: s.current,
            device: s.device,
            ip: s.ip,
            created: date_time(lang, s.created_at),
            last_seen: date_time(lang, s.last_seen_at),
        })
        .collect();
    let history = overview
        .history
        .into_iter()
        .map(|e| HistoryLine {
            at: e.at.map(|at| date_time(lang, at)).unwrap_or_default(),
            ok: e.result == "success",
            result: ctx.t(&format!("history-result-{}", e.result)),
            method: ctx.t(&format!(
                "history-method-{}",
                e.method.as_deref().unwrap_or("password").replace('+', "-")
            )),
            ip: e.ip.unwrap_or_default(),
            device: abri_app::security::describe_device(
                e.user_agent.as_deref().unwrap_or_default(),
            ),
        })
        .collect();
    let notice = match notice.done.as_deref() {
        Some("revoked") => Some(ctx.t("security-revoked")),
        Some("others") => Some(ctx.t("security-revoked-others")),
        Some("totp-removed") => Some(ctx.t("security-totp-removed")),
        Some("code-refused") => Some(ctx.t("error-factor-wrong")),
        Some("passkey-added") => Some(ctx.t("passkeys-done")),
        Some("sms-added") => Some(ctx.t("sms-factor-done")),
        Some("sms-removed") => Some(ctx.t("sms-factor-removed")),
        Some("sms-quota") => Some(ctx.t("error-sms-quota")),
        Some("passkey-removed") => Some(ctx.t("passkeys-removed")),
        _ => None,
    };
    let has_totp = state.app.has_totp(&who.customer).await?;
    let codes_left = state.app.recovery_codes_left(who).await?;
    let has_sms = state.app.has_sms_factor(&who.customer).await?;
    let phone = who
        .customer
        .phone
        .as_deref()
        .map(abri_domain::resets::mask_phone)
        .unwrap_or_default();
    let passkeys = state
        .app
        .passkeys(who)
        .await?
        .into_iter()
        .map(|p| PasskeyLine {
            id: p.id.to_string(),
            name: p.name,
            added: ctx.t1("passkeys-added", "date", &date_time(lang, p.created_at)),
        })
        .collect();
    render(&SecurityPage {
        ctx: &ctx,
        notice,
        has_totp,
        has_sms,
        phone,
        codes_left,
        passkeys,
        sessions,
        history,
    })
}

/// `POST /account/sessions/{id}/revoke`: ends one of the customer's sessions.
pub(crate) async fn revoke(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm(ctx, _): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, PageError> {
    let who = ctx.customer()?;
    let id = id
        .parse()
        .map_err(|_| PageError(abri_app::AppError::NotFound))?;
    state.app.revoke_session(who, id, &ctx.origin()).await?;
    Ok(Redirect::to("/account/security?done=revoked").into_response())
}

/// `POST /account/sessions/revoke-others`: ends every other session.
pub(crate) async fn revoke_others(
    State(state): State<WebState>,
    CsrfForm(ctx, _): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, PageError> {
    let who = ctx.customer()?;
    state.app.revoke_other_sessions(who, &ctx.origin()).await?;
    Ok(Redirect::to("/account/security?done=others").into_response())
}
