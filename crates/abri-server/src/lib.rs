//! The `abri` server: configuration, wiring of the application, demo data.
//!
//! `main.rs` holds the command line; this library lets the testkit start the very same server.

pub mod config;
pub mod demo;

use std::net::SocketAddr;
use std::sync::Arc;

use abri_app::{App, Hasher, Provider};
use abri_domain::Clock;
use abri_store::Db;
use abri_web::{WebConfig, WebState};
use anyhow::Context;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use config::Config;

/// A running server.
pub struct Running {
    /// The address it listens on (useful with port 0).
    pub addr: SocketAddr,
    /// The application it serves (tests reach the store through it).
    pub app: App,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<std::io::Result<()>>,
}

impl Running {
    /// Waits until the server stops (Ctrl-C or [`Running::stop`]).
    ///
    /// # Errors
    /// When the server failed.
    pub async fn wait(self) -> anyhow::Result<()> {
        self.task.await.context("server task")?.context("server")
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
    Ok(App {
        db,
        clock,
        hasher,
        provider,
    })
}

/// Binds `config.listen` and serves `app` in the background.
///
/// # Errors
/// When the address cannot be bound or the configuration is unsafe.
pub async fn start(
    config: &Config,
    app: App,
    extra_origins: Vec<String>,
) -> anyhow::Result<Running> {
    config.check_for_serve()?;
    let secret_key = match &config.secret_key {
        Some(key) => key.expose().to_vec(),
        None => rand_key(),
    };
    let web = WebConfig {
        base_url: config.base_url(),
        extra_origins,
        secret_key,
    };
    let router =
        abri_web::router(WebState::new(app.clone(), web)).context("origin configuration")?;
    let listener = TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("listening on {}", config.listen))?;
    let addr = listener.local_addr()?;
    let (stop, stopped) = oneshot::channel::<()>();
    let service = router.into_make_service_with_connect_info::<SocketAddr>();
    let task = tokio::spawn(async move {
        axum::serve(listener, service)
            .with_graceful_shutdown(async move {
                tokio::select! {
                    _ = stopped => {}
                    _ = tokio::signal::ctrl_c() => {}
                }
            })
            .await
    });
    Ok(Running {
        addr,
        app,
        stop: Some(stop),
        task,
    })
}

/// A random key for a localhost run without a configured one (CSRF tokens then change at
/// restart; sessions survive since they are stored).
fn rand_key() -> Vec<u8> {
    abri_app::tokens::new_secret().into_bytes()
}
