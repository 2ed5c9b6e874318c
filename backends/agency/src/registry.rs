//! The agencies' client of the registry's write API: an approved decision is written there, as
//! the agencies' own systems do. Each write states the service as its purpose and carries an
//! idempotency key, and the registry records it in its access log under the agencies' own
//! credential, so its audit shows which agency wrote what for which service.

use std::time::Duration;

use serde_json::Value;

/// How long one write may take before the registry counts as unreachable for this round.
const TIMEOUT: Duration = Duration::from_secs(10);

pub struct Registry {
    http: reqwest::Client,
    base_url: String,
    token: String,
}

/// Why a write was not made.
#[derive(Debug, PartialEq, Eq)]
pub enum WriteError {
    /// Not reachable now (down, overloaded, or refusing the agency's own credential): the case
    /// waits and the write is tried again later, with the same key.
    Unavailable,
    /// The registry refused the write itself (its error code): the decision cannot be carried
    /// out as asked.
    Refused(String),
}

impl Registry {
    pub fn new(base_url: &str, token: &str) -> Self {
        Self {
            http: reqwest::Client::builder()
                .timeout(TIMEOUT)
                .build()
                .unwrap_or_default(),
            base_url: base_url.trim_end_matches('/').to_owned(),
            token: token.to_owned(),
        }
    }

    /// `POST {path}` with `body`, for `purpose` (the service's slug), under `idempotency_key`.
    pub async fn write(
        &self,
        purpose: &str,
        path: &str,
        idempotency_key: &str,
        body: &Value,
    ) -> Result<Value, WriteError> {
        let response = self
            .http
            .post(format!("{}{path}", self.base_url))
            .bearer_auth(&self.token)
            .header("x-purpose", purpose)
            .header("idempotency-key", idempotency_key)
            .json(body)
            .send()
            .await
            .map_err(|_| WriteError::Unavailable)?;
        let status = response.status();
        if status.is_success() {
            // A success whose body cannot be read may still have been written: the next try
            // with the same key gets the stored answer.
            return response.json().await.map_err(|_| WriteError::Unavailable);
        }
        // The agency's credential or the registry's load is no fault of the application.
        if status.is_server_error() || matches!(status.as_u16(), 401 | 403 | 408 | 429) {
            tracing::warn!(%path, status = status.as_u16(), "registry did not take a decision's write");
            return Err(WriteError::Unavailable);
        }
        let code = response
            .json::<Value>()
            .await
            .ok()
            .and_then(|error| error["code"].as_str().map(str::to_owned))
            .unwrap_or_else(|| status.as_u16().to_string());
        tracing::warn!(%path, %code, "registry refused a decision's write");
        Err(WriteError::Refused(code))
    }
}
