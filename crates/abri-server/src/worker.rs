//! The background worker: runs due jobs when woken by an enqueue, and every second otherwise
//! (retries fall due with time; other processes may enqueue); every 30 seconds it marks silent
//! alarm panels offline.

use std::time::Duration;

use abri_app::App;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// How often silent panels are looked for.
const HEALTH_EVERY: Duration = Duration::from_secs(30);

/// Starts the worker; it stops when `stop` turns true.
pub fn spawn(app: App, mut stop: watch::Receiver<bool>) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut health_due = tokio::time::Instant::now();
        loop {
            if let Err(e) = app.run_due_jobs().await {
                tracing::error!(error = %e, "job worker");
            }
            if tokio::time::Instant::now() >= health_due {
                health_due = tokio::time::Instant::now() + HEALTH_EVERY;
                if let Err(e) = app.check_panel_health().await {
                    tracing::error!(error = %e, "panel health");
                }
            }
            tokio::select! {
                () = app.ports.wakeup.notified() => {}
                () = tokio::time::sleep(Duration::from_secs(1)) => {}
                _ = stop.changed() => {}
            }
            if *stop.borrow() {
                return;
            }
        }
    })
}
