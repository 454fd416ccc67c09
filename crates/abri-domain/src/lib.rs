//! Abri's domain: the types and rules every other crate speaks, with no IO.
//!
//! Values that can be invalid (`Email`, `CustomerNumber`, `Money`…) are parsed once at the edge
//! and cannot be built wrong afterwards.

pub mod account;
pub mod alarm;
pub mod backwards;
pub mod cancellations;
pub mod clock;
pub mod contracts;
pub mod home_requests;
pub mod homes;
pub mod ids;
pub mod ingest;
pub mod instructions;
pub mod jobs;
pub mod language;
pub mod mandates;
pub mod money;
pub mod passwords;
pub mod preferences;
pub mod profile;
pub mod quotes;
pub mod resets;
pub mod sessions;
pub mod throttle;

pub use clock::{Clock, ManualClock, SystemClock};
pub use language::Language;
pub use money::Money;
