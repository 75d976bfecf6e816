//! Once per idempotency key: every vendor here retries, so the same delivery can arrive twice;
//! [`OncePerKey`] lets its handler run once.
//!
//! Each vendor's spec names its idempotency key ([`Vendor::idempotency_key`](crate::Vendor):
//! `svix-id`, `X-GitHub-Delivery`, Gately's `id`, ...). A key goes through three states in a
//! [`KeyStore`]:
//!
//! - **absent**: [`OncePerKey::claim`] succeeds and the key becomes *in flight*, owned by the
//!   returned [`Claim`];
//! - **in flight**: a handler is running for it; another claim of the same key fails at once
//!   with [`Seen::InFlight`] (it does not wait). The axum integration answers that delivery
//!   409 Conflict, so the vendor retries it later;
//! - **done**: [`Claim::done`] was called (the handler succeeded); a claim fails with
//!   [`Seen::Done`] until the store forgets the key (its time to live, or its capacity).
//!
//! A claim dropped without [`Claim::done`] (the handler failed, panicked or was cancelled)
//! releases the key: it becomes absent again, so the vendor's retry runs the handler again.
//! A key is thus never remembered as done unless its handler finished successfully.
//!
//! ```
//! use hookspec::once::{MemoryKeys, OncePerKey, Seen};
//!
//! let once = OncePerKey::new(MemoryKeys::default());
//! let claim = once.claim("gately", "evt_1").unwrap();
//! assert_eq!(once.claim("gately", "evt_1").unwrap_err(), Seen::InFlight);
//! claim.done(); // the handler succeeded
//! assert_eq!(once.claim("gately", "evt_1").unwrap_err(), Seen::Done);
//!
//! let failed = once.claim("gately", "evt_2").unwrap();
//! drop(failed); // the handler failed: evt_2 is not remembered
//! assert!(once.claim("gately", "evt_2").is_ok());
//! ```

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// Why a key could not be claimed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Seen {
    /// A handler for this key is running now.
    #[error("a delivery with this idempotency key is being handled")]
    InFlight,
    /// A handler for this key finished successfully (within the store's memory).
    #[error("a delivery with this idempotency key was handled already")]
    Done,
}

/// Where keys are remembered: [`MemoryKeys`] (built in), or a shared store (a database, Redis
/// `SET NX`) so that several receivers agree. Keys are scoped by vendor.
///
/// Implementations must make [`claim`](Self::claim) atomic: of two concurrent claims of an
/// absent key, exactly one succeeds.
pub trait KeyStore: Send + Sync {
    /// Marks an absent key in flight and returns `Ok`; otherwise says why not.
    ///
    /// # Errors
    /// [`Seen::InFlight`] or [`Seen::Done`].
    fn claim(&self, vendor: &str, key: &str) -> Result<(), Seen>;

    /// Remembers a claimed key as done.
    fn done(&self, vendor: &str, key: &str);

    /// Forgets a claimed key (its handler did not succeed).
    fn release(&self, vendor: &str, key: &str);
}

/// Runs a handler once per idempotency key, with a pluggable [`KeyStore`]. Cheap to clone.
#[derive(Clone)]
pub struct OncePerKey {
    store: Arc<dyn KeyStore>,
}

impl OncePerKey {
    /// Remembers keys in `store`.
    pub fn new(store: impl KeyStore + 'static) -> Self {
        Self {
            store: Arc::new(store),
        }
    }

    /// Claims `key` of `vendor` for one handler run: call [`Claim::done`] when the handler
    /// succeeded; dropping the claim otherwise releases the key.
    ///
    /// # Errors
    /// [`Seen::InFlight`] while another claim of the key is held; [`Seen::Done`] once one
    /// was done.
    pub fn claim(&self, vendor: &str, key: &str) -> Result<Claim, Seen> {
        self.store.claim(vendor, key)?;
        Ok(Claim {
            store: Arc::clone(&self.store),
            vendor: vendor.to_owned(),
            key: key.to_owned(),
            finished: false,
        })
    }
}

impl fmt::Debug for OncePerKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OncePerKey").finish_non_exhaustive()
    }
}

/// A key in flight: [`done`](Self::done) remembers it; dropping it releases it.
#[must_use = "dropping a claim releases the key"]
pub struct Claim {
    store: Arc<dyn KeyStore>,
    vendor: String,
    key: String,
    finished: bool,
}

impl Claim {
    /// The handler succeeded: remember the key as done.
    pub fn done(mut self) {
        self.finished = true;
        self.store.done(&self.vendor, &self.key);
    }

    /// The idempotency key claimed.
    #[must_use]
    pub fn key(&self) -> &str {
        &self.key
    }
}

impl Drop for Claim {
    fn drop(&mut self) {
        if !self.finished {
            self.store.release(&self.vendor, &self.key);
        }
    }
}

impl fmt::Debug for Claim {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Claim")
            .field("vendor", &self.vendor)
            .field("key", &self.key)
            .finish()
    }
}

/// The built-in [`KeyStore`]: in memory, for one process. A done key is remembered for its
/// time to live, and at most `capacity` done keys are (the oldest are forgotten first, even
/// before their time: size it for your peak deliveries per time to live). Keys in flight are
/// never forgotten while held. One mutex; a check costs a hash lookup and an allocation.
pub struct MemoryKeys {
    state: Mutex<State>,
    capacity: usize,
    ttl: Duration,
}

#[derive(Default)]
struct State {
    keys: HashMap<String, Entry>,
    /// Done keys, oldest first (a done key appears once, with the time it was done).
    done: VecDeque<(String, Instant)>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Entry {
    InFlight,
    Done(Instant),
}

/// 100 000 keys.
pub const DEFAULT_CAPACITY: usize = 100_000;
/// 24 hours: longer than the retry schedules of the bundled vendors (Svix retries for about
/// 28 hours in all, but its later attempts are hours apart).
pub const DEFAULT_TTL: Duration = Duration::from_secs(24 * 60 * 60);

impl MemoryKeys {
    /// Remembers up to `capacity` done keys, each for `ttl`.
    #[must_use]
    pub fn new(capacity: usize, ttl: Duration) -> Self {
        Self {
            state: Mutex::new(State::default()),
            capacity,
            ttl,
        }
    }

    /// The number of keys remembered (in flight or done, expired ones not yet swept included).
    #[must_use]
    pub fn len(&self) -> usize {
        self.lock().keys.len()
    }

    /// Whether no key is remembered.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // The state stays consistent between statements: a panic elsewhere cannot break it.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Default for MemoryKeys {
    /// [`DEFAULT_CAPACITY`] keys for [`DEFAULT_TTL`].
    fn default() -> Self {
        Self::new(DEFAULT_CAPACITY, DEFAULT_TTL)
    }
}

impl fmt::Debug for MemoryKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MemoryKeys")
            .field("capacity", &self.capacity)
            .field("ttl", &self.ttl)
            .field("len", &self.len())
            .finish()
    }
}

/// The map key: vendor and key, separated by a byte neither contains.
fn scoped(vendor: &str, key: &str) -> String {
    let mut scoped = String::with_capacity(vendor.len() + 1 + key.len());
    scoped.push_str(vendor);
    scoped.push('\0');
    scoped.push_str(key);
    scoped
}

impl State {
    /// Forgets done keys older than `ttl` (a prefix of `done`).
    fn sweep(&mut self, now: Instant, ttl: Duration) {
        while let Some((key, at)) = self.done.front() {
            if now.saturating_duration_since(*at) < ttl {
                break;
            }
            if self.keys.get(key) == Some(&Entry::Done(*at)) {
                self.keys.remove(key);
            }
            self.done.pop_front();
        }
    }
}

impl KeyStore for MemoryKeys {
    fn claim(&self, vendor: &str, key: &str) -> Result<(), Seen> {
        let now = Instant::now();
        let mut state = self.lock();
        state.sweep(now, self.ttl);
        let scoped = scoped(vendor, key);
        match state.keys.get(&scoped) {
            Some(Entry::InFlight) => Err(Seen::InFlight),
            Some(Entry::Done(_)) => Err(Seen::Done),
            None => {
                state.keys.insert(scoped, Entry::InFlight);
                Ok(())
            }
        }
    }

    fn done(&self, vendor: &str, key: &str) {
        let now = Instant::now();
        let mut state = self.lock();
        let scoped = scoped(vendor, key);
        state.keys.insert(scoped.clone(), Entry::Done(now));
        state.done.push_back((scoped, now));
        while state.done.len() > self.capacity {
            if let Some((oldest, at)) = state.done.pop_front()
                && state.keys.get(&oldest) == Some(&Entry::Done(at))
            {
                state.keys.remove(&oldest);
            }
        }
    }

    fn release(&self, vendor: &str, key: &str) {
        let mut state = self.lock();
        let scoped = scoped(vendor, key);
        if state.keys.get(&scoped) == Some(&Entry::InFlight) {
            state.keys.remove(&scoped);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_scoped_by_vendor() {
        let once = OncePerKey::new(MemoryKeys::default());
        once.claim("gately", "k").unwrap().done();
        assert_eq!(once.claim("gately", "k").unwrap_err(), Seen::Done);
        once.claim("memberstack", "k").unwrap().done();
        // A vendor id cannot smuggle a key: the separator is not in ids.
        assert!(once.claim("gately\0k", "").is_ok());
    }

    #[test]
    fn done_keys_expire_after_their_ttl() {
        let once = OncePerKey::new(MemoryKeys::new(10, Duration::from_millis(20)));
        once.claim("v", "k").unwrap().done();
        assert_eq!(once.claim("v", "k").unwrap_err(), Seen::Done);
        std::thread::sleep(Duration::from_millis(40));
        // Forgotten: the handler may run again.
        let claim = once.claim("v", "k").unwrap();
        // In flight never expires while held.
        std::thread::sleep(Duration::from_millis(40));
        assert_eq!(once.claim("v", "k").unwrap_err(), Seen::InFlight);
        drop(claim);
        assert!(once.claim("v", "k").is_ok());
    }

    #[test]
    fn capacity_forgets_the_oldest_done_keys_first() {
        let keys = MemoryKeys::new(3, DEFAULT_TTL);
        for key in ["a", "b", "c", "d"] {
            keys.claim("v", key).unwrap();
            keys.done("v", key);
        }
        assert_eq!(keys.len(), 3);
        assert!(keys.claim("v", "a").is_ok(), "the oldest is forgotten");
        for key in ["b", "c", "d"] {
            assert_eq!(keys.claim("v", key), Err(Seen::Done), "{key}");
        }
        // An in-flight key is not evicted by capacity.
        for key in ["e", "f", "g", "h"] {
            keys.claim("v", key).unwrap();
            keys.done("v", key);
        }
        assert_eq!(keys.claim("v", "a"), Err(Seen::InFlight));
    }

    #[test]
    fn release_forgets_only_a_key_in_flight() {
        let keys = MemoryKeys::default();
        keys.claim("v", "k").unwrap();
        keys.done("v", "k");
        // A stray release (e.g. a second claim object) never un-does a done key.
        keys.release("v", "k");
        assert_eq!(keys.claim("v", "k"), Err(Seen::Done));
    }

    #[test]
    fn concurrent_claims_of_one_key_let_exactly_one_through() {
        let once = OncePerKey::new(MemoryKeys::default());
        let barrier = std::sync::Barrier::new(8);
        let won: usize = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..8)
                .map(|_| {
                    scope.spawn(|| {
                        barrier.wait();
                        once.claim("v", "same").map(std::mem::forget).is_ok()
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|handle| usize::from(handle.join().unwrap()))
                .sum()
        });
        assert_eq!(won, 1);
    }
}
