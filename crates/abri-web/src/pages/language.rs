//! `POST /language`: the switch in the header; remembered in a cookie and, when signed in, in
//! the customer's profile.

use abri_domain::Language;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::form::CsrfForm;
use crate::WebState;
use crate::auth::cookies;
use crate::error::PageError;

#[derive(Deserialize)]
pub(crate) struct LanguageForm {
    #[serde(default)]
    lang: String,
    #[serde(default)]
    next: String,
}

/// Sets the language and goes back to the page the visitor was on (a local path only).
pub(crate) async fn switch(
    State(state): State<WebState>,
    CsrfForm(ctx, form): CsrfForm<LanguageForm>,
) -> Result<Response, PageError> {
    let lang: Language = form.lang.parse().unwrap_or(ctx.lang);
    if let Some(who) = &ctx.who {
        state.app.set_language(who, lang).await?;
    }
    let mut response = Redirect::to(local_path(&form.next)).into_response();
    let year = 365 * 24 * 3600;
    cookies::set(
        response.headers_mut(),
        cookies::build(
            &state.config,
            cookies::LANGUAGE,
            lang.code().to_owned(),
            Some(year),
        ),
    );
    Ok(response)
}

/// `next` if it is a path on this site, `/` otherwise (no open redirect).
pub(crate) fn local_path(next: &str) -> &str {
    let local = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && !next.chars().any(|c| c.is_control());
    if local { next } else { "/" }
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(local_path("/contracts/1?x=2"), "/contracts/1?x=2");
        for bad in [
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "",
            "/a\nb",
        ] {
            assert_eq!(local_path(bad), "/", "{bad:?}");
        }
    }
}
