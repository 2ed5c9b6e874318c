//! An in-memory map whose entries vanish after their time to live: interactions, sessions, codes,
//! tokens and lockouts all share this shape. Expired entries are invisible at once and swept out
//! now and then so that memory stays bounded under load.

use std::{
    collections::HashMap,
    time::{Duration, Instant},
};

const SWEEP_INTERVAL: Duration = Duration::from_secs(30);

struct Entry<V> {
    expires_at: Instant,
    value: V,
}

pub struct ExpiringMap<V> {
    entries: HashMap<String, Entry<V>>,
    next_sweep: Instant,
}

impl<V> Default for ExpiringMap<V> {
    fn default() -> Self {
        Self {
            entries: HashMap::new(),
            next_sweep: Instant::now() + SWEEP_INTERVAL,
        }
    }
}

impl<V> ExpiringMap<V> {
    pub fn insert(&mut self, key: String, value: V, ttl: Duration) {
        let now = Instant::now();
        if now >= self.next_sweep {
            self.entries.retain(|_, entry| entry.expires_at > now);
            self.next_sweep = now + SWEEP_INTERVAL;
        }
        self.entries.insert(
            key,
            Entry {
                expires_at: now + ttl,
                value,
            },
        );
    }

    pub fn get(&self, key: &str) -> Option<&V> {
        self.entries
            .get(key)
            .filter(|entry| entry.expires_at > Instant::now())
            .map(|entry| &entry.value)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        self.entries
            .get_mut(key)
            .filter(|entry| entry.expires_at > Instant::now())
            .map(|entry| &mut entry.value)
    }

    pub fn remove(&mut self, key: &str) -> Option<V> {
        self.entries
            .remove(key)
            .filter(|entry| entry.expires_at > Instant::now())
            .map(|entry| entry.value)
    }

    /// Time left before the entry expires.
    pub fn remaining(&self, key: &str) -> Option<Duration> {
        let entry = self.entries.get(key)?;
        entry
            .expires_at
            .checked_duration_since(Instant::now())
            .filter(|left| !left.is_zero())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_disappear_after_their_ttl() {
        let mut map = ExpiringMap::default();
        map.insert("short".into(), 1, Duration::from_millis(20));
        map.insert("long".into(), 2, Duration::from_secs(60));
        assert_eq!(map.get("short"), Some(&1));
        std::thread::sleep(Duration::from_millis(30));
        assert_eq!(map.get("short"), None);
        assert_eq!(map.remove("short"), None);
        assert_eq!(map.get("long"), Some(&2));
        assert!(map.remaining("long").unwrap() > Duration::from_secs(59));
        assert_eq!(map.remove("long"), Some(2));
        assert_eq!(map.get("long"), None);
    }
}
