//! SQLite's writes run on the caller's own thread (rusqlite), one at a time.
//!
//! sqlx runs each SQLite connection on a thread of its own and sends it every statement through
//! a channel: two thread switches a statement, and for a transaction of a hundred inserts most
//! of its cost (BENCHMARKS.md B6, B10, B12). A transaction ([`Tx`]) on SQLite is therefore a
//! rusqlite transaction on the one read-write connection, taken under the writer's permit of
//! one, so that writes queue in the process, not in SQLite's lock (whose busy handler sleeps
//! 1, 2, 5, 10 ms… between tries). A single write outside a transaction ([`Db::write`],
//! [`Db::write_returning`]) is a transaction of one statement here. The migrations and the
//! checkpoint that holds writes back take the same permit. A commit
//! in WAL mode with `synchronous = NORMAL` does not wait for the disk and no commit runs a
//! checkpoint (the background task does), so the work stays short enough for the request's
//! thread, as the inline reads' does.
//!
//! Dropped without its commit (an error, a cancelled request), the transaction rolls back at
//! once, on the thread that drops it. Each statement spends a unit of the task's cooperative
//! budget, so that a long transaction (an ingest group of thousands of events) lets the other
//! tasks of its thread run every 128 statements, as it did while each statement was awaited.
//!
//! PostgreSQL runs the same SQL, arguments and decoding through sqlx ([`crate::cells`]).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::task::coop::consume_budget;

use crate::cells::{Arg, FromColumns, all_rows, first_row, pg_query, pg_row, pg_rows};
use crate::inline::{PREPARED, bound};
use crate::lending::permit;
use crate::{Db, StoreError, Tx};

/// The read-write connection SQLite's transactions run on (one at a time: the writer's permit).
#[derive(Debug)]
pub(crate) struct InlineWriter {
    path: PathBuf,
    /// `None` once closed; `Some(None)` while a transaction holds the connection.
    idle: Mutex<Option<Option<Connection>>>,
    /// The permit of one every write takes.
    room: Arc<Semaphore>,
}

impl InlineWriter {
    /// Opens the connection to `path`, an SQLite file already in WAL mode.
    pub(crate) fn open(path: &Path) -> Result<Self, StoreError> {
        let first = Self::connect(path)?;
        Ok(Self {
            path: path.to_owned(),
            idle: Mutex::new(Some(Some(first))),
            room: Arc::new(Semaphore::new(1)),
        })
    }

    /// The writer's permit: while it is held nothing else writes.
    ///
    /// # Errors
    /// [`sqlx::Error::PoolTimedOut`] after 30 s; `PoolClosed` once closed.
    pub(crate) async fn permit(&self) -> Result<OwnedSemaphorePermit, StoreError> {
        Ok(permit(&self.room).await?)
    }

    /// The pragmas of sqlx's connections (`Db::connect`): a commit neither syncs nor checkpoints.
    fn connect(path: &Path) -> Result<Connection, StoreError> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(Duration::from_secs(5))?;
        conn.set_prepared_statement_cache_capacity(PREPARED);
        conn.execute_batch(
            "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; \
             PRAGMA wal_autocheckpoint = 0; PRAGMA journal_size_limit = 67108864;",
        )?;
        Ok(conn)
    }

    /// The connection (opened again if the last one was dropped after a failed rollback).
    fn take(&self) -> Result<Connection, StoreError> {
        let taken = self
            .idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_mut()
            .map(Option::take);
        match taken {
            None => Err(sqlx::Error::PoolClosed.into()),
            Some(Some(conn)) => Ok(conn),
            Some(None) => Self::connect(&self.path),
        }
    }

    fn give_back(&self, conn: Connection) {
        if let Some(idle) = self
            .idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_mut()
        {
            *idle = Some(conn);
        }
    }

    /// Whether the connection sits ready (not held by a transaction, not closed).
    pub(crate) fn is_idle(&self) -> bool {
        self.idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
            .is_some_and(Option::is_some)
    }

    /// How many pages of log a commit on this connection would checkpoint (none: 0).
    pub(crate) async fn autocheckpoint_pages(&self) -> Result<i64, StoreError> {
        let _room = self.permit().await?;
        let conn = self.take()?;
        let pages = conn.query_row("PRAGMA wal_autocheckpoint", [], |row| row.get(0));
        self.give_back(conn);
        Ok(pages?)
    }

    /// Closes the connection; transactions fail from now on.
    pub(crate) fn close(&self) {
        self.room.close();
        self.idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
    }
}

/// A transaction on SQLite, on the caller's thread. Dropped without [`SqliteTx::commit`], it
/// rolls back.
#[derive(Debug)]
pub struct SqliteTx {
    /// Taken only when the transaction is dropped.
    conn: Option<Connection>,
    writer: Arc<InlineWriter>,
    open: bool,
    _room: OwnedSemaphorePermit,
}

impl SqliteTx {
    /// Takes the writer's permit, then opens the transaction with `BEGIN IMMEDIATE` (the write
    /// lock at once, so a write after a read never fails on upgrade).
    pub(crate) async fn begin(writer: &Arc<InlineWriter>) -> Result<Self, StoreError> {
        let room = writer.permit().await?;
        let mut tx = Self {
            conn: Some(writer.take()?),
            writer: Arc::clone(writer),
            open: false,
            _room: room,
        };
        tx.run("BEGIN IMMEDIATE")?;
        tx.open = true;
        Ok(tx)
    }

    /// Commits; on failure nothing is applied and the drop rolls back.
    pub(crate) fn commit(mut self) -> Result<(), StoreError> {
        self.run("COMMIT")?;
        self.open = false;
        Ok(())
    }

    fn conn(&self) -> Result<&Connection, StoreError> {
        self.conn
            .as_ref()
            .ok_or(StoreError::Sqlx(sqlx::Error::PoolClosed))
    }

    fn run(&self, sql: &'static str) -> Result<(), StoreError> {
        self.conn()?.prepare_cached(sql)?.raw_execute()?;
        Ok(())
    }
}

impl Drop for SqliteTx {
    fn drop(&mut self) {
        let Some(conn) = self.conn.take() else {
            return;
        };
        if self.open {
            let rolled_back = conn
                .prepare_cached("ROLLBACK")
                .and_then(|mut s| s.raw_execute())
                .is_ok();
            // A connection still inside a transaction is closed instead (closing rolls back).
            if !rolled_back && !conn.is_autocommit() {
                return;
            }
        }
        self.writer.give_back(conn);
    }
}

impl Db {
    /// Runs one statement that writes, on its own; how many rows it changed. On SQLite it is a
    /// transaction of one statement on the caller's thread (no hand-off to sqlx's writer).
    ///
    /// Boxed: the work's state (a transaction on either backend, sqlx's futures) is several
    /// KiB, and a caller's future would otherwise carry it inline whether or not it writes — the
    /// session check every page and live stream runs (`touch_session`) made each idle live
    /// stream hold 3 KiB more (BENCHMARKS.md B7: 11.8 → 15.3 KiB).
    pub(crate) async fn write(
        &self,
        sql: &'static str,
        args: &[Arg<'_>],
    ) -> Result<u64, StoreError> {
        Box::pin(self.write_now(sql, args)).await
    }

    async fn write_now(&self, sql: &'static str, args: &[Arg<'_>]) -> Result<u64, StoreError> {
        match self {
            Self::Sqlite(_) => {
                let mut tx = self.begin().await?;
                let changed = tx.execute(sql, args).await?;
                tx.commit().await?;
                Ok(changed)
            }
            Self::Postgres(pool) => {
                let query = pg_query(sql, args);
                Ok(query.execute(pool).await?.rows_affected())
            }
        }
    }

    /// Runs one statement that writes and returns rows (`RETURNING`), on its own: every row.
    /// Boxed, as [`Db::write`].
    pub(crate) async fn write_returning<T: FromColumns>(
        &self,
        sql: &'static str,
        args: &[Arg<'_>],
    ) -> Result<Vec<T>, StoreError> {
        Box::pin(async move {
            match self {
                Self::Sqlite(_) => {
                    let mut tx = self.begin().await?;
                    let rows = tx.fetch_all(sql, args).await?;
                    tx.commit().await?;
                    Ok(rows)
                }
                Self::Postgres(pool) => pg_rows(&pg_query(sql, args).fetch_all(pool).await?),
            }
        })
        .await
    }

    /// [`Db::write_returning`]'s first row, if any.
    pub(crate) async fn write_returning_first<T: FromColumns>(
        &self,
        sql: &'static str,
        args: &[Arg<'_>],
    ) -> Result<Option<T>, StoreError> {
        Ok(self.write_returning(sql, args).await?.into_iter().next())
    }

    /// [`Db::write_returning`]'s one row; none is an error.
    pub(crate) async fn write_returning_one<T: FromColumns>(
        &self,
        sql: &'static str,
        args: &[Arg<'_>],
    ) -> Result<T, StoreError> {
        self.write_returning_first(sql, args)
            .await?
            .ok_or(StoreError::Sqlx(sqlx::Error::RowNotFound))
    }
}

impl Tx {
    /// Runs a statement that returns no rows; how many rows it changed.
    pub(crate) async fn execute(
        &mut self,
        sql: &'static str,
        args: &[Arg<'_>],
    ) -> Result<u64, StoreError> {
        match self {
            Self::Sqlite(tx) => {
                consume_budget().await;
                let changed = bound(tx.conn()?, sql, args)?.raw_execute()?;
                Ok(u64::try_from(changed).unwrap_or(u64::MAX))
            }
            Self::Postgres(tx) => {
                let query = pg_query(sql, args);
                Ok(query.execute(&mut **tx).await?.rows_affected())
            }
        }
    }

    /// The first row a statement returns, if any.
    pub(crate) async fn fetch_optional<T: FromColumns>(
        &mut self,
        sql: &'static str,
        args: &[Arg<'_>],
    ) -> Result<Option<T>, StoreError> {
        match self {
            Self::Sqlite(tx) => {
                consume_budget().await;
                first_row(&mut bound(tx.conn()?, sql, args)?)
            }
            Self::Postgres(tx) => {
                let query = pg_query(sql, args);
                let row = query.fetch_optional(&mut **tx).await?;
                row.as_ref().map(pg_row).transpose()
            }
        }
    }

    /// The one row a statement returns; none is an error.
    pub(crate) async fn fetch_one<T: FromColumns>(
        &mut self,
        sql: &'static str,
        args: &[Arg<'_>],
    ) -> Result<T, StoreError> {
        self.fetch_optional(sql, args)
            .await?
            .ok_or(StoreError::Sqlx(sqlx::Error::RowNotFound))
    }

    /// Every row a statement returns.
    pub(crate) async fn fetch_all<T: FromColumns>(
        &mut self,
        sql: &'static str,
        args: &[Arg<'_>],
    ) -> Result<Vec<T>, StoreError> {
        match self {
            Self::Sqlite(tx) => {
                consume_budget().await;
                all_rows(&mut bound(tx.conn()?, sql, args)?)
            }
            Self::Postgres(tx) => {
                let query = pg_query(sql, args);
                pg_rows(&query.fetch_all(&mut **tx).await?)
            }
        }
    }
}
