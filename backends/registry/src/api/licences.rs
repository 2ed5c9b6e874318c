//! Driving licences, drivers' health checks and the facilities that sign them.

use super::body::{date, JsonBody};
use super::clients::Client;
use super::error::{ApiError, ApiResult};
use super::idempotency::{self, Started};
use super::people;
use super::purposes::{Operation, Resource};
use super::read::{personal_id, BySubject, Read};
use super::AppState;
use crate::facilities;
use crate::health_check::{ClassGroup, HealthCheck};
use crate::population::{licence_expiry, licence_number};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::{Extension, Json};
use domain::licence::{is_valid_licence_number, normalise_licence_number, LicenceClass};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteExecutor};
use time::{Date, Duration};

/// Classes as stored: their enum names joined by commas (labels alone are ambiguous: old and new
/// A1 print the same).
pub fn classes_to_text(classes: &[LicenceClass]) -> String {
    classes
        .iter()
        .map(|class| {
            serde_json::to_value(class)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(",")
}

pub fn classes_from_text(text: &str) -> Vec<LicenceClass> {
    text.split(',')
        .filter_map(|code| serde_json::from_value(serde_json::Value::String(code.to_owned())).ok())
        .collect()
}

#[derive(Debug, Serialize)]
pub struct Class {
    pub code: LicenceClass,
    pub label: &'static str,
    pub pre_2025: bool,
    pub needs_health_check: bool,
}

#[derive(Debug, Serialize)]
pub struct Licence {
    pub licence_number: String,
    pub holder_id: String,
    pub classes: Vec<Class>,
    pub issuing_province: i64,
    pub issued_on: String,
    /// `null` for licences that never expire.
    pub expires_on: Option<String>,
    /// `active`, `lost` or `replaced`.
    pub status: String,
    pub replaced_by: Option<String>,
    /// `valid`, `expiring_soon` (within three months) or `expired`, as of today.
    pub validity: &'static str,
}

fn licence_from_row(row: &SqliteRow, today: Date) -> Result<Licence, sqlx::Error> {
    let expires_on: Option<String> = row.try_get("expires_on")?;
    let expiry = expires_on
        .as_deref()
        .and_then(|text| date(text, "expires_on").ok());
    let validity = match expiry {
        Some(expiry) if expiry < today => "expired",
        Some(expiry) if expiry <= today + Duration::days(90) => "expiring_soon",
        _ => "valid",
    };
    let classes = classes_from_text(&row.try_get::<String, _>("classes")?)
        .into_iter()
        .map(|code| Class {
            code,
            label: code.label(),
            pre_2025: code.is_pre_2025(),
            needs_health_check: code.needs_health_check(),
        })
        .collect();
    Ok(Licence {
        licence_number: row.try_get("number")?,
        holder_id: row.try_get("holder_id")?,
        classes,
        issuing_province: row.try_get("issuing_province")?,
        issued_on: row.try_get("issued_on")?,
        expires_on,
        status: row.try_get("status")?,
        replaced_by: row.try_get("replaced_by")?,
        validity,
    })
}

async fn licence_by_number<'e>(
    executor: impl SqliteExecutor<'e>,
    number: &str,
    today: Date,
) -> ApiResult<Licence> {
    let row = sqlx::query("SELECT * FROM licences WHERE number = ?")
        .bind(number)
        .fetch_optional(executor)
        .await?
        .ok_or_else(|| ApiError::not_found("licence"))?;
    Ok(licence_from_row(&row, today)?)
}

pub async fn facilities(State(state): State<AppState>) -> Json<Vec<facilities::PublishedFacility>> {
    Json(facilities::published(state.seed()))
}

pub async fn list(
    State(state): State<AppState>,
    Extension(client): Extension<Client>,
    headers: HeaderMap,
    JsonBody { value, .. }: JsonBody<BySubject>,
) -> ApiResult<Json<Vec<Licence>>> {
    let read = Read::start(&state, &client, &headers, Resource::Licences).await?;
    let id = personal_id(&value.personal_id)?;
    let today = state.today();
    let result = async {
        people::existing(state.db().pool(), id.as_str()).await?;
        let rows =
            sqlx::query("SELECT * FROM licences WHERE holder_id = ? ORDER BY issued_on DESC")
                .bind(id.as_str())
                .fetch_all(state.db().pool())
                .await?;
        Ok(rows
            .iter()
            .map(|row| licence_from_row(row, today))
            .collect::<Result<_, _>>()?)
    }
    .await;
    read.finish(Some(id.as_str()), result).await
}

#[derive(Debug, Deserialize)]
pub struct ByLicenceNumber {
    pub licence_number: String,
}

fn licence_number_from(input: &str) -> ApiResult<String> {
    let number = normalise_licence_number(input);
    if is_valid_licence_number(&number) {
        Ok(number)
    } else {
        Err(ApiError::unprocessable(
            "invalid_licence_number",
            "a licence number has 12 digits, the first two being a province code",
        ))
    }
}

pub async fn get(
    State(state): State<AppState>,
    Extension(client): Extension<Client>,
    headers: HeaderMap,
    JsonBody { value, .. }: JsonBody<ByLicenceNumber>,
) -> ApiResult<Json<Licence>> {
    let read = Read::start(&state, &client, &headers, Resource::Licences).await?;
    let number = licence_number_from(&value.licence_number)?;
    let result = licence_by_number(state.db().pool(), &number, state.today()).await;
    let holder = result
        .as_ref()
        .ok()
        .map(|licence| licence.holder_id.clone());
    read.finish(holder.as_deref(), result).await
}

#[derive(Debug, Serialize)]
pub struct StoredHealthCheck {
    #[serde(flatten)]
    pub check: HealthCheck,
    pub result: &'static str,
    pub facility_name: &'static str,
    /// The exact bytes (UTF-8) the facility signed.
    pub signed_payload: String,
    /// Ed25519 signature of `signed_payload`, standard base64.
    pub signature: String,
}

fn health_check_from_row(row: &SqliteRow) -> Result<StoredHealthCheck, sqlx::Error> {
    let facility_id: String = row.try_get("facility_id")?;
    let class_group: String = row.try_get("class_group")?;
    let check = HealthCheck {
        certificate_id: row.try_get("certificate_id")?,
        facility_id,
        personal_id: row.try_get("personal_id")?,
        examined_on: row.try_get("examined_on")?,
        class_group: ClassGroup::from_code(&class_group).unwrap_or(ClassGroup::Car),
        fit: row.try_get::<String, _>("result")? == "fit",
        valid_until: row.try_get("valid_until")?,
    };
    Ok(StoredHealthCheck {
        result: check.result_code(),
        facility_name: facilities::by_id(&check.facility_id).map_or("", |facility| facility.name),
        signed_payload: check.signed_payload(),
        signature: row.try_get("signature")?,
        check,
    })
}

pub async fn health_checks(
    State(state): State<AppState>,
    Extension(client): Extension<Client>,
    headers: HeaderMap,
    JsonBody { value, .. }: JsonBody<BySubject>,
) -> ApiResult<Json<Vec<StoredHealthCheck>>> {
    let read = Read::start(&state, &client, &headers, Resource::HealthChecks).await?;
    let id = personal_id(&value.personal_id)?;
    let result = async {
        people::existing(state.db().pool(), id.as_str()).await?;
        let rows = sqlx::query(
            "SELECT * FROM health_checks WHERE personal_id = ? ORDER BY examined_on DESC",
        )
        .bind(id.as_str())
        .fetch_all(state.db().pool())
        .await?;
        Ok(rows
            .iter()
            .map(health_check_from_row)
            .collect::<Result<_, _>>()?)
    }
    .await;
    read.finish(Some(id.as_str()), result).await
}

#[derive(Debug, Deserialize)]
pub struct SignedHealthCheckRequest {
    #[serde(flatten)]
    pub check: HealthCheck,
    pub signature: String,
}

/// A hospital sends a signed result; it is stored only if the facility's key verifies it.
pub async fn receive_health_check(
    State(state): State<AppState>,
    Extension(client): Extension<Client>,
    headers: HeaderMap,
    JsonBody { value, raw }: JsonBody<SignedHealthCheckRequest>,
) -> ApiResult<Response> {
    let check = value.check;
    let facility = facilities::by_id(&check.facility_id).ok_or_else(|| {
        ApiError::unprocessable("unknown_facility", "no health facility has this id")
    })?;
    let id = personal_id(&check.personal_id)?;
    let examined_on = date(&check.examined_on, "examined_on")?;
    let valid_until = date(&check.valid_until, "valid_until")?;
    if valid_until < examined_on
        || examined_on > state.today()
        || check.certificate_id.trim().is_empty()
    {
        return Err(ApiError::unprocessable(
            "invalid_health_check",
            "the examination must not be in the future, validity must end after it and the certificate needs an id",
        ));
    }
    let key = facilities::signing_key(state.seed(), facility.id).verifying_key();
    if !check.verify(&key, &value.signature) {
        return Err(ApiError::unprocessable(
            "invalid_signature",
            "the signature does not verify with the facility's published key",
        ));
    }
    let mut write = match idempotency::begin(
        state.db(),
        &client,
        &headers,
        Operation::ReceiveHealthCheck,
        &raw,
    )
    .await?
    {
        Started::Replay(response) => return Ok(response),
        Started::Fresh(write) => write,
    };
    people::existing(write.conn(), id.as_str()).await?;
    let inserted = sqlx::query(
        "INSERT INTO health_checks (certificate_id, personal_id, facility_id, examined_on, class_group, result, valid_until, signature) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (certificate_id) DO NOTHING",
    )
    .bind(&check.certificate_id)
    .bind(id.as_str())
    .bind(facility.id)
    .bind(&check.examined_on)
    .bind(check.class_group.code())
    .bind(check.result_code())
    .bind(&check.valid_until)
    .bind(&value.signature)
    .execute(write.conn())
    .await?;
    if inserted.rows_affected() == 0 {
        return Err(ApiError::conflict(
            "duplicate_certificate",
            "a health check with this certificate id is already recorded",
        ));
    }
    let body = json!({ "certificate_id": check.certificate_id, "personal_id": id.as_str(), "result": check.result_code() });
    write.finish(id.as_str(), StatusCode::CREATED, body).await
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RenewalReason {
    Expiring,
    Damaged,
    ChangedDetails,
    Lost,
}

#[derive(Debug, Deserialize)]
pub struct RenewRequest {
    pub licence_number: String,
    pub personal_id: String,
    pub reason: RenewalReason,
}

/// Issues a new licence replacing an old one: old classes are exchanged for 2025 classes.
pub async fn renew(
    State(state): State<AppState>,
    Extension(client): Extension<Client>,
    headers: HeaderMap,
    JsonBody { value, raw }: JsonBody<RenewRequest>,
) -> ApiResult<Response> {
    let number = licence_number_from(&value.licence_number)?;
    let id = personal_id(&value.personal_id)?;
    let today = state.today();
    let mut write =
        match idempotency::begin(state.db(), &client, &headers, Operation::RenewLicence, &raw)
            .await?
        {
            Started::Replay(response) => return Ok(response),
            Started::Fresh(write) => write,
        };
    let old = licence_by_number(write.conn(), &number, today).await?;
    if old.holder_id != id.as_str() {
        return Err(ApiError::unprocessable(
            "holder_mismatch",
            "the licence belongs to someone else",
        ));
    }
    if old.status == "replaced" {
        return Err(ApiError::conflict(
            "licence_replaced",
            "this licence was already replaced by a newer one",
        ));
    }
    let holder = people::living(write.conn(), id.as_str()).await?;
    let classes: Vec<LicenceClass> = old
        .classes
        .iter()
        .filter_map(|class| class.code.exchange().class)
        .collect();
    if classes.is_empty() {
        return Err(ApiError::unprocessable(
            "no_licence_class",
            "none of the licence's classes exchanges for a 2025 class",
        ));
    }
    let ordinal: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM licences")
        .fetch_one(write.conn())
        .await?;
    let province = holder
        .permanent_residence
        .as_ref()
        .map_or(holder.birth_registration_province, |address| {
            address.province_code
        });
    let new_number = licence_number(province as u16, ordinal as u64 + 1);
    let expires_on = licence_expiry(&classes, today).map(|date| date.to_string());
    sqlx::query(
        "INSERT INTO licences (number, holder_id, classes, issuing_province, issued_on, expires_on, status) VALUES (?, ?, ?, ?, ?, ?, 'active')",
    )
    .bind(&new_number)
    .bind(id.as_str())
    .bind(classes_to_text(&classes))
    .bind(province)
    .bind(today.to_string())
    .bind(&expires_on)
    .execute(write.conn())
    .await?;
    sqlx::query("UPDATE licences SET status = 'replaced', replaced_by = ? WHERE number = ?")
        .bind(&new_number)
        .bind(&number)
        .execute(write.conn())
        .await?;
    let new = licence_by_number(write.conn(), &new_number, today).await?;
    let body = json!({ "licence": new, "replaces": number, "reason": value.reason_code() });
    write.finish(id.as_str(), StatusCode::CREATED, body).await
}

impl RenewRequest {
    fn reason_code(&self) -> &'static str {
        match self.reason {
            RenewalReason::Expiring => "expiring",
            RenewalReason::Damaged => "damaged",
            RenewalReason::ChangedDetails => "changed_details",
            RenewalReason::Lost => "lost",
        }
    }
}
