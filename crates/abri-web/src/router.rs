//! The route table and the layers every response goes through.

use std::sync::Arc;
use std::time::Duration;

use abri_app::App;
use axum::routing::{get, post};
use axum::{Router, middleware as mw};
use tokio::sync::watch;
use tower::ServiceBuilder;
use tower_http::CompressionLevel;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::csrf::CsrfLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

use crate::observability::Metrics;
use crate::stream_sessions::StreamSessions;
use crate::{assets, middleware, pages};

/// What the web layer needs to know about its deployment.
#[derive(Clone, Debug)]
pub struct WebConfig {
    /// The public base URL (`https://espace.example.fr`); links and origin checks use it.
    pub base_url: String,
    /// Origins accepted on form posts besides the base URL's (demo: localhost and 127.0.0.1).
    pub extra_origins: Vec<String>,
    /// Key for CSRF tokens; at least 32 bytes.
    pub secret_key: Vec<u8>,
    /// Demo mode: serves `/dev/outbox`.
    pub demo: bool,
    /// How often the sessions of open live streams are checked: a stream ends at most this
    /// long after its session, and each stream whose session stands sends a keep-alive comment
    /// then (30 s by default: half the usual 60-second proxy timeout).
    pub stream_session_check: Duration,
}

impl WebConfig {
    /// Cookies get `Secure` and the `__Host-` prefix when the site is served over HTTPS.
    #[must_use]
    pub fn https(&self) -> bool {
        self.base_url.starts_with("https://")
    }
}

/// Shared state of every handler: one `Arc`, because axum clones the state for every extractor
/// of every request (a deep clone of `App` once cost half of a health check's time).
#[derive(Clone)]
pub struct WebState(Arc<Shared>);

/// What [`WebState`] shares.
pub struct Shared {
    /// Use cases.
    pub app: Arc<App>,
    /// Deployment facts.
    pub config: Arc<WebConfig>,
    pub(crate) metrics: Metrics,
    /// Turns true when the server shuts down: live streams end so connections can close.
    closing: watch::Sender<bool>,
    /// The sessions of open live streams.
    pub(crate) stream_sessions: Arc<StreamSessions>,
    /// The provider's name and support phone (spaces unbreakable), as every page shows them.
    pub(crate) provider: Arc<str>,
    pub(crate) support_phone: Arc<str>,
    /// The key of the forms' synchronizer tokens, prepared.
    pub(crate) csrf: crate::auth::csrf::Keyed,
}

impl std::ops::Deref for WebState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl WebState {
    /// Bundles the application with its web configuration.
    #[must_use]
    pub fn new(app: App, config: WebConfig) -> Self {
        Self(Arc::new(Shared {
            csrf: crate::auth::csrf::Keyed::new(&config.secret_key),
            provider: app.provider.name.as_str().into(),
            support_phone: app.provider.support_phone.replace(' ', "\u{a0}").into(),
            app: Arc::new(app),
            config: Arc::new(config),
            metrics: Metrics::install(),
            closing: watch::channel(false).0,
            stream_sessions: Arc::default(),
        }))
    }

    /// Starts checking the sessions of open live streams; stops with [`WebState::close_streams`].
    pub fn spawn_stream_session_checks(&self) -> tokio::task::JoinHandle<()> {
        tokio::spawn(Arc::clone(&self.stream_sessions).run(
            Arc::clone(&self.app),
            self.config.stream_session_check,
            self.closing(),
        ))
    }

    /// Call when the server begins to shut down: every live stream ends.
    pub fn close_streams(&self) {
        self.closing.send_replace(true);
        self.stream_sessions.close();
    }

    /// Watches for the shutdown.
    pub(crate) fn closing(&self) -> watch::Receiver<bool> {
        self.closing.subscribe()
    }
}

/// Every route of the site, with security headers, CSRF origin checks, error pages and
/// request ids on all of them.
///
/// # Errors
/// When a configured origin is not a valid URL origin.
pub fn router(state: WebState) -> Result<Router, tower_http::csrf::ConfigError> {
    let mut origin_check =
        CsrfLayer::new().add_trusted_origin(origin_of(&state.config.base_url))?;
    for extra in &state.config.extra_origins {
        origin_check = origin_check.add_trusted_origin(origin_of(extra))?;
    }
    let pages = Router::new()
        .route("/", get(pages::dashboard::show))
        .route(
            "/login",
            get(pages::sign_in::form).post(pages::sign_in::submit),
        )
        .route("/logout", post(pages::sign_in::sign_out))
        .route(
            "/login/second-factor",
            get(pages::factors::step).post(pages::factors::complete),
        )
        .route("/password/reset/factor", post(pages::factors::reset_factor))
        .route("/language", post(pages::language::switch))
        .route(
            "/password/forgot",
            get(pages::resets::request_form).post(pages::resets::request),
        )
        .route(
            "/password/reset",
            get(pages::resets::step).post(pages::resets::complete),
        )
        .route("/password/reset/code", post(pages::resets::code))
        .route("/password/reset/code/resend", post(pages::resets::resend))
        .route(
            "/password/reset/{token}",
            get(pages::resets::link).post(pages::resets::open),
        )
        .route("/password/strength", post(pages::strength::check))
        .route("/account", get(pages::account::show))
        .route("/account/security", get(pages::security::show))
        .route(
            "/account/sessions/revoke-others",
            post(pages::security::revoke_others),
        )
        .route(
            "/account/sessions/{id}/revoke",
            post(pages::security::revoke),
        )
        .route(
            "/homes/requests",
            get(pages::home_requests::show).post(pages::home_requests::submit),
        )
        .route(
            "/account/preferences",
            get(pages::preferences::show).post(pages::preferences::save),
        )
        .route("/homes/{id}", get(pages::homes::show))
        .route("/homes/{id}/name", post(pages::homes::rename))
        .route("/homes/{id}/alarm", get(pages::alarm::show))
        .route("/homes/{id}/alarm/arm", post(pages::alarm_control::arm))
        .route(
            "/homes/{id}/alarm/intrusion",
            post(pages::alarm_control::intrusion),
        )
        .route("/homes/{id}/alarm/history", get(pages::alarm_history::show))
        .route(
            "/homes/{id}/alarm/history.csv",
            get(pages::alarm_history::csv),
        )
        .route("/homes/{id}/address", post(pages::homes::correct_street))
        .route(
            "/account/name",
            get(pages::profile::form).post(pages::profile::change),
        )
        .route("/contracts/{id}", get(pages::contracts::show))
        .route(
            "/contracts/{id}/cancel",
            get(pages::cancellations::form).post(pages::cancellations::recap),
        )
        .route(
            "/contracts/{id}/cancel/confirm",
            post(pages::cancellations::confirm),
        )
        .route(
            "/contracts/{id}/cancel/withdraw",
            post(pages::cancellations::withdraw),
        )
        .route(
            "/contracts/{id}/options/{code}",
            get(pages::options::quote).post(pages::options::apply),
        )
        .route("/assets/{name}", get(assets::serve))
        .fallback(pages::errors::not_found);
    // Sensitive pages: a fresh proof of identity (ten minutes) is required first.
    let sensitive = Router::new()
        .route(
            "/account/password",
            get(pages::account::form).post(pages::account::change),
        )
        .route("/account/totp", get(pages::factors::enrol))
        .route("/account/totp/start", post(pages::factors::start))
        .route("/account/totp/confirm", post(pages::factors::confirm))
        .route("/account/totp/remove", post(pages::factors::remove))
        .route("/account/recovery-codes", post(pages::factors::regenerate))
        .route(
            "/homes/{id}/alarm/instructions",
            get(pages::instructions::show),
        )
        .route(
            "/homes/{id}/alarm/instructions/contacts",
            post(pages::instructions::save_contacts),
        )
        .route(
            "/homes/{id}/alarm/instructions/verbal",
            post(pages::instructions::save_verbal),
        )
        .route(
            "/homes/{id}/alarm/false-alarm",
            get(pages::alarm_control::false_alarm_form).post(pages::alarm_control::false_alarm),
        )
        .route(
            "/homes/{id}/alarm/disarm",
            get(pages::alarm_control::disarm_form).post(pages::alarm_control::disarm),
        )
        .route("/account/contact", get(pages::contacts::form))
        .route("/account/contact/phone", post(pages::contacts::phone))
        .route("/account/contact/email", post(pages::contacts::email))
        .route(
            "/account/contact/verify",
            get(pages::contacts::verify_form).post(pages::contacts::verify),
        )
        .route(
            "/account/mandate",
            get(pages::mandates::show).post(pages::mandates::replace),
        )
        .route("/account/sms/start", post(pages::factors::start_sms))
        .route("/account/sms", get(pages::factors::sms_form))
        .route("/account/sms/confirm", post(pages::factors::confirm_sms))
        .route("/account/sms/remove", post(pages::factors::remove_sms))
        .route(
            "/account/passkeys/options",
            post(pages::passkeys::registration_options),
        )
        .route("/account/passkeys", post(pages::passkeys::register))
        .route(
            "/account/passkeys/{id}/remove",
            post(pages::passkeys::remove),
        )
        .route_layer(mw::from_fn_with_state(
            state.clone(),
            pages::confirm::require_fresh,
        ));
    let pages = pages
        .route("/login/second-factor/sms", post(pages::factors::send_sms))
        .route(
            "/login/passkey/options",
            post(pages::passkeys::sign_in_options),
        )
        .route("/login/passkey", post(pages::passkeys::sign_in))
        .route(
            "/login/second-factor/passkey/options",
            post(pages::passkeys::factor_options),
        )
        .route(
            "/login/second-factor/passkey",
            post(pages::passkeys::factor),
        )
        .route(
            "/password/reset/factor/passkey/options",
            post(pages::passkeys::reset_options),
        )
        .route(
            "/password/reset/factor/passkey",
            post(pages::passkeys::reset),
        )
        .route(
            "/account/confirm",
            get(pages::confirm::form).post(pages::confirm::submit),
        )
        .merge(sensitive);
    let pages = if state.config.demo {
        pages.route("/dev/outbox", get(pages::outbox::show))
    } else {
        pages
    };
    // The layers wrap the routers from outside, as plain tower services: `Router::layer`
    // would wrap each route and box each layer, and every request would then clone and free
    // that whole stack of boxes (≈ 60 allocations a page; BENCHMARKS.md B5).
    let pages = ServiceBuilder::new()
        .layer(RequestBodyLimitLayer::new(64 * 1024))
        .layer(origin_check)
        .map_request(|req: axum::http::Request<_>| req.map(axum::body::Body::new))
        .layer(middleware::CsrfCookieLayer(state.clone()))
        .service(pages.with_state(state.clone()));
    // Devices speak JSON: their routes skip the pages' CSRF checks and HTML error pages.
    let api = Router::new()
        .route("/api/v1/ingest", post(crate::api::ingest))
        .route("/api/v1/ingest/commands", get(crate::api::commands))
        .with_state(state.clone())
        .fallback_service(pages);
    let site = ServiceBuilder::new()
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            Duration::from_secs(30),
        ))
        .layer(CatchPanicLayer::custom(middleware::panic_response))
        // Dynamic pages are compressed at brotli 1 / gzip 1: quality 11 (brotli's default)
        // costs ~30× the CPU for a few per cent fewer bytes; from 2 brotli zeroes a hash table
        // of 64k entries for each response, where 1 sizes its table to the page. The dashboard
        // (4.2 KB) is 1,286 bytes at 4, 1,477 at 2, 1,563 at 1; at 1 its compression costs a
        // third fewer instructions than at 2 (740k against 1,079k a request, page included)
        // and it is served 0.59–0.71 times as fast as uncompressed, 0.54–0.55 at 2 (B5).
        .layer(CompressionLayer::new().quality(CompressionLevel::Precise(1)))
        .layer(middleware::ErrorPagesLayer(state.clone()))
        .service(api);
    Ok(Router::new()
        // Live streams are not pages: no CSRF cookie, no compression (an event must leave at
        // once), no 30 s timeout, and none of those layers' state held for hours by every open
        // stream (BENCHMARKS.md B7: 19.8 → 14.0 KiB a stream). Error pages still apply.
        .route(
            "/events",
            get(pages::live::stream).layer(middleware::ErrorPagesLayer(state.clone())),
        )
        // Probes answer plain text at once: only the outermost layer (request id, metrics,
        // security headers), none of the pages' (B4: each layer costs every probe).
        .route("/healthz", get(pages::health::healthz))
        .route("/readyz", get(pages::health::readyz))
        .route("/metrics", get(pages::health::metrics))
        .fallback_service(site)
        .layer(crate::frame::FrameLayer {
            https: state.config.https(),
        })
        .with_state(state))
}

/// `scheme://host[:port]` of a URL, without path.
fn origin_of(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("http", url));
    let authority = rest.split('/').next().unwrap_or(rest);
    format!("{scheme}://{authority}")
}
