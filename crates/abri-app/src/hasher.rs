//! Password hashing on a bounded pool of threads, each reusing its own 19 MiB block.
//!
//! Never `spawn_blocking`: its 512 threads × 19 MiB would exhaust memory under a login flood
//! (SECURITY.md 3, BENCHMARKS.md B1–B3). When the queue is full the caller gets
//! [`AppError::Unavailable`] at once instead of waiting.
//!
//! The hashing threads run under Linux's `SCHED_IDLE` policy: they take only the CPU that
//! page requests leave, and a waking request thread preempts them at once. Under a login flood
//! the pages of customers already signed in stay fast (BENCHMARKS.md B3: nice 10 measured a
//! dashboard p99 of 20–40× unloaded, since the scheduler lets a low-priority thread finish its
//! slice; `SCHED_IDLE` brought it under 2×).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Mutex, PoisonError};

use argon2::password_hash::phc::{Output, ParamsString, Salt};
use argon2::{Algorithm, Argon2, Block, Params, PasswordHash, Version};
use subtle::ConstantTimeEq;
use tokio::sync::oneshot;

use crate::AppError;

/// The outcome of checking a password against a stored hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// It matches; `rehash` holds a new hash when the stored one used older parameters.
    Match {
        /// A hash with today's parameters, to store instead.
        rehash: Option<String>,
    },
    /// It does not match (or the stored hash is unreadable).
    Mismatch,
}

enum Task {
    Hash {
        password: Vec<u8>,
        reply: oneshot::Sender<Result<String, AppError>>,
    },
    Verify {
        password: Vec<u8>,
        phc: String,
        reply: oneshot::Sender<Verdict>,
    },
}

/// Handle to the hashing pool; clones share it.
#[derive(Clone)]
pub struct Hasher {
    queue: SyncSender<Task>,
    dummy: Arc<str>,
    /// Requests submitted and not yet taken by a thread.
    waiting: Arc<AtomicUsize>,
    capacity: usize,
}

impl Hasher {
    /// Starts `workers` hashing threads with room for `queue` waiting requests.
    ///
    /// # Errors
    /// When a thread cannot be started or the dummy hash cannot be made.
    pub fn start(workers: usize, queue: usize) -> Result<Self, AppError> {
        let params = Params::default();
        let (tx, rx) = sync_channel::<Task>(queue.max(1));
        let rx = Arc::new(Mutex::new(rx));
        let waiting = Arc::new(AtomicUsize::new(0));
        for n in 0..workers.max(1) {
            let rx = Arc::clone(&rx);
            let params = params.clone();
            let waiting = Arc::clone(&waiting);
            std::thread::Builder::new()
                .name(format!("abri-hash-{n}"))
                .spawn(move || worker(&rx, &waiting, params))
                .map_err(|e| AppError::Internal(format!("hashing thread: {e}")))?;
        }
        let dummy = hash_with(
            &Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone()),
            &mut vec![Block::default(); params.block_count()],
            &rand::random::<[u8; 16]>(),
        )?;
        Ok(Self {
            queue: tx,
            dummy: dummy.into(),
            waiting,
            capacity: queue.max(1),
        })
    }

    /// Whether a request submitted now would find room in the queue: lets a caller refuse a
    /// sign-in before doing any other work for it (a flood's excess costs microseconds).
    #[must_use]
    pub fn has_room(&self) -> bool {
        self.waiting.load(Ordering::Relaxed) < self.capacity
    }

    /// Hashes a new password (argon2id, m=19456 KiB, t=2, p=1, 16-byte salt, PHC string).
    ///
    /// # Errors
    /// [`AppError::Unavailable`] when the pool is saturated.
    pub async fn hash(&self, password: &[u8]) -> Result<String, AppError> {
        let (reply, rx) = oneshot::channel();
        self.submit(Task::Hash {
            password: password.to_vec(),
            reply,
        })?;
        rx.await.map_err(|_| AppError::Unavailable)?
    }

    /// Checks a password against a stored hash, or against a dummy when there is none, so that
    /// unknown accounts cost the same time as known ones.
    ///
    /// # Errors
    /// [`AppError::Unavailable`] when the pool is saturated.
    pub async fn verify(&self, password: &[u8], phc: Option<&str>) -> Result<Verdict, AppError> {
        let (reply, rx) = oneshot::channel();
        let known = phc.is_some();
        let phc = phc.unwrap_or(&self.dummy).to_owned();
        self.submit(Task::Verify {
            password: password.to_vec(),
            phc,
            reply,
        })?;
        let verdict = rx.await.map_err(|_| AppError::Unavailable)?;
        Ok(if known { verdict } else { Verdict::Mismatch })
    }

    fn submit(&self, task: Task) -> Result<(), AppError> {
        // Counted before sending, so that the thread's decrement never comes first.
        self.waiting.fetch_add(1, Ordering::Relaxed);
        self.queue.try_send(task).map_err(|e| {
            self.waiting.fetch_sub(1, Ordering::Relaxed);
            match e {
                TrySendError::Full(_) => AppError::Unavailable,
                TrySendError::Disconnected(_) => AppError::Internal("hashing pool stopped".into()),
            }
        })
    }
}

fn worker(rx: &Mutex<Receiver<Task>>, waiting: &AtomicUsize, params: Params) {
    yield_to_requests();
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    let mut memory = vec![Block::default(); params.block_count()];
    loop {
        let task = match rx.lock().unwrap_or_else(PoisonError::into_inner).recv() {
            Ok(task) => task,
            Err(_) => return,
        };
        waiting.fetch_sub(1, Ordering::Relaxed);
        match task {
            Task::Hash { password, reply } => {
                let _ = reply.send(hash_with(&argon, &mut memory, &password));
            }
            Task::Verify {
                password,
                phc,
                reply,
            } => {
                let _ = reply.send(verify_with(&argon, &params, &mut memory, &password, &phc));
            }
        }
    }
}

/// Puts the calling thread under `SCHED_IDLE`. Best effort: where the system refuses, hashing
/// keeps the normal policy.
fn yield_to_requests() {
    use thread_priority::{
        NormalThreadSchedulePolicy, ThreadPriority, ThreadSchedulePolicy,
        set_thread_priority_and_policy, thread_native_id,
    };
    let policy = ThreadSchedulePolicy::Normal(NormalThreadSchedulePolicy::Idle);
    if let Err(e) = set_thread_priority_and_policy(thread_native_id(), ThreadPriority::Min, policy)
    {
        tracing::debug!(error = ?e, "hashing threads keep the normal scheduling policy");
    }
}

fn hash_with(
    argon: &Argon2<'_>,
    memory: &mut [Block],
    password: &[u8],
) -> Result<String, AppError> {
    let internal = |e: &dyn std::fmt::Display| AppError::Internal(format!("hashing: {e}"));
    let salt = rand::random::<[u8; 16]>();
    let mut out = [0u8; 32];
    argon
        .hash_password_into_with_memory(password, &salt, &mut out, &mut *memory)
        .map_err(|e| internal(&e))?;
    let hash = PasswordHash {
        algorithm: argon2::ARGON2ID_IDENT,
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(argon.params()).map_err(|e| internal(&e))?,
        salt: Some(Salt::new(&salt).map_err(|e| internal(&e))?),
        hash: Some(Output::new(&out).map_err(|e| internal(&e))?),
    };
    Ok(hash.to_string())
}

fn verify_with(
    current: &Argon2<'_>,
    current_params: &Params,
    memory: &mut Vec<Block>,
    password: &[u8],
    phc: &str,
) -> Verdict {
    let Ok(stored) = PasswordHash::new(phc) else {
        return Verdict::Mismatch;
    };
    let (Ok(params), Some(salt), Some(expected)) = (
        Params::try_from(&stored),
        stored.salt.as_ref(),
        stored.hash.as_ref(),
    ) else {
        return Verdict::Mismatch;
    };
    let same_params = params.m_cost() == current_params.m_cost()
        && params.t_cost() == current_params.t_cost()
        && params.p_cost() == current_params.p_cost()
        && stored.algorithm == argon2::ARGON2ID_IDENT;
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    if memory.len() < params.block_count() {
        memory.resize(params.block_count(), Block::default());
    }
    let mut out = vec![0u8; expected.len()];
    let blocks = &mut memory[..params.block_count()];
    if argon
        .hash_password_into_with_memory(password, salt.as_ref(), &mut out, blocks)
        .is_err()
    {
        return Verdict::Mismatch;
    }
    if !bool::from(out.as_slice().ct_eq(expected.as_bytes())) {
        return Verdict::Mismatch;
    }
    let rehash = if same_params {
        None
    } else {
        hash_with(current, memory, password).ok()
    };
    Verdict::Match { rehash }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_wrong_passwords_do_not() {
        let hasher = Hasher::start(1, 4).unwrap();
        let phc = hasher
            .hash("correct horse battery staple".as_bytes())
            .await
            .unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        let ok = hasher
            .verify(b"correct horse battery staple", Some(&phc))
            .await
            .unwrap();
        assert_eq!(ok, Verdict::Match { rehash: None });
        let bad = hasher
            .verify(b"correct horse battery stapler", Some(&phc))
            .await
            .unwrap();
        assert_eq!(bad, Verdict::Mismatch);
        assert_eq!(hasher.verify(b"x", None).await.unwrap(), Verdict::Mismatch);
        assert_eq!(
            hasher.verify(b"x", Some("garbage")).await.unwrap(),
            Verdict::Mismatch
        );
    }

    #[tokio::test]
    async fn a_full_queue_is_refused_at_once() {
        let hasher = Hasher::start(1, 1).unwrap();
        let attempts: Vec<_> = (0..8)
            .map(|_| {
                let h = hasher.clone();
                tokio::spawn(async move { h.hash(b"flood").await })
            })
            .collect();
        let mut refused = 0;
        for attempt in attempts {
            match attempt.await.unwrap() {
                Ok(_) => {}
                Err(AppError::Unavailable) => refused += 1,
                Err(other) => panic!("unexpected {other:?}"),
            }
        }
        assert!(
            refused >= 5,
            "one hashing, one waiting, the rest refused: {refused}"
        );
        assert!(hasher.has_room(), "the count of waiting requests is back");
    }

    /// The scheduling policy of every hashing thread of this process.
    #[cfg(target_os = "linux")]
    fn hashing_policies() -> Vec<String> {
        let mut policies = Vec::new();
        for task in std::fs::read_dir("/proc/self/task").unwrap() {
            let path = task.unwrap().path();
            let name = std::fs::read_to_string(path.join("comm")).unwrap_or_default();
            if name.starts_with("abri-hash")
                && let Ok(stat) = std::fs::read_to_string(path.join("stat"))
            {
                let after_name = stat.rsplit_once(')').unwrap().1;
                // Field 41 of stat is the policy; the 3rd field is the first after the name.
                let policy = after_name.split_whitespace().nth(38).unwrap().to_owned();
                policies.push(policy);
            }
        }
        policies
    }

    #[cfg(target_os = "linux")]
    #[tokio::test]
    async fn hashing_threads_only_take_idle_cpu() {
        let hasher = Hasher::start(1, 1).unwrap();
        hasher.hash(b"warm").await.unwrap();
        // Tests running beside this one start hashers too: a thread of theirs may be caught
        // between its start and its first instruction, which sets the policy. Look again.
        let mut policies = hashing_policies();
        for _ in 0..100 {
            if policies.iter().all(|p| p == "5") {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
            policies = hashing_policies();
        }
        assert!(!policies.is_empty());
        assert!(
            policies.iter().all(|p| p == "5"),
            "SCHED_IDLE is 5: {policies:?}"
        );
    }

    #[tokio::test]
    async fn old_parameters_are_rehashed() {
        let weak = Params::new(8, 1, 1, None).unwrap();
        let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, weak.clone());
        let phc = hash_with(
            &argon,
            &mut vec![Block::default(); weak.block_count()],
            b"pw",
        )
        .unwrap();
        let hasher = Hasher::start(1, 4).unwrap();
        match hasher.verify(b"pw", Some(&phc)).await.unwrap() {
            Verdict::Match { rehash: Some(new) } => assert!(new.contains("m=19456,t=2,p=1")),
            other => panic!("expected a rehash, got {other:?}"),
        }
    }
}
