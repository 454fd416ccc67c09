//! `TestApp`: the real Abri server on a free port with its own database and a manual clock;
//! `Browser`: a cookie-keeping HTTP client that reads CSRF tokens from pages.
//!
//! SQLite (a temporary file) by default; with `ABRI_TEST_DATABASE_URL` set (an admin URL such
//! as `postgres://postgres@127.0.0.1:5432/postgres`) each test gets its own PostgreSQL database.
#![expect(
    clippy::expect_used,
    clippy::panic,
    reason = "test fixtures: a broken fixture must stop the test"
)]

mod broker;
mod browser;
mod smtp;
mod sse;

use std::sync::Arc;

use abri_app::App;
use abri_domain::{Clock, ManualClock};
use abri_server::{Config, Running};
use abri_store::Db;
use sqlx::Connection;
use time::macros::datetime;

pub use broker::{Broker, mosquitto_available};
pub use browser::{Browser, Page};
pub use smtp::{SmtpSink, smtp_available};
pub use sse::{SseEvent, SseStream};

/// The instant every test starts at (a Friday morning).
pub const T0: time::OffsetDateTime = datetime!(2026-11-27 09:00 UTC);

/// A database of its own for one test: SQLite in a temporary folder, or a fresh PostgreSQL
/// database when `ABRI_TEST_DATABASE_URL` is set.
pub struct TestDb {
    /// Its URL.
    pub url: String,
    _dir: tempfile::TempDir,
}

impl TestDb {
    /// Makes one.
    pub async fn new() -> Self {
        let dir = tempfile::tempdir().expect("temporary folder");
        let url = match postgres_admin_url() {
            Some(admin) => create_pg_database(&admin).await,
            None => Db::sqlite_url(&dir.path().join("abri.db")),
        };
        Self { url, _dir: dir }
    }

    /// A fresh SQLite database even when PostgreSQL is configured (for parity tests).
    pub fn sqlite() -> Self {
        let dir = tempfile::tempdir().expect("temporary folder");
        Self {
            url: Db::sqlite_url(&dir.path().join("abri.db")),
            _dir: dir,
        }
    }

    /// Its private folder (the data directory of a test server).
    #[must_use]
    pub fn dir(&self) -> &std::path::Path {
        self._dir.path()
    }

    /// Connected and migrated.
    pub async fn open(&self) -> Db {
        let db = Db::connect(&self.url)
            .await
            .expect("connect to the test database");
        db.migrate().await.expect("migrate the test database");
        db
    }
}

/// The PostgreSQL admin URL, when PostgreSQL tests are asked for.
#[must_use]
pub fn postgres_admin_url() -> Option<String> {
    std::env::var("ABRI_TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
}

async fn create_pg_database(admin: &str) -> String {
    let name = format!("abri_t_{}", uuid::Uuid::now_v7().simple());
    let mut conn = sqlx::PgConnection::connect(admin)
        .await
        .expect("connect to PostgreSQL");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut conn)
        .await
        .expect("create a test database");
    let _ = conn.close().await;
    let (base, _) = admin
        .rsplit_once('/')
        .expect("admin URL ends with /database");
    format!("{base}/{name}")
}

/// Options for a test server.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Seed the demo provider.
    pub demo: bool,
    /// Pretend to be served over HTTPS (secure cookie names and flags, HSTS).
    pub https: bool,
    /// Deliver e-mails over SMTP to this port on 127.0.0.1 (no TLS) instead of the outbox.
    pub smtp_port: Option<u16>,
    /// Send SMS to this HTTP provider URL (bearer token `test-token`) instead of the outbox.
    pub sms_url: Option<String>,
    /// Take panel events from an MQTT broker on this port of 127.0.0.1.
    pub mqtt_port: Option<u16>,
    /// Seconds a client has to send a request head (30 unless set).
    pub request_head_timeout_seconds: Option<u32>,
}

/// A running Abri for one test.
pub struct TestApp {
    /// `http://127.0.0.1:<port>`.
    pub base: String,
    /// The clock the server reads; move it to cross expiries.
    pub clock: ManualClock,
    /// The application (for store-level assertions).
    pub app: App,
    config: Config,
    mode: abri_server::Mode,
    running: Option<Running>,
    _db: TestDb,
}

impl TestApp {
    /// A server with the demo data.
    pub async fn demo() -> Self {
        Self::start(Options {
            demo: true,
            ..Options::default()
        })
        .await
    }

    /// A server with `options`.
    pub async fn start(options: Options) -> Self {
        let db = TestDb::new().await;
        let clock = ManualClock::at(T0);
        let mut config = Config {
            listen: "127.0.0.1:0".parse().expect("address"),
            database_url: Some(db.url.clone()),
            hash_workers: Some(2),
            captcha_max_number: 2_000,
            // Live streams follow the end of their session within a second.
            stream_session_check_seconds: 1,
            ..Config::default()
        };
        if let Some(seconds) = options.request_head_timeout_seconds {
            config.request_head_timeout_seconds = seconds;
        }
        config.data_dir = db.dir().to_path_buf();
        if let Some(port) = options.smtp_port {
            config.smtp = Some(abri_server::config::SmtpConfig {
                host: "127.0.0.1".into(),
                port,
                security: abri_server::config::SmtpSecurity::None,
                username: None,
                password: None,
                from: "Abri Protection <ne-pas-repondre@abri.test>".into(),
            });
        }
        if let Some(url) = &options.sms_url {
            config.sms = Some(abri_server::config::SmsConfig {
                url: url.clone(),
                sender: "ABRI".into(),
                token: Some(abri_server::config::Secret::new("test-token".into())),
                username: None,
                password: None,
            });
        }
        if options.https {
            config.base_url = Some("https://espace.example.fr".into());
        }
        if let Some(port) = options.mqtt_port {
            config.mqtt = Some(abri_server::adapters::mqtt::MqttConfig {
                host: "127.0.0.1".into(),
                port,
                client_id: format!("abri-test-{}", uuid::Uuid::now_v7().simple()),
                username: None,
                password: None,
                tls: false,
            });
        }
        let shared: Arc<dyn Clock> = Arc::new(clock.clone());
        let app = abri_server::build_app(&config, shared)
            .await
            .expect("build the app");
        if options.demo {
            abri_server::demo::seed(&app).await.expect("seed the demo");
        }
        let mode = if options.demo {
            abri_server::Mode::Demo
        } else {
            abri_server::Mode::Serve
        };
        let running = abri_server::start(&config, app.clone(), mode)
            .await
            .expect("start");
        let base = format!("http://{}", running.addr);
        Self {
            base,
            clock,
            app,
            config,
            mode,
            running: Some(running),
            _db: db,
        }
    }

    /// A new browser (no cookies) pointed at this server.
    #[must_use]
    pub fn browser(&self) -> Browser {
        Browser::new(&self.base)
    }

    /// A browser signed in as a demo customer (by e-mail).
    pub async fn signed_in(&self, email: &str) -> Browser {
        let mut browser = self.browser();
        browser
            .sign_in(email, abri_server::demo::DEMO_PASSWORD)
            .await;
        browser
    }

    /// Asks for a reset link as a visitor with JavaScript does (proof of work solved), lets the
    /// worker deliver it, and returns the link's path from the e-mail.
    pub async fn reset_link(&self, identifier: &str) -> String {
        let mut browser = self.browser();
        let form = browser.get("/password/forgot").await;
        let token = form.csrf().expect("a CSRF token");
        let solution = form.pow_solution().expect("a proof of work");
        browser
            .post(
                "/password/forgot",
                &[
                    ("csrf", &token),
                    ("identifier", identifier),
                    ("altcha", &solution),
                ],
            )
            .await;
        self.last_link().await.expect("a reset e-mail")
    }

    /// The path of the newest reset link e-mailed, after delivering due jobs.
    pub async fn last_link(&self) -> Option<String> {
        self.app.run_due_jobs().await.expect("jobs run");
        let messages = self.app.db.outbox_messages(50).await.expect("outbox");
        let mail = messages
            .iter()
            .find(|m| m.channel == "email" && m.body_text.contains("/password/reset/"))?;
        let start = mail.body_text.find("/password/reset/")?;
        Some(
            mail.body_text[start..]
                .split_whitespace()
                .next()?
                .to_owned(),
        )
    }

    /// The newest 6-digit code sent by SMS, after delivering due jobs.
    pub async fn last_sms_code(&self) -> String {
        self.app.run_due_jobs().await.expect("jobs run");
        let messages = self.app.db.outbox_messages(50).await.expect("outbox");
        let sms = messages
            .iter()
            .find(|m| m.channel == "sms")
            .expect("an SMS");
        sms.body_text
            .split(|c: char| !c.is_ascii_digit())
            .find(|w| w.len() == 6)
            .expect("a code")
            .to_owned()
    }

    /// Stops the server and starts it again on the same database and clock (a new port:
    /// `base` changes). Live streams end; the MQTT session is taken up again.
    pub async fn restart(&mut self) {
        if let Some(running) = self.running.take() {
            running.stop().await.expect("server stopped cleanly");
        }
        let running = abri_server::start(&self.config, self.app.clone(), self.mode)
            .await
            .expect("restart");
        self.base = format!("http://{}", running.addr);
        self.running = Some(running);
    }

    /// Stops the server.
    pub async fn stop(mut self) {
        if let Some(running) = self.running.take() {
            running.stop().await.expect("server stopped cleanly");
        }
    }
}
