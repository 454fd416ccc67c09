//! SQLite reads run on the caller's own thread (rusqlite), with no hand-off.
//!
//! sqlx runs each SQLite connection on a thread of its own and sends it every statement
//! through a channel: two thread switches a statement, most of a short read's cost
//! (BENCHMARKS.md B5, B6). The reads pages and sign-in make — a session with its customer, a
//! customer's homes, contracts, factors, devices, a home's events a page at a time — are
//! short, indexed and bounded by one customer's or one home's rows, so they run here instead,
//! on the request's thread: a read-only connection is taken from a list (opened when none is
//! free, so nobody waits for one), the statement runs from its prepared cache, the connection
//! goes back. In WAL mode a reader never waits for the writer. Operators' listings, reads
//! inside a transaction and every write stay on sqlx's connections.
//!
//! PostgreSQL runs the same SQL, arguments and decoding through sqlx ([`crate::cells`]).

use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::cells::{Arg, FromColumns, all_rows, first_row, pg_query, pg_row, pg_rows};
use crate::{Db, StoreError};

/// Statements kept prepared on each connection.
pub(crate) const PREPARED: usize = 64;

/// Connections kept open once handed back (more are opened when all are in use, as many
/// as threads read at once, and closed after).
const KEPT: usize = 16;

/// `$1`…`$16`, to check that a statement's placeholders come in order (a statement with more
/// arguments is refused, as is one whose placeholders are out of order).
const PLACEHOLDERS: [&str; 16] = [
    "$1", "$2", "$3", "$4", "$5", "$6", "$7", "$8", "$9", "$10", "$11", "$12", "$13", "$14", "$15",
    "$16",
];

/// Read-only connections to one SQLite file, used on the caller's thread.
#[derive(Debug)]
pub struct InlineReaders {
    path: PathBuf,
    idle: Mutex<Option<Vec<Connection>>>,
}

impl InlineReaders {
    /// Opens the first connection to `path`, so that a file that cannot be read fails now.
    pub(crate) fn open(path: &Path) -> Result<Self, StoreError> {
        let first = Self::connect(path)?;
        Ok(Self {
            path: path.to_owned(),
            idle: Mutex::new(Some(vec![first])),
        })
    }

    fn connect(path: &Path) -> Result<Connection, StoreError> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(Duration::from_secs(5))?;
        conn.set_prepared_statement_cache_capacity(PREPARED);
        Ok(conn)
    }

    /// Runs `read` on a connection of this thread's taking.
    fn with<T>(
        &self,
        read: impl FnOnce(&Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let taken = self
            .idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_mut()
            .map(Vec::pop);
        let conn = match taken {
            None => return Err(sqlx::Error::PoolClosed.into()),
            Some(Some(conn)) => conn,
            Some(None) => Self::connect(&self.path)?,
        };
        let result = read(&conn);
        if let Some(idle) = self
            .idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_mut()
            && idle.len() < KEPT
        {
            idle.push(conn);
        }
        result
    }

    /// Closes the connections; reads fail from now on.
    pub(crate) fn close(&self) {
        self.idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
    }
}

/// Prepares `sql` and binds `args`, which must be `$1`, `$2`… in the order they first appear,
/// one argument each.
pub(crate) fn bound<'c>(
    conn: &'c Connection,
    sql: &str,
    args: &[Arg<'_>],
) -> Result<rusqlite::CachedStatement<'c>, StoreError> {
    let mut statement = conn.prepare_cached(sql)?;
    if statement.parameter_count() != args.len() {
        return Err(StoreError::Corrupt {
            column: "(placeholders and arguments differ in number)",
            value: sql.to_owned(),
        });
    }
    for (index, arg) in args.iter().enumerate() {
        if statement.parameter_name(index + 1) != PLACEHOLDERS.get(index).copied() {
            return Err(StoreError::Corrupt {
                column: "(placeholders out of order)",
                value: sql.to_owned(),
            });
        }
        statement.raw_bind_parameter(index + 1, arg)?;
    }
    Ok(statement)
}

impl Db {
    /// The first row `sql` finds, if any.
    pub(crate) async fn read_optional<T: FromColumns>(
        &self,
        sql: &'static str,
        args: &[Arg<'_>],
    ) -> Result<Option<T>, StoreError> {
        match self {
            Self::Sqlite(pools) => pools
                .inline
                .with(|conn| first_row(&mut bound(conn, sql, args)?)),
            Self::Postgres(pool) => {
                let query = pg_query(sql, args);
                let row = query.fetch_optional(pool).await?;
                row.as_ref().map(pg_row).transpose()
            }
        }
    }

    /// The one row `sql` finds (a count, an `EXISTS`); none is an error.
    pub(crate) async fn read_one<T: FromColumns>(
        &self,
        sql: &'static str,
        args: &[Arg<'_>],
    ) -> Result<T, StoreError> {
        self.read_optional(sql, args)
            .await?
            .ok_or(StoreError::Sqlx(sqlx::Error::RowNotFound))
    }

    /// Every row `sql` finds.
    pub(crate) async fn read_all<T: FromColumns>(
        &self,
        sql: &'static str,
        args: &[Arg<'_>],
    ) -> Result<Vec<T>, StoreError> {
        self.read_all_in(sql, sql, args).await
    }

    /// Every row a statement written for each backend finds (`sqlite`, `postgres`).
    pub(crate) async fn read_all_in<T: FromColumns>(
        &self,
        sqlite: &'static str,
        postgres: &'static str,
        args: &[Arg<'_>],
    ) -> Result<Vec<T>, StoreError> {
        match self {
            Self::Sqlite(pools) => pools
                .inline
                .with(|conn| all_rows(&mut bound(conn, sqlite, args)?)),
            Self::Postgres(pool) => {
                let query = pg_query(postgres, args);
                pg_rows(&query.fetch_all(pool).await?)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_out_of_order_or_miscounted_are_refused() {
        let conn = Connection::open_in_memory().unwrap();
        let args = [Arg::Text("a"), Arg::Text("b")];
        assert!(bound(&conn, "SELECT $1, $2", &args).is_ok());
        for wrong in ["SELECT $2, $1", "SELECT $1", "SELECT $1, $2, $3"] {
            let refused = bound(&conn, wrong, &args).err();
            assert!(
                matches!(refused, Some(StoreError::Corrupt { .. })),
                "{wrong}: {refused:?}"
            );
        }
    }

    #[test]
    fn connections_are_reused_opened_when_all_are_out_and_closed_on_close() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("inline.db");
        Connection::open(&path)
            .unwrap()
            .execute_batch("PRAGMA journal_mode = WAL; CREATE TABLE t (x INTEGER)")
            .unwrap();
        let readers = InlineReaders::open(&path).unwrap();
        let idle = |r: &InlineReaders| r.idle.lock().unwrap().as_ref().map(Vec::len);
        // A read inside a read takes a second connection; both are kept after.
        let nested = readers.with(|_| readers.with(|conn| Ok(conn.is_autocommit())));
        assert!(nested.unwrap());
        assert_eq!(idle(&readers), Some(2));
        // Read-only: a write fails.
        let write = readers.with(|conn| Ok(conn.execute("INSERT INTO t VALUES (1)", [])?));
        assert!(matches!(write, Err(StoreError::Sqlite(_))), "{write:?}");
        readers.close();
        assert_eq!(idle(&readers), None);
        let after = readers.with(|_| Ok(()));
        assert!(after.is_err(), "{after:?}");
    }
}
