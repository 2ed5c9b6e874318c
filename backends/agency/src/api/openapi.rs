//! The OpenAPI document, written by hand.

use axum::Json;
use serde_json::{json, Value};

pub async fn document() -> Json<Value> {
    Json(json!({ "openapi": "3.1.0" }))
}
