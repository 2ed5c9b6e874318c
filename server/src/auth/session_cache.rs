//! Live sessions kept in memory, so that a signed-in page costs no session query. Only where this
//! portal instance is the one owner of its sessions (no other instance uses its database): then
//! every change to a session passes through here and updates the cache in the same step. Where
//! instances share the database, a sign-out on one must count on all at once, so there is no
//! cache.

use crate::auth::citizen::Citizen;
use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

/// Sessions held at most; beyond it the cache starts again empty (abandoned sessions are never
/// signed out, so without a bound they would pile up).
const CAPACITY: usize = 20_000;

pub struct SessionCache {
    /// `None` when other instances share the sessions.
    state: Option<Mutex<State>>,
}

#[derive(Default)]
struct State {
    /// Live sessions by token hash.
    live: HashMap<String, Citizen>,
    /// How many times a session has ended here. A caller takes this count (a [`Ticket`]) before
    /// it reads or writes a session in the database, and may keep what it found only if no
    /// session ended meanwhile: so a read that began before a sign-out can never bring the
    /// session back, whatever was forgotten since (no marker per ended session is needed, and
    /// emptying a full cache cannot reopen one).
    endings: u64,
}

/// The cache's count of endings when a database read or write began; see [`State::endings`].
#[derive(Clone, Copy)]
pub struct Ticket(u64);

/// What the cache knows of a session.
pub enum Cached {
    Live(Citizen),
    /// Not held here (or no cache): ask the database.
    Unknown,
}

impl SessionCache {
    pub fn new(shared_database: bool) -> Self {
        Self {
            state: (!shared_database).then(Mutex::default),
        }
    }

    pub fn get(&self, token_hash: &str) -> Cached {
        let Some(state) = &self.state else {
            return Cached::Unknown;
        };
        match lock(state).live.get(token_hash) {
            Some(citizen) => Cached::Live(citizen.clone()),
            None => Cached::Unknown,
        }
    }

    /// Taken before the database is asked about a session, and given back to [`Self::put`].
    pub fn ticket(&self) -> Ticket {
        Ticket(self.state.as_ref().map_or(0, |state| lock(state).endings))
    }

    /// Keeps `citizen`'s session as read from or written to the database since `ticket` was
    /// taken, unless a session ended meanwhile (then the next request asks the database, which
    /// knows). Requests of one session run side by side, so a slower one may bring older news:
    /// the latest activity is kept.
    pub fn put(&self, citizen: &Citizen, ticket: Ticket) {
        let Some(state) = &self.state else {
            return;
        };
        let mut state = lock(state);
        if state.endings != ticket.0 {
            return;
        }
        if state.live.len() >= CAPACITY {
            state.live.clear();
        }
        let newer = state
            .live
            .get(citizen.token_hash())
            .is_none_or(|held| held.last_seen_at <= citizen.last_seen_at);
        if newer {
            state
                .live
                .insert(citizen.token_hash().to_string(), citizen.clone());
        }
    }

    /// Forgets a session that ends. Called before the database row is deleted (no request is
    /// let in from the cache once the ending has begun) and again after (a read that found the
    /// row just before the deletion and was kept meanwhile is dropped too).
    pub fn end(&self, token_hash: &str) {
        if let Some(state) = &self.state {
            let mut state = lock(state);
            state.live.remove(token_hash);
            state.endings += 1;
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::{Cached, SessionCache};
    use crate::auth::citizen::Citizen;

    fn last_seen(cache: &SessionCache, token_hash: &str) -> Option<i64> {
        match cache.get(token_hash) {
            Cached::Live(citizen) => Some(citizen.last_seen_at),
            Cached::Unknown => None,
        }
    }

    #[test]
    fn older_news_never_overwrites_newer() {
        let cache = SessionCache::new(false);
        assert!(matches!(cache.get("a"), Cached::Unknown));
        cache.put(&Citizen::for_test("a", 100), cache.ticket());
        cache.put(&Citizen::for_test("a", 160), cache.ticket());
        // A request that read the session before the activity above finishes after it.
        cache.put(&Citizen::for_test("a", 100), cache.ticket());
        assert_eq!(last_seen(&cache, "a"), Some(160));
    }

    #[test]
    fn a_session_signed_out_while_read_is_never_cached_again() {
        let cache = SessionCache::new(false);
        // A request reads the session from the database (ticket first), or records activity.
        let read = cache.ticket();
        let activity = cache.ticket();
        // The citizen signs out meanwhile.
        cache.end("a");
        // The slower requests finish with what they found: neither may bring the session back.
        cache.put(&Citizen::for_test("a", 100), read);
        cache.put(&Citizen::for_test("a", 220), activity);
        assert!(matches!(cache.get("a"), Cached::Unknown));
    }

    #[test]
    fn emptying_a_full_cache_reopens_no_ended_session() {
        let cache = SessionCache::new(false);
        let stale = cache.ticket();
        cache.put(&Citizen::for_test("ended", 100), stale);
        cache.end("ended");
        // Enough sessions to empty the cache once it is full.
        for n in 0..=super::CAPACITY {
            cache.put(&Citizen::for_test(&format!("s{n}"), 100), cache.ticket());
        }
        // A request that read "ended" before its sign-out finishes only now.
        cache.put(&Citizen::for_test("ended", 300), stale);
        assert!(matches!(cache.get("ended"), Cached::Unknown));
    }

    #[test]
    fn shared_sessions_are_never_cached() {
        let cache = SessionCache::new(true);
        cache.put(&Citizen::for_test("a", 100), cache.ticket());
        assert!(matches!(cache.get("a"), Cached::Unknown));
    }
}
