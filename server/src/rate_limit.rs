//! A fixed-window limit per client address for the sign-in endpoints: enough to stop guessing and
//! flooding, and no CAPTCHA, which would shut out people it cannot tell from robots (WCAG 3.3.8).
//! Counts are per portal instance.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct RateLimiter {
    limit: u32,
    window: Duration,
    windows: Mutex<HashMap<IpAddr, (Instant, u32)>>,
}

impl RateLimiter {
    pub fn new(limit: u32, window: Duration) -> Self {
        Self {
            limit,
            window,
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// Counts a request; `Err` carries the seconds until the client may try again.
    pub fn check(&self, client: IpAddr) -> Result<(), u64> {
        let now = Instant::now();
        let mut windows = self.windows.lock().expect("rate limiter lock");
        if windows.len() > 100_000 {
            // Forget finished windows so that a spray of addresses cannot grow memory without bound.
            windows.retain(|_, (started, _)| now.duration_since(*started) < self.window);
        }
        let (started, count) = windows.entry(client).or_insert((now, 0));
        if now.duration_since(*started) >= self.window {
            *started = now;
            *count = 0;
        }
        *count += 1;
        if *count > self.limit {
            let wait = self.window.saturating_sub(now.duration_since(*started));
            Err(wait.as_secs().max(1))
        } else {
            Ok(())
        }
    }
}

/// 429 with `Retry-After`, and a sentence a person can act on.
pub fn too_many_requests(retry_after_secs: u64) -> Response {
    let mut response = (
        StatusCode::TOO_MANY_REQUESTS,
        format!(
            "Quá nhiều lần thử đăng nhập. Vui lòng thử lại sau {retry_after_secs} giây.\n\
             Too many sign-in attempts. Please try again in {retry_after_secs} seconds."
        ),
    )
        .into_response();
    response.headers_mut().insert(
        header::RETRY_AFTER,
        HeaderValue::from_str(&retry_after_secs.to_string()).expect("digits"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_request_over_the_limit_is_refused_until_the_window_ends() {
        let limiter = RateLimiter::new(2, Duration::from_millis(100));
        let client: IpAddr = "127.0.0.1".parse().unwrap();
        let other: IpAddr = "127.0.0.2".parse().unwrap();
        assert!(limiter.check(client).is_ok());
        assert!(limiter.check(client).is_ok());
        assert!(limiter.check(client).is_err());
        assert!(limiter.check(other).is_ok(), "limits are per address");
        std::thread::sleep(Duration::from_millis(110));
        assert!(limiter.check(client).is_ok());
    }
}
