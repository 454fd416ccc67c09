//! The connection pool over one of two backends, opening and migrating it.

use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, SqlitePool};

use crate::inline::InlineReaders;
use crate::lending::Lender;
use crate::writer::{InlineWriter, SqliteTx};

/// SQLite's read connections.
const READERS: usize = 8;

/// A failure of the storage layer. Callers turn it into "unavailable" or "internal".
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database refused or failed the query.
    #[error("database error: {0}")]
    Sqlx(#[from] sqlx::Error),
    /// SQLite refused or failed a read run on the caller's thread ([`crate::inline`]).
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A migration failed.
    #[error("migration error: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A stored value could not be read back as a domain value.
    #[error("corrupt stored value in {column}: {value}")]
    Corrupt {
        /// Which column.
        column: &'static str,
        /// What was found.
        value: String,
    },
    /// The database URL is neither an SQLite file nor PostgreSQL.
    #[error("unsupported database URL (expected sqlite:// and a file, or postgres:)")]
    UnsupportedUrl,
}

impl StoreError {
    /// Whether the failure is a momentary overload (no free connection), not a fault.
    #[must_use]
    pub fn is_busy(&self) -> bool {
        matches!(self, Self::Sqlx(sqlx::Error::PoolTimedOut))
    }
}

/// Which database a [`Db`] talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// SQLite, the embedded default.
    Sqlite,
    /// PostgreSQL, for scale.
    Postgres,
}

/// The database: SQLite (WAL) or PostgreSQL, chosen by URL.
#[derive(Clone, Debug)]
pub enum Db {
    /// An SQLite file.
    Sqlite(SqlitePools),
    /// A PostgreSQL server.
    Postgres(PgPool),
}

/// SQLite's connections: one writer, so that writes queue in the process instead of meeting
/// in SQLite's lock (whose busy handler sleeps 1, 2, 5, 10 ms… between tries), and read-only
/// readers, which WAL lets run beside it.
#[derive(Clone, Debug)]
pub struct SqlitePools {
    /// Readers (read-only connections: a write sent here fails at once).
    pub read: Arc<Lender>,
    /// Readers used on the caller's thread, for the short reads of every page.
    pub(crate) inline: Arc<InlineReaders>,
    /// The one writer, on the caller's thread, with its permit of one ([`crate::writer`]).
    pub(crate) writer: Arc<InlineWriter>,
    /// The connection that copies the log back into the database (sqlx's; the migrations run on
    /// it too, under the writer's permit).
    checkpoint: SqlitePool,
}

/// An open transaction on either backend; dropped without [`Tx::commit`], it rolls back.
pub enum Tx {
    /// On SQLite.
    Sqlite(SqliteTx),
    /// On PostgreSQL.
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
}

impl Tx {
    /// Makes every change of the transaction durable at once.
    ///
    /// # Errors
    /// When the commit fails (nothing is applied then).
    pub async fn commit(self) -> Result<(), StoreError> {
        match self {
            Self::Sqlite(tx) => tx.commit()?,
            Self::Postgres(tx) => tx.commit().await?,
        }
        Ok(())
    }
}

/// Runs the same query code on whichever pool `db` holds.
///
/// `dispatch!(db, |pool| sqlx::query(SQL).bind(x).execute(pool).await.map(|r| r.rows_affected()))`: the closure-like body
/// is expanded once per backend, so SQL and bindings are written once and type-checked twice.
#[macro_export]
macro_rules! dispatch {
    ($db:expr, |$pool:ident| $body:expr) => {
        match $db {
            $crate::Db::Sqlite(pools) => $crate::lend!(pools.read, |$pool| $body),
            $crate::Db::Postgres($pool) => $body,
        }
    };
}

/// How often the write-ahead log is copied back.
const CHECKPOINT_EVERY: Duration = Duration::from_millis(250);

/// Frames (pages) of log past which writes are held back for a checkpoint: 64 MiB, the length
/// `journal_size_limit` keeps. Each hold stops writes for the rest of a copy and its two fsyncs
/// (5–20 ms here), so it is kept rare: at 16 MiB B6's batched inserts were held back four times
/// a second (0.61–0.63 of rusqlite then, 0.76–0.82 with no hold, before B6's peer paid for its
/// own log).
const LOG_HELD_AT: i64 = 16_384;

/// Copies the write-ahead log back into the database four times a second, off the request path
/// (SQLite's automatic checkpoint runs inside the commit that crosses 1,000 pages: a write
/// then waited for the copy and its fsync, BENCHMARKS.md B9). `PASSIVE` never blocks writers
/// or readers (`TRUNCATE` did, for tens of ms). The log starts over from its beginning at the
/// first write after a checkpoint that copied all of it; under a sustained stream of writes
/// that moment never comes (each commit adds frames while the copy runs), and the log grew
/// by 140 MB a second under B10's ingest, every frame a new block of the file to allocate and
/// zero. So once the log passes [`LOG_HELD_AT`] frames, the checkpoint is run again under the
/// writer's permit: the few frames added since the first copy are copied with no
/// write in between, and the next write starts the log over, in blocks the file already has.
/// `journal_size_limit` trims a longer log to 64 MiB when it starts over.
async fn checkpoints(pool: sqlx::SqlitePool, writer: Arc<InlineWriter>) {
    let mut tick = tokio::time::interval(CHECKPOINT_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    while !pool.is_closed() {
        tick.tick().await;
        let mut copied = checkpoint(&pool).await;
        if matches!(copied, Ok(log) if log > LOG_HELD_AT) {
            copied = match writer.permit().await {
                // The permit is held until the second copy has finished.
                Ok(_room) => checkpoint(&pool).await,
                Err(e) => Err(e),
            };
        }
        if let Err(e) = copied
            && !pool.is_closed()
        {
            tracing::warn!(error = %e, "WAL checkpoint");
        }
    }
}

/// A `PASSIVE` checkpoint; the log's length in frames.
async fn checkpoint(pool: &sqlx::SqlitePool) -> Result<i64, StoreError> {
    let (_busy, log, _copied): (i64, i64, i64) = sqlx::query_as("PRAGMA wal_checkpoint(PASSIVE)")
        .fetch_one(pool)
        .await?;
    Ok(log)
}

impl SqlitePools {
    /// Whether the transactions' connection sits ready: not held by a transaction, not
    /// dropped after one (for tests).
    #[must_use]
    pub fn transactions_connection_ready(&self) -> bool {
        self.writer.is_idle()
    }

    /// How many pages of log a commit on the writer checkpoints itself (none: 0; for tests).
    ///
    /// # Errors
    /// When the writer is closed or fails.
    pub async fn writer_autocheckpoint_pages(&self) -> Result<i64, StoreError> {
        self.writer.autocheckpoint_pages().await
    }
}

impl Db {
    /// Connects to `url` (`sqlite://path` or `postgres://…`), creating an SQLite file if needed.
    ///
    /// # Errors
    /// When the URL is not supported or the database cannot be reached.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        if url.starts_with("sqlite:") {
            if url.contains(":memory:") || url.contains("mode=memory") {
                // Several connections must reach the same data: a file.
                return Err(StoreError::UnsupportedUrl);
            }
            let options = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(5))
                // No commit pays for a checkpoint: `checkpoints` does them in the background.
                .pragma("wal_autocheckpoint", "0")
                .pragma("journal_size_limit", "67108864");
            // An embedded file's connection cannot be lost: no ping before every use (sqlx's
            // default), which was a second round trip to the connection's thread for each
            // statement (BENCHMARKS.md B12: 1,020 → 1,360–1,980 jobs/s).
            let pool = || SqlitePoolOptions::new().test_before_acquire(false);
            let one = || pool().max_connections(1).min_connections(1);
            let checkpoint = one().connect_with(options.clone()).await?;
            // After sqlx's first connection: the file and its log exist, in WAL mode.
            let inline = Arc::new(InlineReaders::open(options.get_filename())?);
            let writer = Arc::new(InlineWriter::open(options.get_filename())?);
            let read = pool()
                .max_connections(READERS as u32)
                .connect_with(options.read_only(true))
                .await?;
            let read = Arc::new(Lender::new(read, READERS));
            tokio::spawn(checkpoints(checkpoint.clone(), Arc::clone(&writer)));
            Ok(Self::Sqlite(SqlitePools {
                read,
                inline,
                writer,
                checkpoint,
            }))
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let options = PgConnectOptions::from_str(url)?;
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(5))
                .connect_with(options)
                .await?;
            Ok(Self::Postgres(pool))
        } else {
            Err(StoreError::UnsupportedUrl)
        }
    }

    /// The URL of an SQLite file at `path`.
    #[must_use]
    pub fn sqlite_url(path: &Path) -> String {
        format!("sqlite://{}", path.display())
    }

    /// Opens a transaction: the changes made through it apply together or not at all.
    ///
    /// # Errors
    /// When no connection can be had.
    pub async fn begin(&self) -> Result<Tx, StoreError> {
        Ok(match self {
            // IMMEDIATE: take the write lock now, so a write after a read never fails on upgrade.
            Self::Sqlite(pools) => Tx::Sqlite(SqliteTx::begin(&pools.writer).await?),
            Self::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }

    /// Which backend this is.
    #[must_use]
    pub const fn backend(&self) -> Backend {
        match self {
            Self::Sqlite(_) => Backend::Sqlite,
            Self::Postgres(_) => Backend::Postgres,
        }
    }

    /// Brings the schema up to date (migrations embedded in the binary).
    ///
    /// # Errors
    /// When a migration fails.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        match self {
            Self::Sqlite(pools) => {
                let _room = pools.writer.permit().await?;
                sqlx::migrate!("./migrations/sqlite")
                    .run(&pools.checkpoint)
                    .await?;
            }
            Self::Postgres(pool) => sqlx::migrate!("./migrations/postgres").run(pool).await?,
        }
        Ok(())
    }

    /// Answers when the database does (for `/readyz`).
    ///
    /// # Errors
    /// When it does not.
    pub async fn ping(&self) -> Result<(), StoreError> {
        dispatch!(self, |pool| sqlx::query("SELECT 1")
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Every table with its columns, sorted: what the schema-parity test compares.
    ///
    /// # Errors
    /// When the catalogue cannot be read.
    pub async fn schema(&self) -> Result<Vec<(String, Vec<String>)>, StoreError> {
        let pairs: Vec<(String, String)> =
            match self {
                Self::Sqlite(pools) => crate::lend!(pools.read, |conn| {
                    sqlx::query_as(
                        "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p \
                     WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' \
                     AND m.name NOT LIKE '_sqlx%'",
                    )
                    .fetch_all(conn)
                    .await
                })?,
                Self::Postgres(pool) => sqlx::query_as(
                    "SELECT table_name::text, column_name::text FROM information_schema.columns \
                     WHERE table_schema = current_schema() AND table_name NOT LIKE '_sqlx%'",
                )
                .fetch_all(pool)
                .await?,
            };
        let mut tables: std::collections::BTreeMap<String, Vec<String>> = Default::default();
        for (table, column) in pairs {
            tables.entry(table).or_default().push(column);
        }
        Ok(tables
            .into_iter()
            .map(|(t, mut c)| {
                c.sort();
                (t, c)
            })
            .collect())
    }

    /// Closes the pools.
    pub async fn close(&self) {
        match self {
            Self::Sqlite(pools) => {
                pools.checkpoint.close().await;
                pools.read.close().await;
                pools.inline.close();
                pools.writer.close();
            }
            Self::Postgres(pool) => pool.close().await,
        }
    }
}

/// Reads a stored word back into its domain value.
pub(crate) fn word<T: abri_domain::homes::StoredWord>(
    column: &'static str,
    value: &str,
) -> Result<T, StoreError> {
    T::from_word(value).ok_or_else(|| StoreError::Corrupt {
        column,
        value: value.to_owned(),
    })
}
