//! Fault injection for tests of the merchant's degraded paths; mounted only when the
//! configuration enables it.

use axum::{extract::State, Json};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::{api::JsonBody, state::AppState};

#[derive(Deserialize)]
pub struct Faults {
    outage: bool,
}

/// `{"outage": true}` makes every `/v1` call answer 503 until `{"outage": false}`.
pub async fn set_faults(
    State(state): State<AppState>,
    JsonBody(faults): JsonBody<Faults>,
) -> Json<Value> {
    state.set_outage(faults.outage);
    tracing::info!(outage = faults.outage, "payment gateway faults set");
    Json(json!({ "outage": faults.outage }))
}
