//! `CsrfForm<T>`: a URL-encoded form whose synchronizer token has been checked against the
//! visitor. Every state-changing page handler takes its body through it.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::{Ctx, WebState};

/// A checked form and the page context of its request.
pub(crate) struct CsrfForm<T>(pub Ctx, pub T);

/// Why a form was not accepted.
pub(crate) enum FormRejection<T> {
    /// The token is missing or not this visitor's (an expired page, or a forged request). The
    /// form is kept so that a handler can show it again with what was typed.
    BadToken(Box<Ctx>, T),
    /// Not a readable form at all.
    Unreadable(Response),
}

impl<T> IntoResponse for FormRejection<T> {
    fn into_response(self) -> Response {
        match self {
            Self::BadToken(..) => StatusCode::FORBIDDEN.into_response(),
            Self::Unreadable(response) => response,
        }
    }
}

#[derive(Deserialize)]
struct TokenField {
    #[serde(default)]
    csrf: String,
}

impl<T: DeserializeOwned> FromRequest<WebState> for CsrfForm<T> {
    type Rejection = FormRejection<T>;

    async fn from_request(req: Request, state: &WebState) -> Result<Self, FormRejection<T>> {
        let unreadable = |status: StatusCode| FormRejection::Unreadable(status.into_response());
        let (mut parts, body) = req.into_parts();
        let ctx = Ctx::from_request_parts(&mut parts, state)
            .await
            .map_err(|e| FormRejection::Unreadable(e.into_response()))?;
        let is_form = parts
            .headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| ct.starts_with("application/x-www-form-urlencoded"));
        if !is_form {
            return Err(unreadable(StatusCode::UNSUPPORTED_MEDIA_TYPE));
        }
        let req = Request::from_parts(parts, body);
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|e| FormRejection::Unreadable(e.into_response()))?;
        let token: TokenField = serde_urlencoded::from_bytes(&bytes)
            .map_err(|_| unreadable(StatusCode::BAD_REQUEST))?;
        let form = serde_urlencoded::from_bytes(&bytes)
            .map_err(|_| unreadable(StatusCode::BAD_REQUEST))?;
        if !ctx.csrf_ok(&state.csrf, &token.csrf) {
            return Err(FormRejection::BadToken(Box::new(ctx), form));
        }
        Ok(Self(ctx, form))
    }
}
