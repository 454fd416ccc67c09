//! SQLite's read connections, handed back without sqlx's test on return.
//!
//! sqlx's pool pings every connection that comes back to it (`return_to_pool`), to flush what
//! a cancelled caller may have left running: on SQLite that ping is one more round trip to the
//! connection's thread for every statement, as costly as the statement itself
//! (BENCHMARKS.md B6). A reader used to the end of its statement comes back here as it is,
//! untested; one whose caller was cancelled mid-statement is simply dropped, and sqlx's pool
//! tests it as before. At most `size` readers are out at once, so the pool never waits for a
//! connection that sits here.

use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use sqlx::pool::PoolConnection;
use sqlx::{Sqlite, SqlitePool};
use tokio::sync::{Semaphore, SemaphorePermit};

/// How long a statement waits for a free reader (sqlx's pool's default).
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(30);

/// The read connections: sqlx's pool, and those handed back since.
#[derive(Debug)]
pub struct Readers {
    pool: SqlitePool,
    idle: Mutex<Vec<PoolConnection<Sqlite>>>,
    room: Semaphore,
}

/// A read connection lent out; give it back with [`Readers::put_back`] once its statement
/// has finished.
#[derive(Debug)]
pub struct Reader<'a> {
    /// The connection (an executor as `&mut *reader.conn`).
    pub conn: PoolConnection<Sqlite>,
    _room: SemaphorePermit<'a>,
}

impl Readers {
    /// Lends out at most `size` connections of `pool` (its own maximum).
    pub(crate) fn new(pool: SqlitePool, size: usize) -> Self {
        Self {
            pool,
            idle: Mutex::new(Vec::with_capacity(size)),
            room: Semaphore::new(size),
        }
    }

    /// A reader: one handed back if any, else one of the pool's.
    ///
    /// # Errors
    /// [`sqlx::Error::PoolTimedOut`] when none frees up within 30 s; the pool's errors.
    pub async fn get(&self) -> Result<Reader<'_>, sqlx::Error> {
        let room = match tokio::time::timeout(ACQUIRE_TIMEOUT, self.room.acquire()).await {
            Ok(Ok(room)) => room,
            Ok(Err(_)) => return Err(sqlx::Error::PoolClosed),
            Err(_) => return Err(sqlx::Error::PoolTimedOut),
        };
        let idle = self.idle().pop();
        let conn = match idle {
            Some(conn) => conn,
            None => self.pool.acquire().await?,
        };
        Ok(Reader { conn, _room: room })
    }

    /// Takes back a reader whose statement ran to its end.
    pub fn put_back(&self, reader: Reader<'_>) {
        self.idle().push(reader.conn);
    }

    /// How many readers sit handed back, ready to lend.
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

/// Runs `$body` on an SQLite reader of `$pools` and hands it back when `$body` has finished:
/// `on_reader!(pools, |conn| sqlx::query(…).fetch_all(conn).await)`, a `Result<_, sqlx::Error>`.
#[macro_export]
macro_rules! on_reader {
    ($pools:expr, |$conn:ident| $body:expr) => {
        match $pools.read.get().await {
            Err(e) => Err(e),
            Ok(mut reader) => {
                let $conn = &mut *reader.conn;
                let out = $body;
                $pools.read.put_back(reader);
                out
            }
        }
    };
}
