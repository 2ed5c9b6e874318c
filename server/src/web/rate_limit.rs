//! A fixed-window limit per client address for the sign-in endpoints: enough to stop guessing and
//! flooding, and no CAPTCHA, which would shut out people it cannot tell from robots (WCAG 3.3.8).
//! Counts are per portal instance.

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::net::{IpAddr, Ipv6Addr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Clients counted at once. Past it, finished windows are forgotten (at most once a window, so a
/// check never scans the table each time); a flood of new addresses beyond it waits for the
/// window to end, while the clients already counted go on as before.
pub const MAX_CLIENTS: usize = 100_000;

pub struct RateLimiter {
    limit: u32,
    window: Duration,
    state: Mutex<Windows>,
}

struct Windows {
    counts: HashMap<IpAddr, (Instant, u32)>,
    last_sweep: Instant,
}

impl RateLimiter {
    pub fn new(limit: u32, window: Duration) -> Self {
        Self {
            limit,
            window,
            state: Mutex::new(Windows {
                counts: HashMap::new(),
                last_sweep: Instant::now(),
            }),
        }
    }

    /// Counts a request from `client` (as [`client_key`] groups it); `Err` carries the seconds
    /// until the client may try again.
    pub fn check(&self, client: IpAddr) -> Result<(), u64> {
        let key = client_key(client);
        let now = Instant::now();
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if !state.counts.contains_key(&key) && state.counts.len() >= MAX_CLIENTS {
            if now.duration_since(state.last_sweep) >= self.window {
                let window = self.window;
                state
                    .counts
                    .retain(|_, (started, _)| now.duration_since(*started) < window);
                state.last_sweep = now;
            }
            if state.counts.len() >= MAX_CLIENTS {
                let wait = self
                    .window
                    .saturating_sub(now.duration_since(state.last_sweep));
                return Err(wait.as_secs().max(1));
            }
        }
        let (started, count) = state.counts.entry(key).or_insert((now, 0));
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

/// What one client is, for counting: an IPv4 address, or an IPv6 /64 network (one subscriber's
/// line or device gets a whole /64 and can pick any address in it).
pub fn client_key(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let network = u128::from(v6) & (u128::MAX << 64);
                IpAddr::V6(Ipv6Addr::from(network))
            }
        },
        v4 => v4,
    }
}

/// The client's address: the connection's peer, unless the peer is a configured trusted proxy,
/// whose `X-Forwarded-For` then names it (the rightmost address not itself a trusted proxy, since
/// a client can write anything to the left). Without trusted proxies the header is ignored.
pub fn client_address(peer: IpAddr, headers: &HeaderMap, trusted_proxies: &[IpAddr]) -> IpAddr {
    if !trusted_proxies.contains(&peer) {
        return peer;
    }
    let forwarded = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .collect::<Vec<_>>();
    for hop in forwarded.iter().rev() {
        match hop.parse::<IpAddr>() {
            Ok(address) if trusted_proxies.contains(&address) => continue,
            Ok(address) => return address,
            // An unreadable hop: whatever stands left of it cannot be trusted either.
            Err(_) => return peer,
        }
    }
    peer
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

    #[test]
    fn clients_behind_a_trusted_proxy_are_told_apart_and_ipv6_is_grouped_by_64() {
        let proxy: IpAddr = "10.0.0.5".parse().unwrap();
        let forwarded = |value: &'static str| {
            let mut headers = HeaderMap::new();
            headers.insert("x-forwarded-for", HeaderValue::from_static(value));
            headers
        };
        let trusted = [proxy];
        // Behind the balancer, each citizen is their own address, not the balancer's.
        assert_eq!(
            client_address(proxy, &forwarded("203.0.113.7"), &trusted),
            "203.0.113.7".parse::<IpAddr>().unwrap()
        );
        // What a client writes left of the real hop is not believed.
        assert_eq!(
            client_address(proxy, &forwarded("198.51.100.1, 203.0.113.7"), &trusted),
            "203.0.113.7".parse::<IpAddr>().unwrap()
        );
        // A peer that is not a trusted proxy cannot choose its address.
        let direct: IpAddr = "203.0.113.9".parse().unwrap();
        assert_eq!(
            client_address(direct, &forwarded("198.51.100.1"), &trusted),
            direct
        );
        assert_eq!(
            client_address(proxy, &forwarded("not-an-ip"), &trusted),
            proxy
        );

        let limiter = RateLimiter::new(3, Duration::from_secs(60));
        for (at, address) in ["2001:db8:1:2::1", "2001:db8:1:2::2", "2001:db8:1:2:ffff::9"]
            .into_iter()
            .enumerate()
        {
            assert!(limiter.check(address.parse().unwrap()).is_ok(), "{at}");
        }
        assert!(
            limiter
                .check("2001:db8:1:2:abcd::1".parse().unwrap())
                .is_err(),
            "rotating addresses within one /64 is one client"
        );
        assert!(limiter.check("2001:db8:1:3::1".parse().unwrap()).is_ok());
        assert_eq!(
            client_key("::ffff:192.0.2.1".parse().unwrap()),
            "192.0.2.1".parse::<IpAddr>().unwrap()
        );
    }

    #[test]
    fn memory_is_bounded() {
        let limiter = RateLimiter::new(10, Duration::from_secs(60));
        for n in 0..MAX_CLIENTS as u32 {
            assert!(limiter.check(IpAddr::from(n.to_be_bytes())).is_ok());
        }
        let newcomer: IpAddr = "255.255.255.255".parse().unwrap();
        assert!(
            limiter.check(newcomer).is_err(),
            "a flood waits for the window"
        );
        assert!(
            limiter.check(IpAddr::from(7u32.to_be_bytes())).is_ok(),
            "clients already counted go on"
        );
        let state = limiter.state.lock().unwrap();
        assert_eq!(state.counts.len(), MAX_CLIENTS);
    }
}
