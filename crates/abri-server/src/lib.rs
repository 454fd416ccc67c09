//! The `abri` server: configuration, wiring of the application, demo data.
//!
//! `main.rs` holds the command line; this library lets the testkit start the very same server.

pub mod adapters;
pub mod config;
pub mod demo;
mod http;
pub mod simulator;
pub mod worker;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use abri_app::{App, Hasher, Provider};
use abri_domain::Clock;
use abri_store::Db;
use abri_web::{WebConfig, WebState};
use anyhow::Context;
use tokio::net::TcpListener;
use tokio::sync::{oneshot, watch};

/// Live events buffered per customer with open streams (allocated whole, 16 slots: ≈ 0.5 KiB a
/// customer); a stream that falls further behind reads what it missed from the store.
const LIVE_BUFFER: usize = 16;
use tokio::task::JoinHandle;

pub use config::Config;

/// Production, or the demo (demo data, `/dev/outbox`, localhost under both names).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// `abri serve`.
    Serve,
    /// `abri demo`.
    Demo,
}

/// A running server.
pub struct Running {
    /// The address it listens on (useful with port 0).
    pub addr: SocketAddr,
    /// The application it serves (tests reach the store through it).
    pub app: App,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<std::io::Result<()>>,
    worker: Option<(watch::Sender<bool>, JoinHandle<()>)>,
    mqtt: Option<(watch::Sender<bool>, JoinHandle<()>)>,
}

impl Running {
    /// Also runs the job worker in this process, stopped with the server. (Tests leave it out
    /// and run due jobs themselves, so that what they observe does not race a worker.)
    #[must_use]
    pub fn with_worker(mut self) -> Self {
        let (stop, stopped) = watch::channel(false);
        self.worker = Some((stop, worker::spawn(self.app.clone(), stopped)));
        self
    }

    /// Waits until the server stops (Ctrl-C or [`Running::stop`]).
    ///
    /// # Errors
    /// When the server failed.
    pub async fn wait(mut self) -> anyhow::Result<()> {
        let served = self.task.await.context("server task")?.context("server");
        for (stop, task) in [self.worker.take(), self.mqtt.take()].into_iter().flatten() {
            let _ = stop.send(true);
            let _ = task.await;
        }
        served
    }

    /// Asks the server to stop, then waits for it.
    ///
    /// # Errors
    /// When the server failed.
    pub async fn stop(mut self) -> anyhow::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        self.wait().await
    }
}

/// Opens the database, migrates it, and builds the application.
///
/// # Errors
/// When the database cannot be opened or migrated, or the hasher cannot start.
pub async fn build_app(config: &Config, clock: Arc<dyn Clock>) -> anyhow::Result<App> {
    let url = config.database_url();
    if url.starts_with("sqlite:") {
        std::fs::create_dir_all(&config.data_dir)
            .with_context(|| format!("creating {}", config.data_dir.display()))?;
    }
    let db = Db::connect(&url).await.context("opening the database")?;
    db.migrate().await.context("migrating the database")?;
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let workers = config.hash_workers.unwrap_or(cores).clamp(1, cores.max(1));
    let hasher = Hasher::start(workers, workers * 8).map_err(|e| anyhow::anyhow!("{e}"))?;
    let provider = Provider {
        name: config.provider.name.clone(),
        support_phone: config.provider.support_phone.clone(),
    };
    let mut ports = abri_app::jobs::Ports::outbox(&db, clock.clone());
    if let Some(smtp) = &config.smtp {
        ports.mailer = Arc::new(adapters::smtp::SmtpMailer::new(smtp)?);
    }
    if let Some(sms) = &config.sms {
        ports.sms = Arc::new(adapters::sms_http::HttpSms::new(sms)?);
    }
    let base_url = config.base_url();
    let secret_key: Arc<[u8]> = match &config.secret_key {
        Some(key) => key.expose().into(),
        None => rand_key().into(),
    };
    let captcha = abri_app::captcha::CaptchaConfig {
        key: abri_app::tokens::hash_secret(&format!(
            "captcha:{}",
            String::from_utf8_lossy(&secret_key)
        )),
        max_number: config.captcha_max_number.max(1),
    };
    let webauthn = relying_party(&base_url, &config.provider.name);
    Ok(App {
        db,
        clock,
        hasher,
        provider,
        ports,
        base_url,
        captcha,
        secret_key,
        webauthn,
        events: Arc::new(abri_app::live::LocalBus::new(LIVE_BUFFER)),
        alarm: abri_app::alarm::AlarmSettings {
            command_timeout: time::Duration::seconds(config.alarm_command_timeout_seconds.into()),
            offline_after: time::Duration::seconds(config.alarm_offline_after_seconds.into()),
        },
    })
}

/// Binds `config.listen` and serves `app` in the background.
///
/// # Errors
/// When the address cannot be bound or the configuration is unsafe.
pub async fn start(config: &Config, app: App, mode: Mode) -> anyhow::Result<Running> {
    config.check_for_serve()?;
    let port = config.listen.port();
    let extra_origins = match mode {
        // Either name of the local machine works in the demo.
        Mode::Demo => vec![
            format!("http://127.0.0.1:{port}"),
            format!("http://localhost:{port}"),
        ],
        Mode::Serve => Vec::new(),
    };
    let secret_key = app.secret_key.to_vec();
    let web = WebConfig {
        base_url: config.base_url(),
        extra_origins,
        secret_key,
        demo: mode == Mode::Demo,
        stream_session_check: Duration::from_secs(
            config.stream_session_check_seconds.max(1).into(),
        ),
    };
    let state = WebState::new(app.clone(), web);
    let closer = state.clone();
    state.spawn_stream_session_checks();
    let router = abri_web::router(state).context("origin configuration")?;
    let listener = TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("listening on {}", config.listen))?;
    let addr = listener.local_addr()?;
    let (stop, stopped) = oneshot::channel::<()>();
    let head_within = Duration::from_secs(config.request_head_timeout_seconds.max(1).into());
    let task = tokio::spawn(http::serve(listener, router, head_within, async move {
        tokio::select! {
            _ = stopped => {}
            _ = tokio::signal::ctrl_c() => {}
        }
        // Live streams never end on their own: end them, or the shutdown waits.
        closer.close_streams();
    }));
    let mqtt = config.mqtt.as_ref().map(|mqtt| {
        let (stop, stopped) = watch::channel(false);
        (stop, adapters::mqtt::spawn(app.clone(), mqtt, stopped))
    });
    Ok(Running {
        addr,
        app,
        stop: Some(stop),
        task,
        worker: None,
        mqtt,
    })
}

/// WebAuthn for the site at `base_url`: its host is the relying party (an IP address cannot
/// be one, so passkeys are then off and the pages say so).
fn relying_party(base_url: &str, name: &str) -> Option<Arc<webauthn_rs::Webauthn>> {
    let origin = url::Url::parse(base_url).ok()?;
    let host = origin.host_str()?.to_owned();
    let built =
        webauthn_rs::WebauthnBuilder::new(&host, &origin).and_then(|b| b.rp_name(name).build());
    match built {
        Ok(webauthn) => Some(Arc::new(webauthn)),
        Err(e) => {
            tracing::warn!(error = %e, %base_url, "passkeys are off: the base URL cannot be a WebAuthn relying party");
            None
        }
    }
}

/// A random key for a localhost run without a configured one (CSRF tokens then change at
/// restart; sessions survive since they are stored).
fn rand_key() -> Vec<u8> {
    abri_app::tokens::new_secret().into_bytes()
}
