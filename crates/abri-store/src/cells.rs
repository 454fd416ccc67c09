//! Arguments and columns read the same way from either backend's row.
//!
//! A query run by [`crate::inline`] names its arguments as [`Arg`]s and reads its row with a
//! [`FromColumns`] type: the SQL, the arguments and the decoding are written once, for
//! PostgreSQL's rows (sqlx) and SQLite's (rusqlite) alike. Values are stored as sqlx stores
//! them on SQLite, so both drivers read what either wrote: ids as 16-byte blobs, instants as
//! RFC 3339 text, dates as `YYYY-MM-DD`.

use abri_domain::homes::StoredWord;
use rusqlite::ToSql;
use rusqlite::types::{ToSqlOutput, ValueRef};
use sqlx::Row as _;
use sqlx::postgres::{PgArguments, PgRow};
use time::format_description::BorrowedFormatItem;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::StoreError;

/// How sqlx writes a `Date` into SQLite.
const DATE: &[BorrowedFormatItem<'_>] = format_description!("[year]-[month]-[day]");

/// A query's argument, bound to `$1`, `$2`… in order.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Arg<'a> {
    /// Text.
    Text(&'a str),
    /// Text or `NULL`.
    OptText(Option<&'a str>),
    /// An id.
    Uuid(Uuid),
    /// An id or `NULL`.
    OptUuid(Option<Uuid>),
    /// A whole number.
    Int(i64),
    /// A whole number or `NULL`.
    OptInt(Option<i64>),
    /// True or false.
    Bool(bool),
    /// True, false or `NULL`.
    OptBool(Option<bool>),
    /// An instant.
    Time(OffsetDateTime),
    /// An instant or `NULL`.
    OptTime(Option<OffsetDateTime>),
    /// A calendar date.
    Date(Date),
    /// A calendar date or `NULL`.
    OptDate(Option<Date>),
}

type PgQuery = sqlx::query::Query<'static, sqlx::Postgres, PgArguments>;

/// `sql` with `args` bound in order, for PostgreSQL.
pub(crate) fn pg_query(sql: &'static str, args: &[Arg<'_>]) -> PgQuery {
    args.iter()
        .fold(sqlx::query(sql), |query, arg| arg.bind_pg(query))
}

/// A PostgreSQL row read as `T`.
pub(crate) fn pg_row<T: FromColumns>(row: &PgRow) -> Result<T, StoreError> {
    T::from_columns(&mut Columns::new(row))
}

/// PostgreSQL rows read as `T`.
pub(crate) fn pg_rows<T: FromColumns>(rows: &[PgRow]) -> Result<Vec<T>, StoreError> {
    rows.iter().map(pg_row).collect()
}

/// The first row a bound SQLite statement returns, if any.
pub(crate) fn first_row<T: FromColumns>(
    statement: &mut rusqlite::CachedStatement<'_>,
) -> Result<Option<T>, StoreError> {
    match statement.raw_query().next()? {
        Some(row) => T::from_columns(&mut Columns::new(row)).map(Some),
        None => Ok(None),
    }
}

/// Every row a bound SQLite statement returns.
pub(crate) fn all_rows<T: FromColumns>(
    statement: &mut rusqlite::CachedStatement<'_>,
) -> Result<Vec<T>, StoreError> {
    let mut rows = statement.raw_query();
    let mut found = Vec::new();
    while let Some(row) = rows.next()? {
        found.push(T::from_columns(&mut Columns::new(row))?);
    }
    Ok(found)
}

impl Arg<'_> {
    /// Binds the argument to the next placeholder of a PostgreSQL query.
    pub(crate) fn bind_pg(self, query: PgQuery) -> PgQuery {
        match self {
            Self::Text(text) => query.bind(text),
            Self::OptText(text) => query.bind(text),
            Self::Uuid(id) => query.bind(id),
            Self::OptUuid(id) => query.bind(id),
            Self::Int(n) => query.bind(n),
            Self::OptInt(n) => query.bind(n),
            Self::Bool(b) => query.bind(b),
            Self::OptBool(b) => query.bind(b),
            Self::Time(at) => query.bind(at),
            Self::OptTime(at) => query.bind(at),
            Self::Date(day) => query.bind(day),
            Self::OptDate(day) => query.bind(day),
        }
    }
}

impl ToSql for Arg<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match *self {
            Self::Text(text) | Self::OptText(Some(text)) => {
                ToSqlOutput::Borrowed(ValueRef::Text(text.as_bytes()))
            }
            Self::Uuid(ref id) | Self::OptUuid(Some(ref id)) => {
                ToSqlOutput::Borrowed(ValueRef::Blob(id.as_bytes()))
            }
            Self::Int(n) | Self::OptInt(Some(n)) => ToSqlOutput::Borrowed(ValueRef::Integer(n)),
            Self::Bool(b) | Self::OptBool(Some(b)) => {
                ToSqlOutput::Borrowed(ValueRef::Integer(i64::from(b)))
            }
            // As sqlx writes it: RFC 3339 text, which sorts as the instants do.
            Self::Time(at) | Self::OptTime(Some(at)) => ToSqlOutput::Owned(
                at.format(&Rfc3339)
                    .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?
                    .into(),
            ),
            // As sqlx writes it: `YYYY-MM-DD`.
            Self::Date(day) | Self::OptDate(Some(day)) => ToSqlOutput::Owned(
                day.format(DATE)
                    .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?
                    .into(),
            ),
            Self::OptText(None)
            | Self::OptUuid(None)
            | Self::OptInt(None)
            | Self::OptBool(None)
            | Self::OptTime(None)
            | Self::OptDate(None) => ToSqlOutput::Borrowed(ValueRef::Null),
        })
    }
}

/// A value one column holds.
pub(crate) trait Cell: Sized {
    /// Read from a PostgreSQL row.
    fn from_pg(row: &PgRow, index: usize) -> Result<Self, StoreError>;
    /// Read from an SQLite row.
    fn from_sqlite(value: ValueRef<'_>) -> Result<Self, StoreError>;
}

fn corrupt(value: ValueRef<'_>) -> StoreError {
    StoreError::Corrupt {
        column: "(inline read)",
        value: format!("{value:?}"),
    }
}

/// A value SQLite holds as text, read by `parse`.
fn parsed_text<T>(
    value: ValueRef<'_>,
    parse: impl FnOnce(&str) -> Option<T>,
) -> Result<T, StoreError> {
    value
        .as_str()
        .ok()
        .and_then(parse)
        .ok_or_else(|| corrupt(value))
}

/// Cells whose PostgreSQL decoding is sqlx's and SQLite's is rusqlite's own.
macro_rules! plain_cells {
    ($($t:ty),*) => {$(
        impl Cell for $t {
            fn from_pg(row: &PgRow, index: usize) -> Result<Self, StoreError> {
                Ok(row.try_get(index)?)
            }
            fn from_sqlite(value: ValueRef<'_>) -> Result<Self, StoreError> {
                rusqlite::types::FromSql::column_result(value).map_err(|_| corrupt(value))
            }
        }
    )*};
}

plain_cells!(String, i64, i32, bool);

impl Cell for Uuid {
    fn from_pg(row: &PgRow, index: usize) -> Result<Self, StoreError> {
        Ok(row.try_get(index)?)
    }
    fn from_sqlite(value: ValueRef<'_>) -> Result<Self, StoreError> {
        match value {
            ValueRef::Blob(bytes) => Self::from_slice(bytes).ok(),
            ValueRef::Text(text) => std::str::from_utf8(text)
                .ok()
                .and_then(|t| Self::parse_str(t).ok()),
            _ => None,
        }
        .ok_or_else(|| corrupt(value))
    }
}

impl Cell for OffsetDateTime {
    fn from_pg(row: &PgRow, index: usize) -> Result<Self, StoreError> {
        Ok(row.try_get(index)?)
    }
    fn from_sqlite(value: ValueRef<'_>) -> Result<Self, StoreError> {
        parsed_text(value, |text| Self::parse(text, &Rfc3339).ok())
    }
}

impl Cell for Date {
    fn from_pg(row: &PgRow, index: usize) -> Result<Self, StoreError> {
        Ok(row.try_get(index)?)
    }
    fn from_sqlite(value: ValueRef<'_>) -> Result<Self, StoreError> {
        parsed_text(value, |text| {
            year_month_day(text).or_else(|| Self::parse(text, DATE).ok())
        })
    }
}

/// `YYYY-MM-DD`, as sqlx writes every date of these years, read digit by digit: `time`'s
/// general parser took 700 instructions a date, and a page of contracts reads a dozen
/// (BENCHMARKS.md B5). Any other shape is left to it.
fn year_month_day(text: &str) -> Option<Date> {
    let bytes = text.as_bytes();
    let number = |from: usize, to: usize| {
        bytes.get(from..to)?.iter().try_fold(0u16, |n, digit| {
            digit
                .is_ascii_digit()
                .then(|| n * 10 + u16::from(digit - b'0'))
        })
    };
    if bytes.len() != 10 || bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
        return None;
    }
    let month = time::Month::try_from(u8::try_from(number(5, 7)?).ok()?).ok()?;
    let day = u8::try_from(number(8, 10)?).ok()?;
    Date::from_calendar_date(number(0, 4)?.into(), month, day).ok()
}

/// A stored word (a product, a status, a kind…) read straight into its value: no string of its
/// own for a word that only names a variant (a contract has three; BENCHMARKS.md B5).
pub(crate) struct Word<T>(pub T);

impl<T: StoredWord> Cell for Word<T> {
    fn from_pg(row: &PgRow, index: usize) -> Result<Self, StoreError> {
        let word: &str = row.try_get(index)?;
        T::from_word(word)
            .map(Self)
            .ok_or_else(|| StoreError::Corrupt {
                column: "(stored word)",
                value: word.to_owned(),
            })
    }
    fn from_sqlite(value: ValueRef<'_>) -> Result<Self, StoreError> {
        parsed_text(value, T::from_word).map(Self)
    }
}

/// `NULL` or the value.
macro_rules! option_cells {
    ($($t:ty),*) => {$(
        impl Cell for Option<$t> {
            fn from_pg(row: &PgRow, index: usize) -> Result<Self, StoreError> {
                Ok(row.try_get(index)?)
            }
            fn from_sqlite(value: ValueRef<'_>) -> Result<Self, StoreError> {
                match value {
                    ValueRef::Null => Ok(None),
                    value => <$t>::from_sqlite(value).map(Some),
                }
            }
        }
    )*};
}

option_cells!(String, i64, bool, Uuid, OffsetDateTime, Date);

/// A row of either backend.
pub(crate) trait Row {
    /// The value of column `index` (from 0).
    fn cell<T: Cell>(&self, index: usize) -> Result<T, StoreError>;
}

impl Row for PgRow {
    fn cell<T: Cell>(&self, index: usize) -> Result<T, StoreError> {
        T::from_pg(self, index)
    }
}

impl Row for rusqlite::Row<'_> {
    fn cell<T: Cell>(&self, index: usize) -> Result<T, StoreError> {
        T::from_sqlite(self.get_ref(index)?)
    }
}

/// A row's columns, read in the order the query selects them.
pub(crate) struct Columns<'r, R> {
    row: &'r R,
    next: usize,
}

impl<'r, R: Row> Columns<'r, R> {
    /// From the row's first column.
    pub(crate) const fn new(row: &'r R) -> Self {
        Self { row, next: 0 }
    }

    /// The next column's value.
    pub(crate) fn next<T: Cell>(&mut self) -> Result<T, StoreError> {
        let value = self.row.cell(self.next);
        self.next += 1;
        value
    }
}

/// A value read from consecutive columns of a row.
pub(crate) trait FromColumns: Sized {
    /// Reads its columns, from where `columns` stands.
    fn from_columns<R: Row>(columns: &mut Columns<'_, R>) -> Result<Self, StoreError>;
}

/// A tuple of cells, one column each.
macro_rules! tuple_columns {
    ($($t:ident),+) => {
        impl<$($t: Cell),+> FromColumns for ($($t,)+) {
            fn from_columns<R: Row>(c: &mut Columns<'_, R>) -> Result<Self, StoreError> {
                Ok(($(c.next::<$t>()?,)+))
            }
        }
    };
}

tuple_columns!(A);
tuple_columns!(A, B);
tuple_columns!(A, B, C);
tuple_columns!(A, B, C, D);
tuple_columns!(A, B, C, D, E);
tuple_columns!(A, B, C, D, E, F);
tuple_columns!(A, B, C, D, E, F, G);
tuple_columns!(A, B, C, D, E, F, G, H, I, J);

#[cfg(test)]
mod tests {
    use super::*;

    struct Sample {
        id: Uuid,
        at: OffsetDateTime,
        day: Option<Date>,
        none: Option<String>,
        count: i64,
    }

    impl FromColumns for Sample {
        fn from_columns<R: Row>(c: &mut Columns<'_, R>) -> Result<Self, StoreError> {
            Ok(Self {
                id: c.next()?,
                at: c.next()?,
                day: c.next()?,
                none: c.next()?,
                count: c.next()?,
            })
        }
    }

    fn read<T: FromColumns>(sql: &str) -> Result<T, StoreError> {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let mut statement = conn.prepare(sql).unwrap();
        let mut rows = statement.query([]).unwrap();
        let row = rows.next().unwrap().unwrap();
        T::from_columns(&mut Columns::new(row))
    }

    #[test]
    fn reads_what_sqlx_writes_on_sqlite() {
        let sample: Sample = read(
            "SELECT x'0192f0b7c8a07d3e9b1a2c3d4e5f6071', '2026-11-28T09:30:00.123456Z', \
             '2026-02-01', NULL, 42",
        )
        .unwrap();
        assert_eq!(
            sample.id,
            Uuid::parse_str("0192f0b7-c8a0-7d3e-9b1a-2c3d4e5f6071").unwrap()
        );
        assert_eq!(
            sample.at,
            time::macros::datetime!(2026-11-28 09:30:00.123456 UTC)
        );
        assert_eq!(sample.day, Some(time::macros::date!(2026 - 02 - 01)));
        // Dates digit by digit, checked as `time` checks them; other shapes through `time`.
        for (text, date) in [
            ("2024-02-29", Some(time::macros::date!(2024 - 02 - 29))),
            ("0042-12-31", Some(time::macros::date!(0042 - 12 - 31))),
            ("2026-02-29", None),
            ("2026-13-01", None),
            ("2026-00-10", None),
            ("2026-1-101", None),
            ("2026-01-+1", None),
            ("20260101", None),
        ] {
            assert_eq!(year_month_day(text), date, "{text}");
            assert_eq!(Date::parse(text, DATE).ok(), date, "{text}");
        }
        assert_eq!(sample.none, None);
        assert_eq!(sample.count, 42);
    }

    #[test]
    fn a_value_of_the_wrong_shape_is_corrupt_not_a_panic() {
        for sql in [
            "SELECT x'0102', '2026-11-28T09:30:00Z', NULL, NULL, 1",
            "SELECT x'0192f0b7c8a07d3e9b1a2c3d4e5f6071', 'yesterday', NULL, NULL, 1",
            "SELECT x'0192f0b7c8a07d3e9b1a2c3d4e5f6071', '2026-11-28T09:30:00Z', '1 Feb', NULL, 1",
            "SELECT x'0192f0b7c8a07d3e9b1a2c3d4e5f6071', '2026-11-28T09:30:00Z', NULL, 7, 1",
            "SELECT x'0192f0b7c8a07d3e9b1a2c3d4e5f6071', '2026-11-28T09:30:00Z', NULL, NULL, 'x'",
        ] {
            let read = read::<Sample>(sql);
            assert!(
                matches!(read, Err(StoreError::Corrupt { .. })),
                "{sql}: {:?}",
                read.err()
            );
        }
    }

    #[test]
    fn arguments_bind_as_sqlx_binds_them_on_sqlite() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let id = Uuid::now_v7();
        let (blob, text): (Vec<u8>, String) = conn
            .query_row("SELECT $1, $2", [Arg::Uuid(id), Arg::Text("Lyon")], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })
            .unwrap();
        assert_eq!(blob, id.as_bytes());
        assert_eq!(text, "Lyon");
        let (day, at, none): (String, String, Option<String>) = conn
            .query_row(
                "SELECT $1, $2, $3",
                [
                    Arg::Date(time::macros::date!(2026 - 02 - 01)),
                    Arg::Time(time::macros::datetime!(2026-11-28 09:30:00.5 UTC)),
                    Arg::OptUuid(None),
                ],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .unwrap();
        assert_eq!(day, "2026-02-01");
        assert_eq!(at, "2026-11-28T09:30:00.5Z");
        assert_eq!(none, None);
        let (some_day, no_day): (String, Option<String>) = conn
            .query_row(
                "SELECT $1, $2",
                [
                    Arg::OptDate(Some(time::macros::date!(2027 - 01 - 31))),
                    Arg::OptDate(None),
                ],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .unwrap();
        assert_eq!(some_day, "2027-01-31");
        assert_eq!(no_day, None);
    }
}
