//! The read-only routes the portal polls and looks up: the feed of status changes, the
//! directory of agencies, and the routing of a service in a province.

use axum::{
    extract::{rejection::QueryRejection, Query, State},
    Json,
};
use serde::Deserialize;
use serde_json::{json, Value};

use super::error::{ApiError, ApiResult};
use crate::{
    directory::{self, RouteError},
    state::AppState,
    store::feed,
};

const DEFAULT_LIMIT: i64 = 100;
const MAX_LIMIT: i64 = 500;

#[derive(Deserialize)]
pub struct FeedQuery {
    after: Option<i64>,
    limit: Option<i64>,
}

/// `GET /v1/changes?after={sequence}&limit={n}`: the changes after the cursor, in order, and
/// the cursor to pass next (`next_after`), which stays put when nothing is new; a cursor beyond
/// the last change is refused, since it comes from a feed that has since restarted.
pub async fn changes(
    State(state): State<AppState>,
    query: Result<Query<FeedQuery>, QueryRejection>,
) -> ApiResult<Json<Value>> {
    let Query(query) = query.map_err(|_| {
        ApiError::bad_request(
            "invalid_query",
            "after and limit must be whole numbers: ?after=0&limit=100",
        )
    })?;
    let after = query.after.unwrap_or(0);
    if after < 0 {
        return Err(ApiError::bad_request(
            "invalid_query",
            "after must be 0 or a sequence the feed gave",
        ));
    }
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::bad_request(
            "invalid_query",
            format!("limit must be 1 to {MAX_LIMIT}"),
        ));
    }
    // A cursor past the end was handed out by an earlier feed: an in-memory database, or a file
    // that lost its last commits, starts numbering again. Answering "nothing new" would make the
    // poller skip every change until the new numbers pass its cursor. The largest sequence only
    // grows, so reading it before the page cannot refuse a cursor this feed gave.
    if after > feed::last(&state.db).await? {
        return Err(ApiError::conflict(
            "cursor_ahead",
            "after is beyond the last change: the feed restarted, so the poller must \
             resynchronise (read again from after=0 and apply changes idempotently)",
        ));
    }
    let changes = feed::after(&state.db, after, limit).await?;
    let next_after = changes.last().map_or(after, |change| change.sequence);
    Ok(Json(
        json!({ "changes": changes, "next_after": next_after }),
    ))
}

/// `GET /v1/agencies`: every agency the stand-in hosts.
pub async fn agencies() -> Json<Value> {
    Json(json!({ "agencies": directory::all() }))
}

#[derive(Deserialize)]
pub struct RouteQuery {
    service: String,
    province: u16,
}

/// `GET /v1/route?service={slug}&province={code}`: the agency that would decide, so that the
/// portal can name it before handing over.
pub async fn route(query: Result<Query<RouteQuery>, QueryRejection>) -> ApiResult<Json<Value>> {
    let Query(query) = query.map_err(|_| {
        ApiError::bad_request(
            "invalid_query",
            "service (a slug) and province (a number, 1 to 96) are both needed",
        )
    })?;
    match directory::route(&query.service, query.province) {
        Ok(agency) => Ok(Json(json!({ "agency": agency }))),
        Err(RouteError::UnknownService) => Err(ApiError::unprocessable(
            "unknown_service",
            "service is not the slug of a service the portal offers",
        )),
        Err(RouteError::UnknownProvince) => Err(ApiError::unprocessable(
            "unknown_province",
            format!("province {} is not a province code", query.province),
        )),
    }
}
