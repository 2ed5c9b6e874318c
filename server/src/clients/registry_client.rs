//! The portal's client of the population registry. Every read states its purpose (the service it
//! serves) and is written to the audit log with who asked and whose data it was. Reads are retried
//! with backoff; after repeated failures a circuit breaker answers "unavailable" at once for a
//! while, so a registry outage slows no page down.

use super::http::{self, ExtraRoots};
use crate::store::audit::{self, AuditEvent};
use serde::de::DeserializeOwned;
use serde::Serialize;
use sqlx::AnyPool;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// What a caller needs to know about a failed read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegistryError {
    NotFound,
    /// Down, slow, failing, or the breaker is open: try again later.
    Unavailable,
    /// The registry refused the request (its error code), which is a bug or a policy decision.
    Refused(String),
}

/// Who calls the registry about whose data, and why: the three things the audit log must know
/// of every read and write.
pub struct CallContext<'a> {
    pub actor: &'a str,
    pub subject: &'a str,
    pub purpose: &'a str,
    pub request_id: Option<&'a str>,
}

pub struct RegistryClient {
    http: reqwest::Client,
    base_url: String,
    secret: String,
    breaker: CircuitBreaker,
    db: AnyPool,
}

const RETRY_DELAYS: [Duration; 2] = [Duration::from_millis(100), Duration::from_millis(300)];

impl RegistryClient {
    pub fn new(base_url: &str, secret: &str, db: AnyPool, roots: &ExtraRoots) -> Self {
        let http = http::builder(roots, Duration::from_secs(2), Duration::from_secs(5))
            .pool_idle_timeout(Duration::from_secs(60))
            .build()
            .expect("an HTTP client with the system's trusted certificates");
        Self {
            http,
            base_url: base_url.trim_end_matches('/').to_string(),
            secret: secret.to_string(),
            breaker: CircuitBreaker::new(5, Duration::from_secs(10)),
            db,
        }
    }

    /// `GET path` of what the registry publishes for anyone it knows (signers' keys): nothing
    /// about a person is read, so nothing is audited.
    pub async fn published(&self, path: &str) -> Result<reqwest::Response, reqwest::Error> {
        self.http
            .get(format!("{}{path}", self.base_url))
            .bearer_auth(&self.secret)
            .send()
            .await
    }

    /// Reads about `context.subject`: `path` is the registry endpoint, `body` its JSON request.
    pub async fn read<T: DeserializeOwned>(
        &self,
        context: &CallContext<'_>,
        path: &str,
        body: &impl Serialize,
    ) -> Result<T, RegistryError> {
        self.audited_call("registry_read", context, path, None, body)
            .await
    }

    /// Writes on behalf of an agency. The idempotency key makes retries safe: the registry applies
    /// a key's effect once and answers a repeat with the stored result.
    pub async fn write<T: DeserializeOwned>(
        &self,
        context: &CallContext<'_>,
        path: &str,
        idempotency_key: &str,
        body: &impl Serialize,
    ) -> Result<T, RegistryError> {
        self.audited_call("registry_write", context, path, Some(idempotency_key), body)
            .await
    }

    /// Every call, read or write, is audited with its purpose, whatever its outcome.
    async fn audited_call<T: DeserializeOwned>(
        &self,
        event: &'static str,
        context: &CallContext<'_>,
        path: &str,
        idempotency_key: Option<&str>,
        body: &impl Serialize,
    ) -> Result<T, RegistryError> {
        let result = self
            .with_retries(|| self.send(context.purpose, path, idempotency_key, body))
            .await;
        audit::record(
            &self.db,
            AuditEvent {
                event,
                actor: Some(context.actor),
                subject: Some(context.subject),
                purpose: Some(&format!("{} {path}", context.purpose)),
                outcome: outcome(&result),
                request_id: context.request_id,
            },
        )
        .await;
        result
    }

    async fn with_retries<T, F, Fut>(&self, attempt: F) -> Result<T, RegistryError>
    where
        F: Fn() -> Fut,
        Fut: std::future::Future<Output = Result<T, RegistryError>>,
    {
        let mut retries = 0;
        loop {
            if !self.breaker.allows() {
                return Err(RegistryError::Unavailable);
            }
            let result = attempt().await;
            match &result {
                Err(RegistryError::Unavailable) => self.breaker.failed(),
                _ => self.breaker.succeeded(),
            }
            match (result, RETRY_DELAYS.get(retries)) {
                (Err(RegistryError::Unavailable), Some(delay)) => {
                    tokio::time::sleep(*delay).await;
                    retries += 1;
                }
                (result, _) => return result,
            }
        }
    }

    async fn send<T: DeserializeOwned>(
        &self,
        purpose: &str,
        path: &str,
        idempotency_key: Option<&str>,
        body: &impl Serialize,
    ) -> Result<T, RegistryError> {
        let mut request = self
            .http
            .post(format!("{}{path}", self.base_url))
            .bearer_auth(&self.secret)
            .header("x-purpose", purpose)
            .json(body);
        if let Some(key) = idempotency_key {
            request = request.header("idempotency-key", key);
        }
        let response = request
            .send()
            .await
            .map_err(|_| RegistryError::Unavailable)?;
        let status = response.status();
        if status.is_success() {
            return response.json().await.map_err(|error| {
                tracing::error!(%path, %error, "registry answered with an unexpected shape");
                RegistryError::Refused("unexpected_response".into())
            });
        }
        if status == reqwest::StatusCode::NOT_FOUND {
            return Err(RegistryError::NotFound);
        }
        if status.is_server_error() || status == reqwest::StatusCode::TOO_MANY_REQUESTS {
            return Err(RegistryError::Unavailable);
        }
        let code = response
            .json::<serde_json::Value>()
            .await
            .ok()
            .and_then(|error| error["code"].as_str().map(str::to_string))
            .unwrap_or_else(|| status.as_u16().to_string());
        tracing::warn!(%path, %code, "registry refused a request");
        Err(RegistryError::Refused(code))
    }
}

fn outcome<T>(result: &Result<T, RegistryError>) -> &'static str {
    match result {
        Ok(_) => "ok",
        Err(RegistryError::NotFound) => "not_found",
        Err(RegistryError::Unavailable) => "unavailable",
        Err(RegistryError::Refused(_)) => "refused",
    }
}

/// Opens after `threshold` consecutive failures and stays open for `cool_down`; then one trial
/// call is let through, and its outcome closes or reopens the breaker.
struct CircuitBreaker {
    threshold: u32,
    cool_down: Duration,
    state: Mutex<BreakerState>,
}

#[derive(Default)]
struct BreakerState {
    consecutive_failures: u32,
    open_until: Option<Instant>,
}

impl CircuitBreaker {
    fn new(threshold: u32, cool_down: Duration) -> Self {
        Self {
            threshold,
            cool_down,
            state: Mutex::new(BreakerState::default()),
        }
    }

    fn allows(&self) -> bool {
        let mut state = self.state.lock().expect("breaker lock");
        match state.open_until {
            Some(until) if Instant::now() < until => false,
            Some(_) => {
                // Half-open: this caller is the trial; others wait for its outcome.
                state.open_until = Some(Instant::now() + self.cool_down);
                true
            }
            None => true,
        }
    }

    fn failed(&self) {
        let mut state = self.state.lock().expect("breaker lock");
        state.consecutive_failures += 1;
        if state.consecutive_failures >= self.threshold {
            state.open_until = Some(Instant::now() + self.cool_down);
        }
    }

    fn succeeded(&self) {
        *self.state.lock().expect("breaker lock") = BreakerState::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breaker_opens_after_the_threshold_and_recovers_after_a_success() {
        let breaker = CircuitBreaker::new(3, Duration::from_millis(50));
        for _ in 0..3 {
            assert!(breaker.allows());
            breaker.failed();
        }
        assert!(!breaker.allows(), "open after three failures");
        std::thread::sleep(Duration::from_millis(60));
        assert!(breaker.allows(), "one trial after the cool-down");
        assert!(!breaker.allows(), "only one trial at a time");
        breaker.succeeded();
        assert!(breaker.allows());
    }
}
