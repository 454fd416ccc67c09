//! The background worker: runs due jobs when woken by an enqueue, and every second otherwise
//! (retries fall due with time; other processes may enqueue).

use std::time::Duration;

use abri_app::App;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// Starts the worker; it stops when `stop` turns true.
pub fn spawn(app: App, mut stop: watch::Receiver<bool>) -> JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            if let Err(e) = app.run_due_jobs().await {
                tracing::error!(error = %e, "job worker");
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
