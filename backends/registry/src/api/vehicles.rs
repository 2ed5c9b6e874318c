//! Vehicles, their camera-recorded fines, and electricity contracts: records held by other
//! agencies but looked up by the owner's personal ID.

use super::body::JsonBody;
use super::clients::Client;
use super::error::{ApiError, ApiResult};
use super::idempotency::{self, Started};
use super::people;
use super::purposes::{Operation, Resource};
use super::read::{personal_id, BySubject, Read};
use super::AppState;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::{Extension, Json};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::sqlite::SqliteRow;
use sqlx::Row;

#[derive(Debug, Serialize)]
pub struct Vehicle {
    pub plate: String,
    pub owner_id: String,
    /// `motorbike` or `car`.
    pub kind: String,
    pub model: String,
    pub registered_on: String,
}

#[derive(Debug, Serialize)]
pub struct Fine {
    pub fine_id: String,
    pub plate: String,
    pub offence: String,
    pub amount_vnd: i64,
    pub detected_at: String,
    pub place: String,
    pub paid: bool,
    pub paid_on: Option<String>,
    pub payment_reference: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ElectricityContract {
    pub contract_number: String,
    pub holder_id: String,
    pub address: String,
    pub province_code: i64,
    pub started_on: String,
}

fn vehicle_from_row(row: &SqliteRow) -> Result<Vehicle, sqlx::Error> {
    Ok(Vehicle {
        plate: row.try_get("plate")?,
        owner_id: row.try_get("owner_id")?,
        kind: row.try_get("kind")?,
        model: row.try_get("model")?,
        registered_on: row.try_get("registered_on")?,
    })
}

fn fine_from_row(row: &SqliteRow) -> Result<Fine, sqlx::Error> {
    let paid_on: Option<String> = row.try_get("paid_on")?;
    Ok(Fine {
        fine_id: row.try_get("fine_id")?,
        plate: row.try_get("plate")?,
        offence: row.try_get("offence")?,
        amount_vnd: row.try_get("amount_vnd")?,
        detected_at: row.try_get("detected_at")?,
        place: row.try_get("place")?,
        paid: paid_on.is_some(),
        paid_on,
        payment_reference: row.try_get("payment_reference")?,
    })
}

fn contract_from_row(row: &SqliteRow) -> Result<ElectricityContract, sqlx::Error> {
    Ok(ElectricityContract {
        contract_number: row.try_get("contract_number")?,
        holder_id: row.try_get("holder_id")?,
        address: row.try_get("address")?,
        province_code: row.try_get("province_code")?,
        started_on: row.try_get("started_on")?,
    })
}

/// Runs an audited list read of the rows `sql` selects for the person (`?1`).
async fn list_for_person<T: Serialize>(
    state: &AppState,
    client: &Client,
    headers: &HeaderMap,
    resource: Resource,
    subject: &str,
    sql: &'static str,
    map: fn(&SqliteRow) -> Result<T, sqlx::Error>,
) -> ApiResult<Json<Vec<T>>> {
    let read = Read::start(state, client, headers, resource).await?;
    let id = personal_id(subject)?;
    let result = async {
        people::existing(state.db().pool(), id.as_str()).await?;
        let rows = sqlx::query(sql)
            .bind(id.as_str())
            .fetch_all(state.db().pool())
            .await?;
        Ok(rows.iter().map(map).collect::<Result<_, _>>()?)
    }
    .await;
    read.finish(Some(id.as_str()), result).await
}

pub async fn list(
    State(state): State<AppState>,
    Extension(client): Extension<Client>,
    headers: HeaderMap,
    JsonBody { value, .. }: JsonBody<BySubject>,
) -> ApiResult<Json<Vec<Vehicle>>> {
    let sql = "SELECT * FROM vehicles WHERE owner_id = ?1 ORDER BY registered_on";
    list_for_person(
        &state,
        &client,
        &headers,
        Resource::Vehicles,
        &value.personal_id,
        sql,
        vehicle_from_row,
    )
    .await
}

/// Fines on every vehicle the person owns, unpaid first.
pub async fn fines(
    State(state): State<AppState>,
    Extension(client): Extension<Client>,
    headers: HeaderMap,
    JsonBody { value, .. }: JsonBody<BySubject>,
) -> ApiResult<Json<Vec<Fine>>> {
    let sql = "SELECT f.* FROM fines f JOIN vehicles v ON v.plate = f.plate WHERE v.owner_id = ?1 \
               ORDER BY f.paid_on IS NOT NULL, f.detected_at DESC";
    list_for_person(
        &state,
        &client,
        &headers,
        Resource::Fines,
        &value.personal_id,
        sql,
        fine_from_row,
    )
    .await
}

pub async fn electricity_contracts(
    State(state): State<AppState>,
    Extension(client): Extension<Client>,
    headers: HeaderMap,
    JsonBody { value, .. }: JsonBody<BySubject>,
) -> ApiResult<Json<Vec<ElectricityContract>>> {
    let sql = "SELECT * FROM electricity_contracts WHERE holder_id = ?1 ORDER BY started_on";
    list_for_person(
        &state,
        &client,
        &headers,
        Resource::ElectricityContracts,
        &value.personal_id,
        sql,
        contract_from_row,
    )
    .await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PayFineRequest {
    pub fine_id: String,
    /// The payment gateway's transaction reference.
    pub payment_reference: String,
}

/// The payment gateway's transaction reference a payment write records: required, 100 bytes at
/// most. Shared by every write that marks something paid.
pub(super) fn payment_reference(reference: &str) -> ApiResult<&str> {
    let reference = reference.trim();
    if reference.is_empty() || reference.len() > 100 {
        return Err(ApiError::unprocessable(
            "invalid_payment_reference",
            "payment_reference is required, 100 bytes at most",
        ));
    }
    Ok(reference)
}

pub async fn pay_fine(
    State(state): State<AppState>,
    Extension(client): Extension<Client>,
    headers: HeaderMap,
    JsonBody { value, raw }: JsonBody<PayFineRequest>,
) -> ApiResult<Response> {
    let reference = payment_reference(&value.payment_reference)?;
    let mut write =
        match idempotency::begin(state.db(), &client, &headers, Operation::PayFine, &raw).await? {
            Started::Replay(response) => return Ok(response),
            Started::Fresh(write) => write,
        };
    let row = sqlx::query("SELECT f.*, v.owner_id FROM fines f JOIN vehicles v ON v.plate = f.plate WHERE f.fine_id = ?")
        .bind(value.fine_id.trim())
        .fetch_optional(write.conn())
        .await?
        .ok_or_else(|| ApiError::not_found("fine"))?;
    let owner: String = row.try_get("owner_id")?;
    let fine = fine_from_row(&row)?;
    if fine.paid {
        return Err(ApiError::conflict(
            "already_paid",
            "this fine is already paid",
        ));
    }
    let today = state.today().to_string();
    sqlx::query("UPDATE fines SET paid_on = ?, payment_reference = ? WHERE fine_id = ?")
        .bind(&today)
        .bind(reference)
        .bind(&fine.fine_id)
        .execute(write.conn())
        .await?;
    let body = json!(Fine {
        paid: true,
        paid_on: Some(today),
        payment_reference: Some(reference.to_owned()),
        ..fine
    });
    write.finish(&owner, StatusCode::OK, body).await
}
