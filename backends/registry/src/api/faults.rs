//! Fault injection, so the portal can be tested against a registry that is slow, flaky or down:
//! per endpoint (or `*` for all), an added latency, a share of requests failing, or an outage.

use super::error::ApiError;
use super::AppState;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::RwLock;
use std::time::Duration;

pub const ALL_ENDPOINTS: &str = "*";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fault {
    /// A path such as `/v1/people/get`, or `*` for every `/v1` endpoint.
    pub endpoint: String,
    #[serde(default)]
    pub latency_ms: u64,
    /// Share of requests answered 503, from 0.0 to 1.0.
    #[serde(default)]
    pub error_rate: f64,
    #[serde(default)]
    pub outage: bool,
}

#[derive(Debug, Default)]
pub struct Faults {
    by_endpoint: RwLock<HashMap<String, Fault>>,
    draws: AtomicU64,
}

impl Faults {
    pub fn set(&self, fault: Fault) -> Result<(), ApiError> {
        if !(0.0..=1.0).contains(&fault.error_rate) {
            return Err(ApiError::unprocessable(
                "invalid_fault",
                "error_rate must be between 0.0 and 1.0",
            ));
        }
        if fault.endpoint != ALL_ENDPOINTS && !fault.endpoint.starts_with("/v1/") {
            return Err(ApiError::unprocessable(
                "invalid_fault",
                "endpoint must be `*` or a /v1/ path",
            ));
        }
        if fault.latency_ms > 60_000 {
            return Err(ApiError::unprocessable(
                "invalid_fault",
                "latency_ms is at most 60000",
            ));
        }
        self.write().insert(fault.endpoint.clone(), fault);
        Ok(())
    }

    pub fn clear(&self) {
        self.write().clear();
    }

    pub fn list(&self) -> Vec<Fault> {
        let mut faults: Vec<Fault> = self.read().values().cloned().collect();
        faults.sort_by(|a, b| a.endpoint.cmp(&b.endpoint));
        faults
    }

    fn for_path(&self, path: &str) -> Option<Fault> {
        let faults = self.read();
        faults
            .get(path)
            .or_else(|| faults.get(ALL_ENDPOINTS))
            .cloned()
    }

    /// A uniform draw in [0, 1); SplitMix64 over a shared counter is enough for failure sampling.
    fn draw(&self) -> f64 {
        let mut z = self
            .draws
            .fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, HashMap<String, Fault>> {
        self.by_endpoint
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, HashMap<String, Fault>> {
        self.by_endpoint
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

pub async fn inject(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let Some(fault) = state.faults().for_path(request.uri().path()) else {
        return Ok(next.run(request).await);
    };
    if fault.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(fault.latency_ms)).await;
    }
    if fault.outage || (fault.error_rate > 0.0 && state.faults().draw() < fault.error_rate) {
        return Err(ApiError::unavailable());
    }
    Ok(next.run(request).await)
}
