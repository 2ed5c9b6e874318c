//! Limits password guessing per ID number: after too many wrong passwords the number is locked
//! for a while, whatever is typed, which also slows anyone probing which numbers exist.

use std::time::Duration;

use crate::expiring::ExpiringMap;

#[derive(Default)]
struct Failures {
    count: u32,
    locked: bool,
}

pub struct Lockouts {
    failures: ExpiringMap<Failures>,
    max_failures: u32,
    duration: Duration,
}

impl Lockouts {
    pub fn new(max_failures: u32, duration: Duration) -> Self {
        Self {
            failures: ExpiringMap::default(),
            max_failures,
            duration,
        }
    }

    /// How long the number stays locked, if it is.
    pub fn locked_for(&self, id: &str) -> Option<Duration> {
        self.failures
            .get(id)
            .filter(|failures| failures.locked)
            .and_then(|_| self.failures.remaining(id))
    }

    /// Counts a wrong attempt; returns the lock duration when this attempt locks the number.
    /// Failures are forgotten once `duration` passes without a new one.
    pub fn record_failure(&mut self, id: &str) -> Option<Duration> {
        let count = self.failures.get(id).map_or(0, |failures| failures.count) + 1;
        let locked = count >= self.max_failures;
        self.failures
            .insert(id.to_owned(), Failures { count, locked }, self.duration);
        locked.then_some(self.duration)
    }

    pub fn clear(&mut self, id: &str) {
        self.failures.remove(id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_on_the_last_allowed_failure_and_clears_on_success() {
        let mut lockouts = Lockouts::new(3, Duration::from_secs(60));
        assert_eq!(lockouts.record_failure("a"), None);
        assert_eq!(lockouts.record_failure("a"), None);
        assert_eq!(lockouts.locked_for("a"), None);
        assert_eq!(lockouts.record_failure("a"), Some(Duration::from_secs(60)));
        assert!(lockouts.locked_for("a").is_some());
        assert_eq!(lockouts.locked_for("b"), None);
        lockouts.clear("a");
        assert_eq!(lockouts.locked_for("a"), None);
    }

    #[test]
    fn locks_expire() {
        let mut lockouts = Lockouts::new(1, Duration::from_millis(20));
        assert!(lockouts.record_failure("a").is_some());
        std::thread::sleep(Duration::from_millis(30));
        assert_eq!(lockouts.locked_for("a"), None);
    }
}
