//! Abri's storage: one [`Db`] over SQLite or PostgreSQL.
//!
//! Every query is written once in portable SQL (`$1` placeholders work on both) and run through
//! [`dispatch!`], which expands the same binding code for each backend, or, for the short reads
//! every page makes, through `Db::read_optional` and `Db::read_all` (`inline`), which run them
//! on SQLite on the caller's own thread. Code that must differ per backend is an explicit
//! function with one arm per database.

pub mod alarm;
pub mod amendments;
pub mod audit;
pub mod cancellations;
pub mod captcha;
mod cells;
pub mod contacts;
pub mod contracts;
pub mod credentials;
pub mod customers;
mod db;
pub mod factors;
pub mod home_requests;
pub mod homes;
mod inline;
pub mod instructions;
pub mod jobs;
mod lending;
pub mod mandates;
pub mod outbox;
pub mod passkeys;
pub mod preferences;
pub mod rate;
pub mod resets;
pub mod sessions;
pub mod sms_factor;
pub mod staff;
pub mod throttle;
mod writer;

pub use db::{Backend, Db, SqlitePools, StoreError, Tx};
pub use lending::{Lender, Lent};
pub use writer::SqliteTx;
