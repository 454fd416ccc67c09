//! `Ctx`: what every page knows about the request — language, signed-in customer, CSRF token,
//! request id — extracted once per request.

use std::sync::{Arc, LazyLock};

use abri_app::auth::SessionOrigin;
use abri_app::auth::SignedIn;
use abri_domain::Language;
use abri_domain::alarm::AlarmState;
use abri_domain::homes::Home;
use abri_domain::ids::HomeId;
use axum::extract::FromRequestParts;
use axum::http::header::{ACCEPT_LANGUAGE, COOKIE, USER_AGENT};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use std::net::IpAddr;

use crate::auth::{cookies, csrf};
use crate::error::PageError;
use crate::frame::{RequestId, RequestInfo};
use crate::views::Link;
use crate::{WebState, assets};
use abri_app::i18n;

/// One home in the layout's switcher, written from the homes the request read.
pub(crate) struct HomeLink<'a> {
    /// `/homes/{id}`.
    pub url: Link<HomeId>,
    /// The customer's name for it.
    pub label: &'a str,
    /// Whether this page is the home's or one of its pages.
    pub current: bool,
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
    pub request_id: RequestId,
    /// Provider's brand name.
    pub provider: Arc<str>,
    /// Provider's support phone, its spaces unbreakable.
    pub support_phone: Arc<str>,
    /// The signed-in customer, if any.
    pub who: Option<SignedIn>,
    /// The customer's homes as read, with their alarm's state: the layout's switcher links
    /// them, the dashboard shows them without reading them again (BENCHMARKS.md B5).
    pub(crate) owned_homes: Arc<[(Home, Option<AlarmState>)]>,
    /// The CSRF token every form of this page carries.
    pub csrf: String,
    /// Path and query of this page (where the language switch comes back to).
    pub path: String,
    /// The visitor's address, for sessions and audit.
    peer: Option<IpAddr>,
    /// The visitor's browser as it says (shares the request's buffer).
    user_agent: Option<HeaderValue>,
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

    /// The same, escaped for HTML when the catalogue was read: what templates call, dozens of
    /// times a page, to write it out as it is (BENCHMARKS.md B5).
    #[must_use]
    pub fn text(&self, key: &str) -> i18n::Html {
        i18n::html(self.lang, key)
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

    /// IP and browser, for sessions and audit: written out only by the pages that record
    /// them (every page computing them cost a dashboard two strings; BENCHMARKS.md B5).
    #[must_use]
    pub fn origin(&self) -> SessionOrigin {
        SessionOrigin {
            ip: self.peer.map(|ip| ip.to_string()),
            user_agent: self
                .user_agent
                .as_ref()
                .and_then(|v| v.to_str().ok())
                .map(|ua| ua.chars().take(256).collect()),
        }
    }

    /// The customer's homes for the layout's switcher; the one this page belongs to marked.
    pub(crate) fn home_links(&self) -> impl Iterator<Item = HomeLink<'_>> {
        let current = self
            .path
            .strip_prefix("/homes/")
            .and_then(|rest| rest.split(['/', '?']).next())
            .and_then(|id| id.parse::<uuid::Uuid>().ok());
        self.owned_homes.iter().map(move |(home, _)| HomeLink {
            url: Link::home(home.id),
            label: &home.label,
            current: current == Some(home.id.0),
        })
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

/// The language a browser's `Accept-Language` header asks for.
fn accepted_language(accept: Option<&HeaderValue>) -> Option<Language> {
    accept?.to_str().ok().and_then(Language::negotiate)
}

/// A page's language, pages and error pages alike: the one chosen by cookie, else the
/// signed-in customer's, else the one the browser's `Accept-Language` asks for.
fn page_language(
    chosen: Option<&str>,
    who: Option<&SignedIn>,
    accept: Option<&HeaderValue>,
) -> Option<Language> {
    chosen
        .and_then(|v| v.parse().ok())
        .or_else(|| who.map(|w| w.customer.language))
        .or_else(|| accepted_language(accept))
}

/// What an error page needs to know its visitor — the request's cookies and
/// `Accept-Language` — kept without being read: most responses are no error (their values
/// share the request's buffer).
pub(crate) struct VisitorAsked {
    cookies: Vec<HeaderValue>,
    accept: Option<HeaderValue>,
}

/// The visitor of an error page: as a page would know them, when the store answers.
pub(crate) struct Visitor {
    pub(crate) lang: Option<Language>,
    pub(crate) who: Option<SignedIn>,
    pub(crate) homes: Arc<[(Home, Option<AlarmState>)]>,
}

impl VisitorAsked {
    pub(crate) fn of(headers: &HeaderMap) -> Self {
        Self {
            cookies: headers.get_all(COOKIE).iter().cloned().collect(),
            accept: headers.get(ACCEPT_LANGUAGE).cloned(),
        }
    }

    /// The signed-in customer with their homes (for the layout's navigation and sign-out),
    /// and the language a page would have: the one chosen by cookie, else the customer's,
    /// else the one the `Accept-Language` header asks for. A store that fails leaves the
    /// page anonymous rather than failing it.
    pub(crate) async fn resolve(&self, state: &WebState) -> Visitor {
        let [chosen, session] = cookies::find_each(
            self.cookies.iter(),
            [cookies::LANGUAGE, cookies::session_name(&state.config)],
        );
        let who = match session {
            Some(secret) => state.app.signed_in(secret).await.ok().flatten(),
            None => None,
        };
        let homes = match &who {
            Some(w) => state
                .app
                .homes_with_alarm(w)
                .await
                .map_or_else(|_| Arc::new([]) as Arc<[_]>, Arc::from),
            None => Arc::new([]),
        };
        let lang = page_language(chosen, who.as_ref(), self.accept.as_ref());
        Visitor { lang, who, homes }
    }
}

impl Ctx {
    /// A context for error pages: a signed-in customer keeps the layout's navigation and
    /// sign-out (its form's token bound to their session), as on any page.
    pub(crate) fn for_error_page(
        state: &WebState,
        visitor: Visitor,
        request_id: RequestId,
    ) -> Self {
        let mut ctx = CtxData::bare(state, request_id);
        ctx.lang = visitor.lang.unwrap_or_default();
        // None of the navigation's pages: no link marked current (the language switch then
        // comes back to the home page).
        ctx.path = String::new();
        if let Some(who) = visitor.who {
            ctx.binding.clone_from(&who.session_hash);
            ctx.csrf = state.csrf.token(&ctx.binding);
            ctx.who = Some(who);
            ctx.owned_homes = visitor.homes;
        }
        Self(Arc::new(ctx))
    }
}

/// The layout's asset URLs, hashed once.
static LAYOUT_ASSETS: LazyLock<[String; 3]> =
    LazyLock::new(|| ["style.css", "password-meter.js", "passkeys.js"].map(assets::url));

impl CtxData {
    /// A context with no visitor facts yet.
    pub(crate) fn bare(state: &WebState, request_id: RequestId) -> Self {
        let [style_url, meter_url, passkeys_url] = &*LAYOUT_ASSETS;
        Self {
            lang: Language::default(),
            request_id,
            provider: Arc::clone(&state.provider),
            support_phone: Arc::clone(&state.support_phone),
            who: None,
            owned_homes: Arc::new([]),
            csrf: String::new(),
            path: "/".into(),
            peer: None,
            user_agent: None,
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
        // The page's cookies in one pass over the header.
        let [session, language, anonymous] = cookies::read_each(
            &parts.headers,
            [
                cookies::session_name(config),
                cookies::LANGUAGE,
                cookies::csrf_binding_name(config),
            ],
        );
        let who = match session {
            Some(secret) => state.app.signed_in(secret).await?,
            None => None,
        };
        let owned_homes: Arc<[_]> = match &who {
            Some(w) => state.app.homes_with_alarm(w).await?.into(),
            None => Arc::new([]),
        };
        let lang = page_language(language, who.as_ref(), parts.headers.get(ACCEPT_LANGUAGE))
            .unwrap_or_default();
        let binding = match &who {
            Some(w) => w.session_hash.clone(),
            None => anonymous.map(str::to_owned).unwrap_or_default(),
        };
        let info = parts.extensions.get::<RequestInfo>();
        let peer = info.and_then(RequestInfo::peer).map(|a| a.ip());
        let user_agent = parts.headers.get(USER_AGENT).cloned();
        let request_id = info.map(RequestInfo::id);
        let ctx = Self(Arc::new(CtxData {
            lang,
            csrf: state.csrf.token(&binding),
            who,
            owned_homes,
            path: parts
                .uri
                .path_and_query()
                .map_or("/", |p| p.as_str())
                .to_owned(),
            peer,
            user_agent,
            binding,
            ..CtxData::bare(state, request_id.unwrap_or_default())
        }));
        parts.extensions.insert(ctx.clone());
        Ok(ctx)
    }
}
