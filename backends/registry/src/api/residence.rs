//! Permanent residence (joining a household) and temporary residence.

use super::body::{date, JsonBody};
use super::clients::Client;
use super::error::{ApiError, ApiResult};
use super::idempotency::{self, Started};
use super::people;
use super::purposes::Operation;
use super::read::personal_id;
use super::AppState;
use crate::population::model::Relation;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::Extension;
use serde::Deserialize;
use serde_json::json;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PermanentRequest {
    pub personal_id: String,
    /// The head of the household the person joins.
    pub head_personal_id: String,
    /// `wife`, `husband`, `son`, `daughter`, `grandchild`, `father`, `mother`, ... (not `head`).
    pub relation_to_head: String,
}

pub async fn permanent(
    State(state): State<AppState>,
    Extension(client): Extension<Client>,
    headers: HeaderMap,
    JsonBody { value, raw }: JsonBody<PermanentRequest>,
) -> ApiResult<Response> {
    let id = personal_id(&value.personal_id)?;
    let head_id = personal_id(&value.head_personal_id)?;
    let relation = Relation::from_code(&value.relation_to_head)
        .filter(|relation| *relation != Relation::Head)
        .ok_or_else(|| {
            ApiError::unprocessable(
                "invalid_relation",
                "relation_to_head is not a known relation",
            )
        })?;
    let mut write = match idempotency::begin(
        state.db(),
        &client,
        &headers,
        Operation::RegisterPermanentResidence,
        &raw,
    )
    .await?
    {
        Started::Replay(response) => return Ok(response),
        Started::Fresh(write) => write,
    };
    let person = people::living(write.conn(), id.as_str()).await?;
    let head = people::living(write.conn(), head_id.as_str()).await?;
    let household_id = match (head.household_id, head.relation_to_head.as_deref()) {
        (Some(household), Some("head")) => household,
        _ => {
            return Err(ApiError::unprocessable(
                "not_household_head",
                "head_personal_id does not head a household",
            ))
        }
    };
    if person.household_id == Some(household_id) {
        return Err(ApiError::conflict(
            "already_member",
            "the person already lives in this household",
        ));
    }
    if person.relation_to_head.as_deref() == Some("head") {
        let others: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM people WHERE household_id = ? AND personal_id <> ? AND date_of_death IS NULL",
        )
        .bind(person.household_id)
        .bind(id.as_str())
        .fetch_one(write.conn())
        .await?;
        if others > 0 {
            return Err(ApiError::conflict(
                "head_of_other_household",
                "the person heads a household with other members; change its head first",
            ));
        }
    }
    sqlx::query("UPDATE people SET household_id = ?, relation_to_head = ? WHERE personal_id = ?")
        .bind(household_id)
        .bind(relation.code())
        .bind(id.as_str())
        .execute(write.conn())
        .await?;
    let household = people::household_by_id(write.conn(), household_id).await?;
    let body = json!({ "personal_id": id.as_str(), "relation_to_head": relation.code(), "household": household });
    write.finish(id.as_str(), StatusCode::OK, body).await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemporaryRequest {
    pub personal_id: String,
    pub province_code: u16,
    pub commune: String,
    pub street: String,
    pub until: String,
}

pub async fn temporary(
    State(state): State<AppState>,
    Extension(client): Extension<Client>,
    headers: HeaderMap,
    JsonBody { value, raw }: JsonBody<TemporaryRequest>,
) -> ApiResult<Response> {
    let id = personal_id(&value.personal_id)?;
    if domain::provinces::by_code(value.province_code).is_none() {
        return Err(ApiError::unprocessable(
            "invalid_province",
            "province_code is not a province",
        ));
    }
    let (commune, street) = (value.commune.trim(), value.street.trim());
    if commune.is_empty() || street.is_empty() || commune.len() > 200 || street.len() > 200 {
        return Err(ApiError::unprocessable(
            "invalid_address",
            "commune and street are required, 200 bytes at most",
        ));
    }
    let until = date(&value.until, "until")?;
    let today = state.today();
    // Temporary residence is registered for at most two years at a time (Residence Law, art. 27).
    if until <= today || until > crate::population::add_years(today, 2) {
        return Err(ApiError::unprocessable(
            "invalid_date",
            "until must be after today and within two years",
        ));
    }
    let mut write = match idempotency::begin(
        state.db(),
        &client,
        &headers,
        Operation::RegisterTemporaryResidence,
        &raw,
    )
    .await?
    {
        Started::Replay(response) => return Ok(response),
        Started::Fresh(write) => write,
    };
    people::living(write.conn(), id.as_str()).await?;
    sqlx::query(
        "UPDATE people SET temporary_province_code = ?, temporary_commune = ?, temporary_street = ?, temporary_until = ? WHERE personal_id = ?",
    )
    .bind(i64::from(value.province_code))
    .bind(commune)
    .bind(street)
    .bind(until.to_string())
    .bind(id.as_str())
    .execute(write.conn())
    .await?;
    let residence = people::Address::new(
        i64::from(value.province_code),
        commune.to_owned(),
        street.to_owned(),
    );
    let body = json!({ "personal_id": id.as_str(), "temporary_residence": residence, "until": until.to_string() });
    write.finish(id.as_str(), StatusCode::OK, body).await
}
