//! Marriages and deaths.

use super::body::{date, JsonBody};
use super::clients::Client;
use super::error::{ApiError, ApiResult};
use super::idempotency::{self, Started};
use super::people::{self, Person};
use super::purposes::{Operation, Resource};
use super::read::{personal_id, BySubject, Read};
use super::AppState;
use crate::population::age_on;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::{Extension, Json};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::sqlite::SqliteRow;
use sqlx::Row;

#[derive(Debug, Serialize)]
pub struct Marriage {
    pub certificate_number: String,
    pub husband_id: String,
    pub wife_id: String,
    pub registered_on: String,
    pub place: String,
    /// `valid` or `ended_by_death`.
    pub status: String,
}

fn marriage_from_row(row: &SqliteRow) -> Result<Marriage, sqlx::Error> {
    Ok(Marriage {
        certificate_number: row.try_get("certificate_number")?,
        husband_id: row.try_get("husband_id")?,
        wife_id: row.try_get("wife_id")?,
        registered_on: row.try_get("registered_on")?,
        place: row.try_get("place")?,
        status: row.try_get("status")?,
    })
}

pub async fn marriages(
    State(state): State<AppState>,
    Extension(client): Extension<Client>,
    headers: HeaderMap,
    JsonBody { value, .. }: JsonBody<BySubject>,
) -> ApiResult<Json<Vec<Marriage>>> {
    let read = Read::start(&state, &client, &headers, Resource::Marriages).await?;
    let id = personal_id(&value.personal_id)?;
    let result = async {
        people::existing(state.db().pool(), id.as_str()).await?;
        let rows = sqlx::query("SELECT * FROM marriages WHERE husband_id = ?1 OR wife_id = ?1 ORDER BY registered_on DESC")
            .bind(id.as_str())
            .fetch_all(state.db().pool())
            .await?;
        Ok(rows.iter().map(marriage_from_row).collect::<Result<_, _>>()?)
    }
    .await;
    read.finish(Some(id.as_str()), result).await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarriageRequest {
    pub husband_id: String,
    pub wife_id: String,
    /// The registering office, e.g. `UBND Phường Bến Nghé, TP Hồ Chí Minh`.
    pub place: String,
}

/// Close relatives may not marry (Marriage and Family Law, art. 5): parent and child, or
/// siblings sharing a parent.
fn closely_related(a: &Person, b: &Person) -> bool {
    let parent_of = |parent: &Person, child: &Person| {
        child.father_id.as_deref() == Some(&parent.personal_id)
            || child.mother_id.as_deref() == Some(&parent.personal_id)
    };
    let shared = |x: &Option<String>, y: &Option<String>| x.is_some() && x == y;
    parent_of(a, b)
        || parent_of(b, a)
        || shared(&a.father_id, &b.father_id)
        || shared(&a.mother_id, &b.mother_id)
}

pub async fn record_marriage(
    State(state): State<AppState>,
    Extension(client): Extension<Client>,
    headers: HeaderMap,
    JsonBody { value, raw }: JsonBody<MarriageRequest>,
) -> ApiResult<Response> {
    let husband_id = personal_id(&value.husband_id)?;
    let wife_id = personal_id(&value.wife_id)?;
    let place = value.place.trim();
    if place.is_empty() || place.len() > 200 {
        return Err(ApiError::unprocessable(
            "invalid_place",
            "place is required, 200 bytes at most",
        ));
    }
    let today = state.today();
    let mut write = match idempotency::begin(
        state.db(),
        &client,
        &headers,
        Operation::RecordMarriage,
        &raw,
    )
    .await?
    {
        Started::Replay(response) => return Ok(response),
        Started::Fresh(write) => write,
    };
    let husband = people::living(write.conn(), husband_id.as_str()).await?;
    let wife = people::living(write.conn(), wife_id.as_str()).await?;
    if husband.sex != "male" || wife.sex != "female" {
        return Err(ApiError::unprocessable(
            "invalid_parties",
            "the law registers a marriage between a man and a woman",
        ));
    }
    let age = |person: &Person| {
        date(&person.date_of_birth, "date_of_birth").map(|born| age_on(born, today))
    };
    if age(&husband)? < 20 || age(&wife)? < 18 {
        return Err(ApiError::unprocessable(
            "under_age",
            "a man must be 20 and a woman 18 to marry",
        ));
    }
    if husband.marital_status == "married" || wife.marital_status == "married" {
        return Err(ApiError::conflict(
            "already_married",
            "one of the parties is married",
        ));
    }
    if closely_related(&husband, &wife) {
        return Err(ApiError::unprocessable(
            "related_parties",
            "close relatives may not marry",
        ));
    }
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM marriages")
        .fetch_one(write.conn())
        .await?;
    let certificate_number = format!("{:07}/{}/KH", count + 1, today.year());
    sqlx::query("INSERT INTO marriages (certificate_number, husband_id, wife_id, registered_on, place, status) VALUES (?, ?, ?, ?, ?, 'valid')")
        .bind(&certificate_number)
        .bind(husband_id.as_str())
        .bind(wife_id.as_str())
        .bind(today.to_string())
        .bind(place)
        .execute(write.conn())
        .await?;
    for (one, other) in [(&husband_id, &wife_id), (&wife_id, &husband_id)] {
        sqlx::query(
            "UPDATE people SET spouse_id = ?, marital_status = 'married' WHERE personal_id = ?",
        )
        .bind(other.as_str())
        .bind(one.as_str())
        .execute(write.conn())
        .await?;
    }
    let body = json!(Marriage {
        certificate_number,
        husband_id: husband_id.to_string(),
        wife_id: wife_id.to_string(),
        registered_on: today.to_string(),
        place: place.to_owned(),
        status: "valid".to_owned(),
    });
    write
        .finish(husband_id.as_str(), StatusCode::CREATED, body)
        .await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeathRequest {
    pub personal_id: String,
    pub date_of_death: String,
}

/// Records a death: the spouse becomes widowed and the marriage ends; the deceased leaves the
/// household's living members (deleting the permanent residence is part of the same bundle).
pub async fn record_death(
    State(state): State<AppState>,
    Extension(client): Extension<Client>,
    headers: HeaderMap,
    JsonBody { value, raw }: JsonBody<DeathRequest>,
) -> ApiResult<Response> {
    let id = personal_id(&value.personal_id)?;
    let died_on = date(&value.date_of_death, "date_of_death")?;
    let today = state.today();
    if died_on > today {
        return Err(ApiError::unprocessable(
            "invalid_date",
            "date_of_death cannot be in the future",
        ));
    }
    let mut write =
        match idempotency::begin(state.db(), &client, &headers, Operation::RecordDeath, &raw)
            .await?
        {
            Started::Replay(response) => return Ok(response),
            Started::Fresh(write) => write,
        };
    let person = people::existing(write.conn(), id.as_str()).await?;
    if person.date_of_death.is_some() {
        return Err(ApiError::conflict(
            "already_deceased",
            "the death is already recorded",
        ));
    }
    if died_on < date(&person.date_of_birth, "date_of_birth")? {
        return Err(ApiError::unprocessable(
            "invalid_date",
            "date_of_death is before the date of birth",
        ));
    }
    let count: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM people WHERE death_certificate_number IS NOT NULL",
    )
    .fetch_one(write.conn())
    .await?;
    let certificate = format!("{:06}/{}/KT", count + 1, today.year());
    sqlx::query(
        "UPDATE people SET date_of_death = ?, death_certificate_number = ? WHERE personal_id = ?",
    )
    .bind(died_on.to_string())
    .bind(&certificate)
    .bind(id.as_str())
    .execute(write.conn())
    .await?;
    if let Some(spouse) = &person.spouse_id {
        sqlx::query("UPDATE people SET marital_status = 'widowed' WHERE personal_id = ?")
            .bind(spouse)
            .execute(write.conn())
            .await?;
        sqlx::query("UPDATE marriages SET status = 'ended_by_death' WHERE (husband_id = ?1 OR wife_id = ?1) AND status = 'valid'")
            .bind(id.as_str())
            .execute(write.conn())
            .await?;
    }
    let body = json!({ "personal_id": id.as_str(), "date_of_death": died_on.to_string(), "death_certificate_number": certificate });
    write.finish(id.as_str(), StatusCode::CREATED, body).await
}
