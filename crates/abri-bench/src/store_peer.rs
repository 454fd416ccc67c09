//! B6's peer: rusqlite on Abri's SQLite file, with Abri's pragmas and Abri's statements (the
//! same text, cached prepared), every column read into an owned value; and the fsync rate of
//! the file system the database lives on.

use std::io::{Seek, SeekFrom, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags, params};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

use crate::store::BATCH;

/// The store's statements, as `abri_store` writes them.
const SESSION_CUSTOMER: &str = "SELECT s.id_hash, s.created_at AS session_created_at, \
                                s.last_seen_at, s.fresh_at, id, number, email, phone, \
                                phone_verified_at, given_name, family_name, language \
                                FROM sessions s JOIN customers ON customers.id = s.customer_id \
                                WHERE s.id_hash = $1";
const HOMES_WITH_ALARM: &str = "SELECT homes.id, homes.customer_id, label, kind, street, \
                                postal_code, city, p.state, p.mode FROM homes \
                                LEFT JOIN alarm_panels p ON p.home_id = homes.id \
                                WHERE homes.customer_id = $1 ORDER BY homes.id";
const CUSTOMER: &str = "SELECT id, number, email, phone, phone_verified_at, given_name, \
                        family_name, language FROM customers WHERE id = $1";
const HOMES: &str = "SELECT id, customer_id, label, kind, street, postal_code, city \
                     FROM homes WHERE customer_id = $1 ORDER BY id";
const CONTRACTS: &str = "SELECT id, home_id, number, product, status, start_date, end_date, \
                         premium_cents, frequency FROM contracts WHERE customer_id = $1 \
                         ORDER BY product, number";
const AUDIT: &str = "INSERT INTO audit_events \
                     (id, at, customer_id, staff_id, ip, user_agent, action, result, method, detail) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
const EVENT: &str = "INSERT INTO alarm_events (panel_id, home_id, seq, kind, device, state, mode, \
                     unexpected, actor_kind, actor_user, value, occurred_at, received_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
                     ON CONFLICT (panel_id, seq) DO NOTHING RETURNING id";

/// How often the peer copies its log back into the database, as Abri's background task does
/// (`abri_store::db`, every 250 ms): with `wal_autocheckpoint = 0` someone must, or the log
/// grows for ever. Here the writes pay for it inline (one core, one thread), as Abri's pay for
/// it on the same core beside them.
const CHECKPOINT_EVERY: Duration = Duration::from_millis(250);

/// One rusqlite connection, opened as `abri_store::Db` opens its writer.
pub(crate) struct Peer {
    conn: Connection,
    checkpointed: Instant,
}

impl Peer {
    pub(crate) fn open(file: &Path) -> rusqlite::Result<Self> {
        let connection = Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
        connection.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; \
             PRAGMA busy_timeout = 5000; PRAGMA wal_autocheckpoint = 0; \
             PRAGMA journal_size_limit = 67108864;",
        )?;
        Ok(Self {
            conn: connection,
            checkpointed: Instant::now(),
        })
    }

    /// Up to `limit` customers' ids.
    pub(crate) fn customer_ids(&self, limit: u32) -> anyhow::Result<Vec<Uuid>> {
        let mut statement = self.conn.prepare("SELECT id FROM customers LIMIT $1")?;
        let ids = statement
            .query_map([limit], |row| row.get::<_, Vec<u8>>(0))?
            .map(|id| Ok(Uuid::from_slice(&id?)?))
            .collect::<anyhow::Result<_>>()?;
        Ok(ids)
    }

    /// Some panel and its home.
    pub(crate) fn a_panel(
        &self,
    ) -> anyhow::Result<(abri_domain::ids::PanelId, abri_domain::ids::HomeId)> {
        let (panel, home): (Vec<u8>, Vec<u8>) =
            self.conn
                .query_row("SELECT id, home_id FROM alarm_panels LIMIT 1", [], |row| {
                    Ok((row.get(0)?, row.get(1)?))
                })?;
        Ok((
            abri_domain::ids::PanelId(Uuid::from_slice(&panel)?),
            abri_domain::ids::HomeId(Uuid::from_slice(&home)?),
        ))
    }

    pub(crate) fn customer(&mut self, id: Uuid) -> rusqlite::Result<()> {
        rows(&self.conn, CUSTOMER, id, 8).map(drop)
    }

    /// What `GET /` reads, as `store::dashboard`: `session`'s row, then customer `id`'s.
    pub(crate) fn dashboard(&mut self, session: &str, id: Uuid) -> rusqlite::Result<()> {
        let mut statement = self.conn.prepare_cached(SESSION_CUSTOMER)?;
        let found: Vec<Vec<Value>> = statement
            .query_map([session], |row| {
                (0..12).map(|c| row.get::<_, Value>(c)).collect()
            })?
            .collect::<rusqlite::Result<_>>()?;
        drop((found, statement));
        rows(&self.conn, HOMES, id, 7)?;
        rows(&self.conn, HOMES_WITH_ALARM, id, 9)?;
        rows(&self.conn, CONTRACTS, id, 9).map(drop)
    }

    /// One audit record in an immediate transaction of its own.
    pub(crate) fn commit(&mut self) -> rusqlite::Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.prepare_cached(AUDIT)?.execute(params![
            Uuid::now_v7().as_bytes(),
            now(),
            None::<Vec<u8>>,
            None::<Vec<u8>>,
            "127.0.0.1",
            "abri-bench",
            "bench",
            "success",
            "password",
            None::<String>,
        ])?;
        tx.commit()?;
        self.checkpoint_when_due()
    }

    /// A passive checkpoint when [`CHECKPOINT_EVERY`] has passed since the last.
    fn checkpoint_when_due(&mut self) -> rusqlite::Result<()> {
        if self.checkpointed.elapsed() >= CHECKPOINT_EVERY {
            self.conn
                .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
            self.checkpointed = Instant::now();
        }
        Ok(())
    }

    /// [`BATCH`] temperature readings from `seq` on in one immediate transaction.
    pub(crate) fn batch(&mut self, panel: &Uuid, home: &Uuid, seq: i64) -> rusqlite::Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        {
            let mut insert = tx.prepare_cached(EVENT)?;
            let at = now();
            for k in 0..BATCH {
                #[expect(clippy::cast_possible_wrap, reason = "k < BATCH")]
                let seq = seq + k as i64;
                let mut ids = insert.query(params![
                    panel.as_bytes(),
                    home.as_bytes(),
                    seq,
                    "temperature",
                    "smoke-1",
                    None::<String>,
                    None::<String>,
                    false,
                    None::<String>,
                    None::<String>,
                    150 + seq % 100,
                    at,
                    at,
                ])?;
                let _id: Option<i64> = ids.next()?.map(|row| row.get(0)).transpose()?;
            }
        }
        tx.commit()?;
        self.checkpoint_when_due()
    }
}

/// The rows of `sql` for `id`, each column read into an owned value.
fn rows(
    connection: &Connection,
    sql: &str,
    id: Uuid,
    columns: usize,
) -> rusqlite::Result<Vec<Vec<Value>>> {
    let mut statement = connection.prepare_cached(sql)?;
    let rows = statement.query_map([id.as_bytes()], |row| {
        (0..columns).map(|c| row.get::<_, Value>(c)).collect()
    })?;
    rows.collect()
}

/// The time as the store writes it.
fn now() -> String {
    OffsetDateTime::now_utc()
        .format(&Rfc3339)
        .unwrap_or_default()
}

/// Rewrites and syncs one 4 KiB block beside `file` for `window`: syncs a second, the most
/// durable commits one writer could make on this file system.
pub(crate) fn fsync_rate(file: &Path, window: Duration) -> std::io::Result<f64> {
    let path = file.with_extension("fsync-bench");
    let mut probe = std::fs::File::create(&path)?;
    let block = [0x5a_u8; 4096];
    let until = Instant::now() + window;
    let started = Instant::now();
    let mut syncs = 0_u32;
    while Instant::now() < until {
        probe.seek(SeekFrom::Start(0))?;
        probe.write_all(&block)?;
        probe.sync_data()?;
        syncs += 1;
    }
    let rate = f64::from(syncs) / started.elapsed().as_secs_f64();
    drop(probe);
    std::fs::remove_file(&path)?;
    Ok(rate)
}
