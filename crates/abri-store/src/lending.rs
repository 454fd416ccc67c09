//! SQLite's connections, lent out and handed back without sqlx's test on return.
//!
//! sqlx's pool pings every connection that comes back to it (`return_to_pool`), to flush what
//! a cancelled caller may have left running: on SQLite that ping is one more round trip to the
//! connection's thread for every statement, as costly as the statement itself
//! (BENCHMARKS.md B6), and for the one writer it sits between one write and the next. A
//! connection used to the end of its work comes back here as it is, untested; one whose caller
//! was cancelled mid-way is simply dropped, and sqlx's pool tests it as before. At most `size`
//! connections are out at once, so the pool never waits for one that sits here.

use std::ops::{Deref, DerefMut};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use sqlx::pool::PoolConnection;
use sqlx::sqlite::{SqliteConnection, SqliteTransactionManager};
use sqlx::{SqlSafeStr, Sqlite, SqlitePool};
use sqlx_core::transaction::TransactionManager;
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
    pub(crate) room: OwnedSemaphorePermit,
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
        let acquire = Arc::clone(&self.room).acquire_owned();
        let room = match tokio::time::timeout(ACQUIRE_TIMEOUT, acquire).await {
            Ok(Ok(room)) => room,
            Ok(Err(_)) => return Err(sqlx::Error::PoolClosed),
            Err(_) => return Err(sqlx::Error::PoolTimedOut),
        };
        let idle = self.idle().pop();
        let conn = match idle {
            Some(conn) => conn,
            None => self.pool.acquire().await?,
        };
        Ok(Lent { conn, room })
    }

    /// Takes back a connection whose work ran to its end.
    pub fn put_back(&self, lent: Lent) {
        self.put_back_conn(lent.conn);
    }

    /// [`Lender::put_back`] for a connection whose room is released by its holder.
    pub(crate) fn put_back_conn(&self, conn: PoolConnection<Sqlite>) {
        self.idle().push(conn);
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

/// A transaction on SQLite's writer, lent from its [`Lender`]. Dropped without
/// [`SqliteTx::commit`] (an error, a cancelled request), it rolls back: the rollback is queued on
/// the connection's thread, as sqlx's own transaction does, and the connection goes back
/// through sqlx's pool and its test.
#[derive(Debug)]
pub struct SqliteTx {
    /// Taken only when the transaction is dropped.
    conn: Option<PoolConnection<Sqlite>>,
    writer: Arc<Lender>,
    open: bool,
    _room: OwnedSemaphorePermit,
}

impl SqliteTx {
    /// Opens a transaction on the writer with `statement` (`BEGIN IMMEDIATE`).
    pub(crate) async fn begin(
        writer: &Arc<Lender>,
        statement: &'static str,
    ) -> Result<Self, sqlx::Error> {
        let Lent { conn, room } = writer.get().await?;
        let mut tx = Self {
            conn: Some(conn),
            writer: Arc::clone(writer),
            open: true,
            _room: room,
        };
        SqliteTransactionManager::begin(&mut tx, Some(statement.into_sql_str())).await?;
        Ok(tx)
    }

    /// Commits; on failure nothing is applied and the drop rolls back.
    pub(crate) async fn commit(mut self) -> Result<(), sqlx::Error> {
        SqliteTransactionManager::commit(&mut self).await?;
        self.open = false;
        Ok(())
    }
}

impl Deref for SqliteTx {
    type Target = SqliteConnection;

    fn deref(&self) -> &SqliteConnection {
        match &self.conn {
            Some(conn) => conn,
            None => unreachable!("the connection is taken only by drop"),
        }
    }
}

impl DerefMut for SqliteTx {
    fn deref_mut(&mut self) -> &mut SqliteConnection {
        match &mut self.conn {
            Some(conn) => conn,
            None => unreachable!("the connection is taken only by drop"),
        }
    }
}

impl Drop for SqliteTx {
    fn drop(&mut self) {
        let Some(mut conn) = self.conn.take() else {
            return;
        };
        if self.open {
            SqliteTransactionManager::start_rollback(&mut conn);
            drop(conn);
        } else {
            self.writer.put_back_conn(conn);
        }
    }
}
