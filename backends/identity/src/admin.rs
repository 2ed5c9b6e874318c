//! Operations a test or an operator triggers; mounted only when the configuration enables them.

use axum::{extract::State, Json};
use serde_json::{json, Value};

use crate::state::AppState;

/// Makes a new current signing key; the previous one stays in the JWKS.
pub async fn rotate_keys(State(state): State<AppState>) -> Json<Value> {
    let kid = state.rotate_keys();
    tracing::info!(%kid, "signing key rotated");
    Json(json!({ "kid": kid }))
}
