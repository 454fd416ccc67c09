//! The sessions behind open live streams, checked together: every interval, one query per
//! [`CHUNK`] sessions tells which still stand; the streams of those that ended (signed out,
//! revoked, expired) are told to stop, the others to send their keep-alive comment. One query
//! and one signal an interval for all streams, where each stream used to ask for its own
//! session and keep a timer of its own (BENCHMARKS.md B7: memory and idle CPU with thousands of
//! streams). When the server shuts down, every stream is told to stop.

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
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    watched: HashMap<Arc<str>, Watched>,
    /// The server is shutting down: new streams start ended.
    closed: bool,
}

struct Watched {
    streams: usize,
    standing: watch::Sender<Standing>,
}

/// What the streams of one session are told.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Standing {
    /// The session stands; counts the checks, each one a keep-alive for its streams.
    Open(u32),
    /// The session ended, or the server is shutting down.
    Ended,
}

/// What [`Watching::heard`] tells a stream.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Heard {
    /// The session still stands: time for a keep-alive comment.
    KeepAlive,
    /// The session ended, or the server is shutting down: end the stream.
    Ended,
}

/// A stream's hold on its session; dropped with the stream.
pub(crate) struct Watching {
    sessions: Arc<StreamSessions>,
    hash: Arc<str>,
    standing: watch::Receiver<Standing>,
}

impl Watching {
    /// Whether the stream should end now, before waiting on anything.
    pub(crate) fn has_ended(&self) -> bool {
        *self.standing.borrow() == Standing::Ended
    }

    /// Resolves at the next check of the session (or when the server shuts down).
    pub(crate) async fn heard(&mut self) -> Heard {
        if self.standing.changed().await.is_err() {
            return Heard::Ended;
        }
        match *self.standing.borrow_and_update() {
            Standing::Open(_) => Heard::KeepAlive,
            Standing::Ended => Heard::Ended,
        }
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        let mut inner = self.sessions.lock();
        if let Some(entry) = inner.watched.get_mut(&self.hash) {
            entry.streams -= 1;
            if entry.streams == 0 {
                inner.watched.remove(&self.hash);
            }
        }
    }
}

impl StreamSessions {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Follows `session_hash` for one more stream.
    pub(crate) fn watch(self: &Arc<Self>, session_hash: &str) -> Watching {
        let mut inner = self.lock();
        let first = if inner.closed {
            Standing::Ended
        } else {
            Standing::Open(0)
        };
        let hash = inner
            .watched
            .get_key_value(session_hash)
            .map_or_else(|| Arc::from(session_hash), |(hash, _)| Arc::clone(hash));
        let entry = inner
            .watched
            .entry(Arc::clone(&hash))
            .or_insert_with(|| Watched {
                streams: 0,
                standing: watch::channel(first).0,
            });
        entry.streams += 1;
        Watching {
            sessions: Arc::clone(self),
            hash,
            standing: entry.standing.subscribe(),
        }
    }

    /// Checks every followed session once. On a storage failure the streams go on and get
    /// their keep-alive (the next check asks again).
    pub(crate) async fn check(&self, app: &App) {
        let hashes: Vec<Arc<str>> = self.lock().watched.keys().cloned().collect();
        for chunk in hashes.chunks(CHUNK) {
            let asked: Vec<String> = chunk.iter().map(|h| h.to_string()).collect();
            let live = match app.live_sessions_among(&asked).await {
                Ok(live) => Some(live),
                Err(e) => {
                    tracing::warn!(error = %e, "checking the live streams' sessions");
                    None
                }
            };
            let inner = self.lock();
            for hash in chunk {
                let Some(entry) = inner.watched.get(hash) else {
                    continue;
                };
                if live.as_ref().is_some_and(|live| !live.contains(&**hash)) {
                    entry.standing.send_replace(Standing::Ended);
                } else {
                    entry.standing.send_modify(|standing| {
                        if let Standing::Open(checks) = standing {
                            *checks = checks.wrapping_add(1);
                        }
                    });
                }
            }
        }
    }

    /// Tells every stream to end, and every stream opened from now on.
    pub(crate) fn close(&self) {
        let mut inner = self.lock();
        inner.closed = true;
        for entry in inner.watched.values() {
            entry.standing.send_replace(Standing::Ended);
        }
    }

    /// Checks every `every` until `closing` turns true, then ends every stream.
    pub(crate) async fn run(
        self: Arc<Self>,
        app: Arc<App>,
        every: Duration,
        mut closing: watch::Receiver<bool>,
    ) {
        let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = tick.tick() => self.check(&app).await,
                () = async { drop(closing.wait_for(|closing| *closing).await) } => {
                    self.close();
                    return;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn closing_ends_open_streams_and_those_opened_after() {
        let sessions = Arc::new(StreamSessions::default());
        let mut open = sessions.watch("a");
        let mut same_session = sessions.watch("a");
        assert!(!open.has_ended());
        sessions.close();
        assert_eq!(open.heard().await, Heard::Ended);
        assert_eq!(same_session.heard().await, Heard::Ended);
        let late = sessions.watch("b");
        assert!(
            late.has_ended(),
            "a stream opened during the shutdown ends at once"
        );
    }

    #[test]
    fn a_session_is_forgotten_with_its_last_stream() {
        let sessions = Arc::new(StreamSessions::default());
        let first = sessions.watch("a");
        let second = sessions.watch("a");
        assert!(
            Arc::ptr_eq(&first.hash, &second.hash),
            "one copy of the hash"
        );
        drop(first);
        assert_eq!(sessions.lock().watched.len(), 1);
        drop(second);
        assert!(sessions.lock().watched.is_empty());
    }
}
