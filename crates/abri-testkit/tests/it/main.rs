//! Abri's integration tests: the real server on a free port, its own database (SQLite, or
//! PostgreSQL with `ABRI_TEST_DATABASE_URL`), a manual clock. One binary, modules by area.
#![expect(
    clippy::unwrap_used,
    reason = "test helpers: a failed fixture must stop the test"
)]

mod access;
mod account;
mod alarm;
mod alarm_alerts;
mod alarm_control;
mod alarm_history;
mod audit;
mod cancellations;
mod contacts;
mod csrf;
mod factors;
mod failures;
mod garbage;
mod generate;
mod headers;
mod home_requests;
mod homes;
mod ingest;
mod instructions;
mod jobs;
mod mandates;
mod mqtt;
mod options;
mod pages;
mod preferences;
mod profile;
mod resets;
mod security;
mod serving;
mod sessions;
mod sign_in;
mod sms;
mod sms_factor;
mod store;
mod store_alarm;
mod store_factors;
mod store_inline;
mod store_lending;
mod store_profile;
mod store_self_service;
mod store_sign_in;
mod throttle;

use abri_store::customers::Customer;
use abri_testkit::TestApp;

/// A demo customer by number.
pub(crate) async fn customer(app: &TestApp, number: &str) -> Customer {
    let number = abri_domain::account::CustomerNumber::parse(number).unwrap();
    app.app
        .db
        .customer_by_number(&number)
        .await
        .unwrap()
        .unwrap()
}

/// The median of timing samples (sorts them).
pub(crate) fn median(samples: &mut [f64]) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}
