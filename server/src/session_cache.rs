//! Live sessions kept in memory, so that a signed-in page costs no session query. Only where this
//! portal instance is the one owner of its sessions (no other instance uses its database): then
//! every change to a session passes through here and updates the cache in the same step. Where
//! instances share the database, a sign-out on one must count on all at once, so there is no
//! cache.

use crate::sessions::Citizen;
use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

/// Sessions held at most; beyond it the cache starts again empty (abandoned sessions are never
/// signed out, so without a bound they would pile up).
const CAPACITY: usize = 20_000;

pub struct SessionCache {
    /// By token hash; `None` when other instances share the sessions.
    entries: Option<Mutex<HashMap<String, Entry>>>,
}

enum Entry {
    Live(Citizen),
    /// Signed out or expired: tokens are never reused, so this stays true, and a read of the
    /// database that began before the session ended cannot bring it back.
    Ended,
}

/// What the cache knows of a session.
pub enum Cached {
    Live(Citizen),
    Ended,
    /// Not held here (or no cache): ask the database.
    Unknown,
}

impl SessionCache {
    pub fn new(shared_database: bool) -> Self {
        Self {
            entries: (!shared_database).then(Mutex::default),
        }
    }

    pub fn get(&self, token_hash: &str) -> Cached {
        let Some(entries) = &self.entries else {
            return Cached::Unknown;
        };
        match lock(entries).get(token_hash) {
            Some(Entry::Live(citizen)) => Cached::Live(citizen.clone()),
            Some(Entry::Ended) => Cached::Ended,
            None => Cached::Unknown,
        }
    }

    /// Keeps `citizen`'s session as read from or written to the database. Requests of one session
    /// run side by side, so a slower one may bring older news: an ended session stays ended and
    /// the latest activity is kept.
    pub fn put(&self, citizen: &Citizen) {
        let Some(entries) = &self.entries else {
            return;
        };
        let mut entries = lock(entries);
        if entries.len() >= CAPACITY {
            entries.clear();
        }
        let newer = match entries.get(citizen.token_hash()) {
            Some(Entry::Ended) => false,
            Some(Entry::Live(held)) => held.last_seen_at <= citizen.last_seen_at,
            None => true,
        };
        if newer {
            entries.insert(
                citizen.token_hash().to_string(),
                Entry::Live(citizen.clone()),
            );
        }
    }

    pub fn end(&self, token_hash: &str) {
        if let Some(entries) = &self.entries {
            lock(entries).insert(token_hash.to_string(), Entry::Ended);
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::{Cached, SessionCache};
    use crate::sessions::Citizen;

    fn last_seen(cache: &SessionCache, token_hash: &str) -> Option<i64> {
        match cache.get(token_hash) {
            Cached::Live(citizen) => Some(citizen.last_seen_at),
            Cached::Ended | Cached::Unknown => None,
        }
    }

    #[test]
    fn older_news_never_overwrites_newer_and_an_ended_session_stays_ended() {
        let cache = SessionCache::new(false);
        assert!(matches!(cache.get("a"), Cached::Unknown));
        cache.put(&Citizen::for_test("a", 100));
        cache.put(&Citizen::for_test("a", 160));
        // A request that read the session before the activity above finishes after it.
        cache.put(&Citizen::for_test("a", 100));
        assert_eq!(last_seen(&cache, "a"), Some(160));
        cache.end("a");
        // A request that read the session before the sign-out finishes after it.
        cache.put(&Citizen::for_test("a", 220));
        assert!(matches!(cache.get("a"), Cached::Ended));
    }

    #[test]
    fn shared_sessions_are_never_cached() {
        let cache = SessionCache::new(true);
        cache.put(&Citizen::for_test("a", 100));
        assert!(matches!(cache.get("a"), Cached::Unknown));
        cache.end("a");
        assert!(matches!(cache.get("a"), Cached::Unknown));
    }
}
