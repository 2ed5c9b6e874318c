//! Hospital bills for cashless hospital-fee payment: hospitals know a patient by the personal ID
//! number, or only by the health-insurance card they were treated on. A parent sees their own
//! bills and those of their children under 14 (who have no eID account of their own).

use super::body::JsonBody;
use super::clients::Client;
use super::error::{ApiError, ApiResult};
use super::idempotency::{self, Started};
use super::people;
use super::purposes::{Operation, Resource};
use super::read::{personal_id, BySubject, Read};
use super::vehicles::payment_reference;
use super::AppState;
use crate::population::add_years;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::{Extension, Json};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::sqlite::SqliteRow;
use sqlx::Row;

#[derive(Debug, Serialize)]
pub struct HospitalBill {
    pub bill_id: String,
    pub hospital: String,
    /// The patient, found through the card when the hospital recorded only that.
    pub patient_id: String,
    pub patient_name: String,
    pub card_number: Option<String>,
    pub treatment: String,
    pub issued_on: String,
    pub total_vnd: i64,
    /// What the health insurance pays.
    pub insurance_vnd: i64,
    /// What is left for the patient to pay.
    pub patient_share_vnd: i64,
    pub paid: bool,
    pub paid_on: Option<String>,
    pub payment_reference: Option<String>,
}

/// Bills with their patient: the recorded personal ID number, else the card's holder.
const BILLS: &str = "SELECT b.*, p.personal_id AS patient, \
     p.surname || ' ' || p.middle_name || ' ' || p.given_name AS patient_name \
     FROM hospital_bills b \
     LEFT JOIN insurance_cards c ON c.card_number = b.card_number \
     JOIN people p ON p.personal_id = COALESCE(b.patient_id, c.holder_id)";

fn bill_from_row(row: &SqliteRow) -> Result<HospitalBill, sqlx::Error> {
    let total_vnd: i64 = row.try_get("total_vnd")?;
    let insurance_vnd: i64 = row.try_get("insurance_vnd")?;
    let paid_on: Option<String> = row.try_get("paid_on")?;
    Ok(HospitalBill {
        bill_id: row.try_get("bill_id")?,
        hospital: row.try_get("hospital")?,
        patient_id: row.try_get("patient")?,
        patient_name: row
            .try_get::<String, _>("patient_name")?
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
        card_number: row.try_get("card_number")?,
        treatment: row.try_get("treatment")?,
        issued_on: row.try_get("issued_on")?,
        total_vnd,
        insurance_vnd,
        patient_share_vnd: total_vnd - insurance_vnd,
        paid: paid_on.is_some(),
        paid_on,
        payment_reference: row.try_get("payment_reference")?,
    })
}

/// Bills for the person and for their children under 14, unpaid first, newest first.
pub async fn bills(
    State(state): State<AppState>,
    Extension(client): Extension<Client>,
    headers: HeaderMap,
    JsonBody { value, .. }: JsonBody<BySubject>,
) -> ApiResult<Json<Vec<HospitalBill>>> {
    let read = Read::start(&state, &client, &headers, Resource::HospitalBills).await?;
    let id = personal_id(&value.personal_id)?;
    // Under 14 on the day: born after this day fourteen years ago.
    let born_after = add_years(state.today(), -domain::age::OWN_EID_MIN_AGE).to_string();
    let sql = format!(
        "WITH patients AS (SELECT ?1 AS personal_id UNION \
           SELECT personal_id FROM people WHERE (father_id = ?1 OR mother_id = ?1) \
           AND date_of_birth > ?2) \
         {BILLS} WHERE p.personal_id IN (SELECT personal_id FROM patients) \
         ORDER BY b.paid_on IS NOT NULL, b.issued_on DESC, b.bill_id"
    );
    let result = async {
        people::existing(state.db().pool(), id.as_str()).await?;
        let rows = sqlx::query(&sql)
            .bind(id.as_str())
            .bind(&born_after)
            .fetch_all(state.db().pool())
            .await?;
        Ok(rows.iter().map(bill_from_row).collect::<Result<_, _>>()?)
    }
    .await;
    read.finish(Some(id.as_str()), result).await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PayBillRequest {
    pub bill_id: String,
    /// What the payer paid: it must be the patient's share exactly.
    pub amount_vnd: i64,
    /// The payment gateway's transaction reference.
    pub payment_reference: String,
}

pub async fn pay_bill(
    State(state): State<AppState>,
    Extension(client): Extension<Client>,
    headers: HeaderMap,
    JsonBody { value, raw }: JsonBody<PayBillRequest>,
) -> ApiResult<Response> {
    let reference = payment_reference(&value.payment_reference)?;
    let operation = Operation::PayHospitalBill;
    let mut write = match idempotency::begin(state.db(), &client, &headers, operation, &raw).await?
    {
        Started::Replay(response) => return Ok(response),
        Started::Fresh(write) => write,
    };
    let row = sqlx::query(&format!("{BILLS} WHERE b.bill_id = ?"))
        .bind(value.bill_id.trim())
        .fetch_optional(write.conn())
        .await?
        .ok_or_else(|| ApiError::not_found("hospital bill"))?;
    let bill = bill_from_row(&row)?;
    if bill.paid {
        return Err(ApiError::conflict(
            "already_paid",
            "this hospital bill is already paid",
        ));
    }
    if value.amount_vnd != bill.patient_share_vnd {
        return Err(ApiError::conflict(
            "amount_mismatch",
            "amount_vnd must be the patient's share of the bill",
        ));
    }
    let today = state.today().to_string();
    sqlx::query("UPDATE hospital_bills SET paid_on = ?, payment_reference = ? WHERE bill_id = ?")
        .bind(&today)
        .bind(reference)
        .bind(&bill.bill_id)
        .execute(write.conn())
        .await?;
    let patient = bill.patient_id.clone();
    let body = json!(HospitalBill {
        paid: true,
        paid_on: Some(today),
        payment_reference: Some(reference.to_owned()),
        ..bill
    });
    write.finish(&patient, StatusCode::OK, body).await
}
