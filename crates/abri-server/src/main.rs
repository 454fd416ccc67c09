//! `abri`: the customer space of a home-protection provider.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use abri_domain::SystemClock;
use abri_server::config::LogFormat;
use abri_server::{Config, Mode, build_app, demo, simulator, start};
use clap::{Parser, Subcommand};
use tracing_subscriber::EnvFilter;

/// Abri — espace client for home insurance and monitored alarms.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    /// Configuration file (optional; `ABRI_*` variables override it).
    #[arg(long, env = "ABRI_CONFIG", default_value = "abri.toml", global = true)]
    config: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Runs Abri with demo data on SQLite at http://localhost:8080, with a simulated alarm
    /// panel in each demo home.
    Demo {
        /// Do not start the simulated panels.
        #[arg(long)]
        no_simulator: bool,
    },
    /// Runs Abri for production (no demo data).
    Serve,
    /// Adds generated customers (homes, contracts, panels and a year of alarm events) to the
    /// demo data, for benchmarks; their password is the demo password.
    Generate {
        /// How many customers (numbered from C20000001).
        #[arg(long, default_value_t = 2_000)]
        customers: u32,
        /// Alarm events a day on each panel, over the last year.
        #[arg(long, default_value_t = 4)]
        events_per_day: u32,
    },
    /// Brings the database schema up to date, then exits.
    Migrate,
    /// Runs only the job worker (e-mails, SMS), for deployments that separate it.
    Worker,
    /// Runs simulated alarm panels against an Abri (the demo panels by default).
    Simulate {
        /// Abri's address; the configured base URL by default.
        #[arg(long)]
        url: Option<String>,
        /// Seconds between arming and armed.
        #[arg(long, default_value_t = 5)]
        exit_delay: u64,
        /// Mean seconds between two everyday events.
        #[arg(long, default_value_t = 20)]
        traffic_every: u64,
        /// Speak MQTT to this broker (`host:port`) instead of the HTTPS ingest.
        #[arg(long)]
        mqtt: Option<String>,
    },
    /// Gives an alarm panel a new token (prints it once; the old one stops working).
    RotatePanelToken {
        /// The panel's serial number.
        serial: String,
    },
    /// Lists the most recent jobs (e-mails, SMS) with their status and last error.
    Jobs {
        /// Put the jobs parked as failed back in the queue.
        #[arg(long)]
        retry_failed: bool,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // The chain of causes, without a backtrace: an operator reads this.
            eprintln!("abri: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let config = Config::load(&cli.config)?;
    init_logs(config.log_format);
    let clock = Arc::new(SystemClock);
    match cli.command {
        Command::Migrate => {
            let app = build_app(&config, clock).await?;
            app.db.close().await;
            println!("database is up to date");
            Ok(())
        }
        Command::RotatePanelToken { serial } => {
            let app = build_app(&config, clock).await?;
            let token = app
                .rotate_panel_token(&serial)
                .await
                .map_err(|e| anyhow::anyhow!("{serial}: {e}"))?;
            println!("New credentials for panel {serial} (shown once):");
            println!("  Authorization: Bearer {serial}.{token}");
            Ok(())
        }
        Command::Jobs { retry_failed } => {
            let app = build_app(&config, clock).await?;
            if retry_failed {
                let n = app.db.retry_failed_jobs(app.clock.now()).await?;
                println!("{n} failed job(s) queued again");
            }
            for job in app.db.recent_jobs(50).await? {
                let error = job.last_error.unwrap_or_default();
                println!(
                    "{}  {:<14} {:<8} attempts={:<2} {error}",
                    job.id, job.kind, job.status, job.attempts
                );
            }
            Ok(())
        }
        Command::Worker => {
            let app = build_app(&config, clock).await?;
            let (stop, stopped) = tokio::sync::watch::channel(false);
            let worker = abri_server::worker::spawn(app, stopped);
            tracing::info!("abri worker running");
            tokio::signal::ctrl_c().await?;
            let _ = stop.send(true);
            worker.await?;
            Ok(())
        }
        Command::Serve => {
            config.check_for_serve()?;
            let app = build_app(&config, clock).await?;
            let running = start(&config, app, Mode::Serve).await?.with_worker();
            tracing::info!(addr = %running.addr, base_url = %config.base_url(), "abri serving");
            running.wait().await
        }
        Command::Generate {
            customers,
            events_per_day,
        } => {
            let app = build_app(&config, clock).await?;
            demo::seed(&app).await?;
            let shape = demo::generate::Shape {
                customers,
                events_per_day,
            };
            let made = demo::generate::generate(&app, shape).await?;
            app.db.close().await;
            println!(
                "{} customers, {} homes, {} panels, {} alarm events generated",
                made.customers, made.homes, made.panels, made.events
            );
            Ok(())
        }
        Command::Demo { no_simulator } => {
            let app = build_app(&config, clock).await?;
            let seeded = demo::seed(&app).await?;
            let running = start(&config, app, Mode::Demo).await?.with_worker();
            let (stop, stopped) = tokio::sync::watch::channel(false);
            let panels = if no_simulator {
                Vec::new()
            } else {
                let options = simulator::SimOptions {
                    base_url: format!("http://{}", running.addr),
                    mqtt: config.mqtt.as_ref().map(|m| (m.host.clone(), m.port)),
                    exit_delay: Duration::from_secs(5),
                    traffic_every: Duration::from_secs(20),
                    poll_every: Duration::from_secs(1),
                };
                simulator::spawn(&options, simulator::demo_panels(), &stopped)
            };
            print_demo(&config, seeded, panels.len());
            let result = running.wait().await;
            let _ = stop.send(true);
            result
        }
        Command::Simulate {
            url,
            exit_delay,
            traffic_every,
            mqtt,
        } => {
            let mqtt = match mqtt {
                Some(address) => {
                    let (host, port) = address
                        .rsplit_once(':')
                        .and_then(|(h, p)| Some((h.to_owned(), p.parse::<u16>().ok()?)))
                        .ok_or_else(|| anyhow::anyhow!("--mqtt takes host:port, got {address}"))?;
                    Some((host, port))
                }
                None => None,
            };
            let options = simulator::SimOptions {
                base_url: url.unwrap_or_else(|| config.base_url()),
                mqtt,
                exit_delay: Duration::from_secs(exit_delay),
                traffic_every: Duration::from_secs(traffic_every.max(1)),
                poll_every: Duration::from_secs(1),
            };
            let (stop, stopped) = tokio::sync::watch::channel(false);
            let panels = simulator::spawn(&options, simulator::demo_panels(), &stopped);
            let target = options.mqtt.as_ref().map_or_else(
                || options.base_url.clone(),
                |(h, p)| format!("mqtt://{h}:{p}"),
            );
            println!("{} simulated panel(s) speaking to {target}", panels.len());
            tokio::signal::ctrl_c().await?;
            let _ = stop.send(true);
            for panel in panels {
                panel.await?;
            }
            Ok(())
        }
    }
}

fn print_demo(config: &Config, seeded: bool, panels: usize) {
    let origin = config.base_url();
    println!();
    println!(
        "  Abri demo — {} ({})",
        config.provider.name,
        if seeded {
            "demo data created"
        } else {
            "demo data already there"
        }
    );
    println!("  Open {origin}/login");
    println!("  Password for every demo account: {}", demo::DEMO_PASSWORD);
    for login in demo::LOGINS {
        let number = login.number.unwrap_or("-");
        println!(
            "    {:<15} {:<27} {:<10} {}",
            login.name, login.email, number, login.note
        );
    }
    println!("  Simulated alarm panels: {panels} (they arm, disarm and report like real ones)");
    println!("  Database: {}", config.database_url());
    println!("  Ctrl-C stops it.");
    println!();
}

fn init_logs(format: LogFormat) {
    let filter = EnvFilter::try_from_env("ABRI_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
}
