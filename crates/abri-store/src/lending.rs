//! SQLite's connections, lent out and handed back without sqlx's test on return.
//!
//! sqlx's pool pings every connection that comes back to it (`return_to_pool`), to flush what
//! a cancelled caller may have left running: on SQLite that ping is one more round trip to the
//! connection's thread for every statement, as costly as the statement itself
//! (BENCHMARKS.md B6), and for the one writer it sits between one write and the next. A
//! connection used to the end of its work comes back here as it is, untested; one whose caller
//! was cancelled mid-way is simply dropped, and sqlx's pool tests it as before. At most `size`
//! connections are out at once, so the pool never waits for one that sits here.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use sqlx::pool::PoolConnection;
use sqlx::{Sqlite, SqlitePool};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// How long work waits for a free connection (sqlx's pool's default).
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(30);

/// Connections of one sqlx pool: the pool, and those handed back since.
#[derive(Debug)]
pub struct Lender {
    pool: SqlitePool,
    idle: Mutex<Vec<PoolConnection<Sqlite>>>,
    room: Arc<Semaphore>,
}

/// A connection lent out; give it back with [`Lender::put_back`] once its work has finished.
#[derive(Debug)]
pub struct Lent {
    /// The connection (an executor as `&mut *lent.conn`).
    pub conn: PoolConnection<Sqlite>,
    /// Its room in the pool, freed with it.
    _room: OwnedSemaphorePermit,
}

impl Lender {
    /// Lends out at most `size` connections of `pool` (its own maximum).
    pub(crate) fn new(pool: SqlitePool, size: usize) -> Self {
        Self {
            pool,
            idle: Mutex::new(Vec::with_capacity(size)),
            room: Arc::new(Semaphore::new(size)),
        }
    }

    /// A connection: one handed back if any (the latest: its thread is the likeliest awake),
    /// else one of the pool's.
    ///
    /// # Errors
    /// [`sqlx::Error::PoolTimedOut`] when none frees up within 30 s; the pool's errors.
    pub async fn get(&self) -> Result<Lent, sqlx::Error> {
        let room = permit(&self.room).await?;
        let idle = self.idle().pop();
        let conn = match idle {
            Some(conn) => conn,
            None => self.pool.acquire().await?,
        };
        Ok(Lent { conn, _room: room })
    }

    /// Takes back a connection whose work ran to its end.
    pub fn put_back(&self, lent: Lent) {
        self.idle().push(lent.conn);
    }

    /// How many connections sit handed back, ready to lend.
    #[must_use]
    pub fn handed_back(&self) -> usize {
        self.idle().len()
    }

    /// Closes every connection.
    pub async fn close(&self) {
        self.room.close();
        self.idle().clear();
        self.pool.close().await;
    }

    fn idle(&self) -> std::sync::MutexGuard<'_, Vec<PoolConnection<Sqlite>>> {
        self.idle.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Room in `room`, waited for as sqlx's pool waits for a connection.
///
/// # Errors
/// [`sqlx::Error::PoolTimedOut`] when no room frees up within 30 s; `PoolClosed` once closed.
pub(crate) async fn permit(room: &Arc<Semaphore>) -> Result<OwnedSemaphorePermit, sqlx::Error> {
    match tokio::time::timeout(ACQUIRE_TIMEOUT, Arc::clone(room).acquire_owned()).await {
        Ok(Ok(room)) => Ok(room),
        Ok(Err(_)) => Err(sqlx::Error::PoolClosed),
        Err(_) => Err(sqlx::Error::PoolTimedOut),
    }
}

/// Runs `$body` on a connection of `$lender` and hands it back when `$body` has finished:
/// `lend!(pools.read, |conn| sqlx::query(…).fetch_all(conn).await)`, a
/// `Result<_, sqlx::Error>`.
#[macro_export]
macro_rules! lend {
    ($lender:expr, |$conn:ident| $body:expr) => {
        match $lender.get().await {
            Err(e) => Err(e),
            Ok(mut lent) => {
                let $conn = &mut *lent.conn;
                let out = $body;
                $lender.put_back(lent);
                out
            }
        }
    };
}
