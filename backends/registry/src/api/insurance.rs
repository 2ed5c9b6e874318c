//! Health-insurance cards.

use super::body::JsonBody;
use super::clients::Client;
use super::error::{ApiError, ApiResult};
use super::idempotency::{self, Started};
use super::people;
use super::purposes::{Operation, Resource};
use super::read::{personal_id, BySubject, Read};
use super::AppState;
use crate::population::{add_years, age_on};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::{Extension, Json};
use domain::insurance::compose_card_number;
use serde::Serialize;
use serde_json::json;
use sqlx::sqlite::SqliteRow;
use sqlx::Row;
use time::{Duration, Month};

#[derive(Debug, Serialize)]
pub struct Card {
    pub card_number: String,
    pub holder_id: String,
    pub group_code: String,
    pub benefit_level: i64,
    pub province_code: i64,
    pub valid_from: String,
    pub valid_to: String,
}

fn card_from_row(row: &SqliteRow) -> Result<Card, sqlx::Error> {
    Ok(Card {
        card_number: row.try_get("card_number")?,
        holder_id: row.try_get("holder_id")?,
        group_code: row.try_get("group_code")?,
        benefit_level: row.try_get("benefit_level")?,
        province_code: row.try_get("province_code")?,
        valid_from: row.try_get("valid_from")?,
        valid_to: row.try_get("valid_to")?,
    })
}

pub async fn list(
    State(state): State<AppState>,
    Extension(client): Extension<Client>,
    headers: HeaderMap,
    JsonBody { value, .. }: JsonBody<BySubject>,
) -> ApiResult<Json<Vec<Card>>> {
    let read = Read::start(&state, &client, &headers, Resource::InsuranceCards).await?;
    let id = personal_id(&value.personal_id)?;
    let result = async {
        people::existing(state.db().pool(), id.as_str()).await?;
        let rows =
            sqlx::query("SELECT * FROM insurance_cards WHERE holder_id = ? ORDER BY valid_to DESC")
                .bind(id.as_str())
                .fetch_all(state.db().pool())
                .await?;
        Ok(rows.iter().map(card_from_row).collect::<Result<_, _>>()?)
    }
    .await;
    read.finish(Some(id.as_str()), result).await
}

/// Issues a card: a state-funded TE card until the day before the sixth birthday for a young
/// child, otherwise a household (GD) card to the end of the year.
pub async fn issue(
    State(state): State<AppState>,
    Extension(client): Extension<Client>,
    headers: HeaderMap,
    JsonBody { value, raw }: JsonBody<super::read::BySubject>,
) -> ApiResult<Response> {
    let id = personal_id(&value.personal_id)?;
    let today = state.today();
    let mut write = match idempotency::begin(
        state.db(),
        &client,
        &headers,
        Operation::IssueInsuranceCard,
        &raw,
    )
    .await?
    {
        Started::Replay(response) => return Ok(response),
        Started::Fresh(write) => write,
    };
    let person = people::living(write.conn(), id.as_str()).await?;
    let current: Option<String> = sqlx::query_scalar(
        "SELECT card_number FROM insurance_cards WHERE holder_id = ? AND valid_to >= ?",
    )
    .bind(id.as_str())
    .bind(today.to_string())
    .fetch_optional(write.conn())
    .await?;
    if current.is_some() {
        return Err(ApiError::conflict(
            "card_exists",
            "this person already holds a valid insurance card",
        ));
    }
    let date_of_birth = super::body::date(&person.date_of_birth, "date_of_birth")?;
    let young_child = age_on(date_of_birth, today) < 6;
    let (group, level, valid_to) = if young_child {
        ("TE", 1, add_years(date_of_birth, 6) - Duration::days(1))
    } else {
        let year_end =
            time::Date::from_calendar_date(today.year(), Month::December, 31).expect("31 December");
        ("GD", 5, year_end)
    };
    let province = person
        .permanent_residence
        .as_ref()
        .map_or(person.birth_registration_province, |address| {
            address.province_code
        });
    let issued: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM insurance_cards")
        .fetch_one(write.conn())
        .await?;
    // Runtime social numbers live above 90,000,000, clear of generated ones; birth notices use
    // the same range for temporary codes, so cards start at 95,000,000.
    let number = compose_card_number(group, level, province as u16, 95_000_000 + issued as u64);
    sqlx::query(
        "INSERT INTO insurance_cards (card_number, holder_id, group_code, benefit_level, province_code, valid_from, valid_to) \
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&number)
    .bind(id.as_str())
    .bind(group)
    .bind(i64::from(level))
    .bind(province)
    .bind(today.to_string())
    .bind(valid_to.to_string())
    .execute(write.conn())
    .await?;
    let body = json!(Card {
        card_number: number,
        holder_id: id.to_string(),
        group_code: group.to_owned(),
        benefit_level: i64::from(level),
        province_code: province,
        valid_from: today.to_string(),
        valid_to: valid_to.to_string(),
    });
    write.finish(id.as_str(), StatusCode::CREATED, body).await
}
