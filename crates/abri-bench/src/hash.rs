//! B1: the app's hasher (a bounded pool, each thread reusing its 19 MiB block) against the same
//! argon2id parameters allocating a new block for every hash.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use abri_app::hasher::Hasher;
use argon2::{Algorithm, Argon2, Block, Params, Version};

use crate::rate;

/// Hashes per second through [`Hasher`], keeping `workers` requests in flight.
pub(crate) fn app(workers: usize, seconds: u64) -> anyhow::Result<f64> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;
    let hasher = Hasher::start(workers, workers * 4).map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(rate(seconds, |until| {
        runtime.block_on(async {
            let done = Arc::new(AtomicU64::new(0));
            let mut tasks = Vec::new();
            for _ in 0..workers {
                let hasher = hasher.clone();
                let done = Arc::clone(&done);
                tasks.push(tokio::spawn(async move {
                    while Instant::now() < until {
                        if hasher.hash(b"Tournesol-Lyon-2026").await.is_ok() {
                            done.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                }));
            }
            for task in tasks {
                let _ = task.await;
            }
            done.load(Ordering::Relaxed)
        })
    }))
}

/// Hashes per second on `workers` threads, each hash with a freshly allocated block.
pub(crate) fn fresh(workers: usize, seconds: u64) -> f64 {
    rate(seconds, |until| {
        let done = Arc::new(AtomicU64::new(0));
        std::thread::scope(|scope| {
            for _ in 0..workers {
                let done = Arc::clone(&done);
                scope.spawn(move || {
                    let params = Params::default();
                    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
                    let salt = [7_u8; 16];
                    let mut out = [0_u8; 32];
                    while Instant::now() < until {
                        let mut memory = vec![Block::default(); params.block_count()];
                        if argon
                            .hash_password_into_with_memory(
                                b"Tournesol-Lyon-2026",
                                &salt,
                                &mut out,
                                &mut memory,
                            )
                            .is_ok()
                        {
                            done.fetch_add(1, Ordering::Relaxed);
                        }
                        drop(memory);
                    }
                });
            }
        });
        done.load(Ordering::Relaxed)
    })
}
