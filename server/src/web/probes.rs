//! Probes for a load balancer: `/healthz` says the process answers, `/readyz` that it can serve
//! (its database answers).

use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;

pub async fn live() -> &'static str {
    "ok"
}

pub async fn ready(State(state): State<AppState>) -> (StatusCode, &'static str) {
    if crate::store::db::is_ready(&state.db).await {
        (StatusCode::OK, "ready")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
    }
}
