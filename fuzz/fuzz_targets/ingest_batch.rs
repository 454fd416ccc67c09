//! Any bytes a panel can send: the batch parser answers a batch or a refusal with a stable
//! code, never panics, and what it accepts is within the documented bounds.
#![no_main]

use abri_domain::ingest::{DEVICE_MAX, MAX_AHEAD, MAX_EVENTS, parse_batch};
use libfuzzer_sys::fuzz_target;
use time::macros::datetime;

fuzz_target!(|body: &[u8]| {
    let now = datetime!(2026-11-27 15:00 UTC);
    match parse_batch(body, now) {
        Ok(events) => {
            assert!(!events.is_empty() && events.len() <= MAX_EVENTS);
            for e in &events {
                assert!(e.seq >= 1);
                assert!(e.at <= now + MAX_AHEAD);
                if let Some(device) = &e.device {
                    assert!(!device.is_empty() && device.len() <= DEVICE_MAX);
                }
            }
        }
        Err(refusal) => assert!(!refusal.code().is_empty()),
    }
});
