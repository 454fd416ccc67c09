//! `Ctx`: what every page knows about the request — language, signed-in customer, CSRF token,
//! request id — extracted once per request.

use std::borrow::Cow;
use std::sync::{Arc, LazyLock};

use abri_app::auth::SessionOrigin;
use abri_app::auth::SignedIn;
use abri_domain::Language;
use abri_domain::alarm::AlarmState;
use abri_domain::homes::Home;
use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::header::{ACCEPT_LANGUAGE, USER_AGENT};
use axum::http::request::Parts;

use crate::auth::{cookies, csrf};
use crate::error::PageError;
use crate::frame::RequestInfo;
use crate::{WebState, assets};
use abri_app::i18n;

/// One home in the layout's switcher.
#[derive(Clone, Debug)]
pub struct HomeLink {
    /// `/homes/{id}`.
    pub url: String,
    /// The customer's name for it.
    pub label: String,
}

/// The request as pages see it: built once per request, shared (not copied) by the extractor,
/// the handler and the layers around it (BENCHMARKS.md B5).
#[derive(Clone, Debug)]
pub struct Ctx(pub(crate) Arc<CtxData>);

impl std::ops::Deref for Ctx {
    type Target = CtxData;

    fn deref(&self) -> &CtxData {
        &self.0
    }
}

/// What a [`Ctx`] holds.
#[derive(Debug)]
pub struct CtxData {
    /// Interface language.
    pub lang: Language,
    /// This request's id, shown on error pages.
    pub request_id: String,
    /// Provider's brand name.
    pub provider: Arc<str>,
    /// Provider's support phone, its spaces unbreakable.
    pub support_phone: Arc<str>,
    /// The signed-in customer, if any.
    pub who: Option<SignedIn>,
    /// The customer's homes, for the switcher in the layout.
    pub homes: Vec<HomeLink>,
    /// The same homes as read, with their alarm's state: the dashboard shows them without
    /// reading them again (BENCHMARKS.md B5).
    pub(crate) owned_homes: Arc<[(Home, Option<AlarmState>)]>,
    /// The CSRF token every form of this page carries.
    pub csrf: String,
    /// Path and query of this page (where the language switch comes back to).
    pub path: String,
    /// IP and browser, for sessions and audit.
    pub origin: SessionOrigin,
    /// Hashed stylesheet URL.
    pub style_url: &'static str,
    /// Hashed URL of the password strength meter script.
    pub meter_url: &'static str,
    /// Hashed URL of the passkeys script.
    pub passkeys_url: &'static str,
    binding: String,
}

impl CtxData {
    /// A message in the page's language (called from templates).
    #[must_use]
    pub fn t(&self, key: &str) -> String {
        i18n::t(self.lang, key)
    }

    /// The same, borrowed when it takes no argument: what templates call, dozens of times a
    /// page, to write it out at once (BENCHMARKS.md B5).
    #[must_use]
    pub fn text(&self, key: &str) -> Cow<'static, str> {
        i18n::text(self.lang, key)
    }

    /// A message with one named argument.
    #[must_use]
    pub fn t1(&self, key: &str, name: &'static str, value: &str) -> String {
        i18n::t_args(self.lang, key, &[(name, value.to_owned())])
    }

    /// The signed-in customer, or a redirect to the sign-in page.
    ///
    /// # Errors
    /// [`PageError`] for `Unauthenticated` when nobody is signed in.
    pub fn customer(&self) -> Result<&SignedIn, PageError> {
        self.who
            .as_ref()
            .ok_or(PageError(abri_app::AppError::Unauthenticated))
    }

    /// Whether a submitted token belongs to this visitor.
    #[must_use]
    pub(crate) fn csrf_ok(&self, key: &csrf::Keyed, submitted: &str) -> bool {
        key.verify(&self.binding, submitted)
    }

    /// The other language, offered by the switch in the header.
    #[must_use]
    pub fn other_lang(&self) -> Language {
        match self.lang {
            Language::Fr => Language::En,
            Language::En => Language::Fr,
        }
    }
}

/// The language asked for by cookie, else by the `Accept-Language` header.
pub(crate) fn requested_language(headers: &HeaderMap) -> Option<Language> {
    cookies::read(headers, cookies::LANGUAGE)
        .and_then(|v| v.parse().ok())
        .or_else(|| {
            headers
                .get(ACCEPT_LANGUAGE)?
                .to_str()
                .ok()
                .and_then(Language::negotiate)
        })
}

/// The layout's asset URLs, hashed once.
static LAYOUT_ASSETS: LazyLock<[String; 3]> =
    LazyLock::new(|| ["style.css", "password-meter.js", "passkeys.js"].map(assets::url));

impl CtxData {
    /// A context with no visitor facts yet.
    pub(crate) fn bare(state: &WebState, request_id: String) -> Self {
        let [style_url, meter_url, passkeys_url] = &*LAYOUT_ASSETS;
        Self {
            lang: Language::default(),
            request_id,
            provider: Arc::clone(&state.provider),
            support_phone: Arc::clone(&state.support_phone),
            who: None,
            homes: Vec::new(),
            owned_homes: Arc::new([]),
            csrf: String::new(),
            path: "/".into(),
            origin: SessionOrigin::default(),
            style_url,
            meter_url,
            passkeys_url,
            binding: String::new(),
        }
    }
}

impl FromRequestParts<WebState> for Ctx {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &WebState) -> Result<Self, PageError> {
        if let Some(ctx) = parts.extensions.get::<Self>() {
            return Ok(ctx.clone());
        }
        let config = &state.config;
        let who = match cookies::read(&parts.headers, cookies::session_name(config)) {
            Some(secret) => state.app.signed_in(&secret).await?,
            None => None,
        };
        let owned_homes: Arc<[_]> = match &who {
            Some(w) => state.app.homes_with_alarm(w).await?.into(),
            None => Arc::new([]),
        };
        let homes = owned_homes
            .iter()
            .map(|(home, _)| HomeLink {
                url: format!("/homes/{}", home.id),
                label: home.label.clone(),
            })
            .collect();
        let lang = cookies::read(&parts.headers, cookies::LANGUAGE)
            .and_then(|v| v.parse().ok())
            .or_else(|| who.as_ref().map(|w| w.customer.language))
            .or_else(|| requested_language(&parts.headers))
            .unwrap_or_default();
        let binding = match &who {
            Some(w) => w.session_hash.clone(),
            None => cookies::read(&parts.headers, cookies::csrf_binding_name(config))
                .unwrap_or_default(),
        };
        let info = parts.extensions.get::<RequestInfo>();
        let ip = info.and_then(RequestInfo::peer).map(|a| a.ip().to_string());
        let user_agent = parts
            .headers
            .get(USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(|ua| ua.chars().take(256).collect());
        let request_id = info.map(RequestInfo::id);
        let ctx = Self(Arc::new(CtxData {
            lang,
            csrf: state.csrf.token(&binding),
            who,
            homes,
            owned_homes,
            path: parts
                .uri
                .path_and_query()
                .map_or("/", |p| p.as_str())
                .to_owned(),
            origin: SessionOrigin { ip, user_agent },
            binding,
            ..CtxData::bare(state, request_id.unwrap_or_default())
        }));
        parts.extensions.insert(ctx.clone());
        Ok(ctx)
    }
}
