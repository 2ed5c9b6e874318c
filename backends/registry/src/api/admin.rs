//! Operator endpoints for tests and demos, mounted only when admin is enabled: the personas, the
//! access-log count, fault injection, and the registry's "today" (so a test can let a child
//! turn 14 between two requests).

use super::body::JsonBody;
use super::error::{ApiError, ApiResult};
use super::faults::Fault;
use super::AppState;
use crate::population::{self, Personas};
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/personas", get(personas))
        .route("/admin/access-log", get(access_log))
        .route("/admin/population", get(population_spec))
        .route("/admin/today", get(today).put(set_today))
        .route(
            "/admin/faults",
            get(list_faults).post(set_fault).delete(clear_faults),
        )
}

async fn personas(State(state): State<AppState>) -> ApiResult<Json<Personas>> {
    population::personas(state.db())
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::not_found("population"))
}

async fn population_spec(State(state): State<AppState>) -> ApiResult<Json<Value>> {
    let spec = population::stored_spec(state.db())
        .await?
        .ok_or_else(|| ApiError::not_found("population"))?;
    let people: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM people")
        .fetch_one(state.db().pool())
        .await?;
    Ok(Json(
        json!({ "seed": spec.seed, "citizens": spec.citizens, "as_of": spec.as_of.to_string(), "people": people }),
    ))
}

async fn access_log(State(state): State<AppState>) -> ApiResult<Json<Value>> {
    let count = super::access_log::count(state.db()).await?;
    Ok(Json(json!({ "count": count })))
}

#[derive(serde::Deserialize)]
struct Today {
    date: String,
}

async fn today(State(state): State<AppState>) -> Json<Value> {
    Json(json!({ "date": state.today().to_string() }))
}

async fn set_today(
    State(state): State<AppState>,
    JsonBody { value, .. }: JsonBody<Today>,
) -> ApiResult<Json<Value>> {
    state.set_today(super::body::date(&value.date, "date")?);
    Ok(today(State(state)).await)
}

async fn list_faults(State(state): State<AppState>) -> Json<Vec<Fault>> {
    Json(state.faults().list())
}

async fn set_fault(
    State(state): State<AppState>,
    JsonBody { value, .. }: JsonBody<Fault>,
) -> ApiResult<(StatusCode, Json<Fault>)> {
    state.faults().set(value.clone())?;
    Ok((StatusCode::CREATED, Json(value)))
}

async fn clear_faults(State(state): State<AppState>) -> StatusCode {
    state.faults().clear();
    StatusCode::NO_CONTENT
}
