//! The sessions behind open live streams, checked together: every interval, one query per
//! [`CHUNK`] sessions tells which still stand, and the streams of those that ended (signed out,
//! revoked, expired) are told to stop. One query an interval for all streams, where each
//! stream used to ask for its own (BENCHMARKS.md B7: idle CPU with thousands of streams).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use abri_app::App;
use tokio::sync::watch;

/// Sessions per query.
const CHUNK: usize = 500;

/// The sessions of the open streams, each with how many streams follow it.
#[derive(Default)]
pub(crate) struct StreamSessions {
    watched: Mutex<HashMap<String, Watched>>,
}

struct Watched {
    streams: usize,
    /// Turns true when the session has ended.
    ended: watch::Sender<bool>,
}

/// A stream's hold on its session: [`Watching::ended`] resolves when the session ends; dropped
/// with the stream.
pub(crate) struct Watching {
    sessions: Arc<StreamSessions>,
    hash: String,
    ended: watch::Receiver<bool>,
}

impl Watching {
    /// Resolves once the session has ended (or the watch is gone).
    pub(crate) async fn ended(&mut self) {
        let _ = self.ended.wait_for(|ended| *ended).await;
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        let mut watched = self.sessions.lock();
        if let Some(entry) = watched.get_mut(&self.hash) {
            entry.streams -= 1;
            if entry.streams == 0 {
                watched.remove(&self.hash);
            }
        }
    }
}

impl StreamSessions {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Watched>> {
        self.watched.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Follows `session_hash` for one more stream.
    pub(crate) fn watch(self: &Arc<Self>, session_hash: &str) -> Watching {
        let mut watched = self.lock();
        let entry = watched
            .entry(session_hash.to_owned())
            .or_insert_with(|| Watched {
                streams: 0,
                ended: watch::channel(false).0,
            });
        entry.streams += 1;
        Watching {
            sessions: Arc::clone(self),
            hash: session_hash.to_owned(),
            ended: entry.ended.subscribe(),
        }
    }

    /// Checks every followed session once; on a storage failure the streams go on (the next
    /// check asks again).
    pub(crate) async fn check(&self, app: &App) {
        let hashes: Vec<String> = self.lock().keys().cloned().collect();
        for chunk in hashes.chunks(CHUNK) {
            match app.live_sessions_among(chunk).await {
                Ok(live) => {
                    let watched = self.lock();
                    for hash in chunk.iter().filter(|h| !live.contains(*h)) {
                        if let Some(entry) = watched.get(hash) {
                            entry.ended.send_replace(true);
                        }
                    }
                }
                Err(e) => tracing::warn!(error = %e, "checking the live streams' sessions"),
            }
        }
    }

    /// Checks every `every` until `closing` turns true.
    pub(crate) async fn run(
        self: Arc<Self>,
        app: Arc<App>,
        every: Duration,
        mut closing: watch::Receiver<bool>,
    ) {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = tick.tick() => self.check(&app).await,
                () = async { drop(closing.wait_for(|closing| *closing).await) } => return,
            }
        }
    }
}
