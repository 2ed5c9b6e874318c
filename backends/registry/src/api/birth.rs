//! Hospital birth notices and birth registration: a child registered from a notice gets a
//! personal ID number and a birth certificate number, and is linked to the parents.

use super::body::JsonBody;
use super::clients::Client;
use super::error::{ApiError, ApiResult};
use super::idempotency::{self, Started};
use super::people::{self, sex_code, sex_from_code};
use super::purposes::{Operation, Resource};
use super::read::{personal_id, BySubject, Read};
use super::AppState;
use crate::facilities;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::{Extension, Json};
use domain::insurance::compose_card_number;
use domain::personal_id::{PersonalId, Sex};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};
use time::{Date, PrimitiveDateTime};

#[derive(Debug, Serialize)]
pub struct BirthNotice {
    pub notice_number: String,
    pub mother_id: String,
    pub father_id: Option<String>,
    pub father_name: Option<String>,
    pub child_sex: String,
    pub weight_grams: i64,
    /// Local date and time of birth, `YYYY-MM-DDTHH:MM`.
    pub born_at: String,
    pub place_of_birth: String,
    pub facility_id: String,
    pub temporary_insurance_code: String,
    /// The child's personal ID once the birth is registered.
    pub child_id: Option<String>,
}

fn notice_from_row(row: &SqliteRow) -> Result<BirthNotice, sqlx::Error> {
    Ok(BirthNotice {
        notice_number: row.try_get("notice_number")?,
        mother_id: row.try_get("mother_id")?,
        father_id: row.try_get("father_id")?,
        father_name: row.try_get("father_name")?,
        child_sex: row.try_get("child_sex")?,
        weight_grams: row.try_get("weight_grams")?,
        born_at: row.try_get("born_at")?,
        place_of_birth: row.try_get("place_of_birth")?,
        facility_id: row.try_get("facility_id")?,
        temporary_insurance_code: row.try_get("temporary_insurance_code")?,
        child_id: row.try_get("child_id")?,
    })
}

/// Notices naming the person as mother or as father.
pub async fn notices(
    State(state): State<AppState>,
    Extension(client): Extension<Client>,
    headers: HeaderMap,
    JsonBody { value, .. }: JsonBody<BySubject>,
) -> ApiResult<Json<Vec<BirthNotice>>> {
    let read = Read::start(&state, &client, &headers, Resource::BirthNotices).await?;
    let id = personal_id(&value.personal_id)?;
    let result = async {
        people::existing(state.db().pool(), id.as_str()).await?;
        let rows = sqlx::query("SELECT * FROM birth_notices WHERE mother_id = ?1 OR father_id = ?1 ORDER BY born_at DESC, notice_number")
            .bind(id.as_str())
            .fetch_all(state.db().pool())
            .await?;
        Ok(rows.iter().map(notice_from_row).collect::<Result<_, _>>()?)
    }
    .await;
    read.finish(Some(id.as_str()), result).await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedRequest {
    /// The last sequence number the caller has seen; 0 for the beginning.
    #[serde(default)]
    pub after: i64,
}

#[derive(Debug, Serialize)]
pub struct FeedEntry {
    pub sequence: i64,
    pub notice_number: String,
    pub mother_id: String,
    pub father_id: Option<String>,
}

/// Notices received from hospitals after `after`, oldest first, at most 100: the portal follows
/// this feed to prepare each parent's application before they ask.
pub async fn feed(
    State(state): State<AppState>,
    Extension(client): Extension<Client>,
    headers: HeaderMap,
    JsonBody { value, .. }: JsonBody<FeedRequest>,
) -> ApiResult<Json<Vec<FeedEntry>>> {
    let read = Read::start(&state, &client, &headers, Resource::BirthNotices).await?;
    let rows = sqlx::query(
        "SELECT f.sequence, n.notice_number, n.mother_id, n.father_id FROM birth_notice_feed f \
         JOIN birth_notices n ON n.notice_number = f.notice_number WHERE f.sequence > ? ORDER BY f.sequence LIMIT 100",
    )
    .bind(value.after)
    .fetch_all(state.db().pool())
    .await;
    let result = rows.map_err(ApiError::from).and_then(|rows| {
        rows.iter()
            .map(|row| {
                Ok(FeedEntry {
                    sequence: row.try_get("sequence")?,
                    notice_number: row.try_get("notice_number")?,
                    mother_id: row.try_get("mother_id")?,
                    father_id: row.try_get("father_id")?,
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()
            .map_err(ApiError::from)
    });
    read.finish(None, result).await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoticeRequest {
    pub facility_id: String,
    pub mother_id: String,
    pub father_id: Option<String>,
    pub father_name: Option<String>,
    pub child_sex: Sex,
    pub weight_grams: i64,
    /// `YYYY-MM-DDTHH:MM`, local time.
    pub born_at: String,
}

fn born_at(input: &str) -> ApiResult<PrimitiveDateTime> {
    let format = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
    PrimitiveDateTime::parse(input.trim(), &format)
        .map_err(|_| ApiError::unprocessable("invalid_date", "born_at must be YYYY-MM-DDTHH:MM"))
}

/// A hospital reports a birth.
pub async fn receive_notice(
    State(state): State<AppState>,
    Extension(client): Extension<Client>,
    headers: HeaderMap,
    JsonBody { value, raw }: JsonBody<NoticeRequest>,
) -> ApiResult<Response> {
    let facility = facilities::by_id(&value.facility_id).ok_or_else(|| {
        ApiError::unprocessable("unknown_facility", "no health facility has this id")
    })?;
    let mother_id = personal_id(&value.mother_id)?;
    let father_id = value.father_id.as_deref().map(personal_id).transpose()?;
    let born = born_at(&value.born_at)?;
    if born.date() > state.today() || !(300..=7_000).contains(&value.weight_grams) {
        return Err(ApiError::unprocessable(
            "invalid_birth_notice",
            "the birth cannot be in the future and the weight must be 300 to 7000 grams",
        ));
    }
    let mut write = match idempotency::begin(
        state.db(),
        &client,
        &headers,
        Operation::ReceiveBirthNotice,
        &raw,
    )
    .await?
    {
        Started::Replay(response) => return Ok(response),
        Started::Fresh(write) => write,
    };
    let mother = people::existing(write.conn(), mother_id.as_str()).await?;
    if mother.sex != "female" {
        return Err(ApiError::unprocessable(
            "invalid_parent",
            "the mother's record is not a woman's",
        ));
    }
    let father_name = match &father_id {
        Some(id) => {
            let father = people::existing(write.conn(), id.as_str()).await?;
            if father.sex != "male" {
                return Err(ApiError::unprocessable(
                    "invalid_parent",
                    "the father's record is not a man's",
                ));
            }
            Some(father.full_name)
        }
        None => value.father_name.clone(),
    };
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM birth_notices")
        .fetch_one(write.conn())
        .await?;
    let notice_number = format!("GCS-{:07}", count + 1);
    let province = mother
        .permanent_residence
        .as_ref()
        .map_or(mother.birth_registration_province, |address| {
            address.province_code
        });
    // Runtime social numbers start at 90,000,000 within a province, above any generated one.
    let temporary_insurance_code =
        compose_card_number("TE", 1, province as u16, 90_000_000 + count as u64 + 1);
    sqlx::query(
        "INSERT INTO birth_notices (notice_number, mother_id, father_id, father_name, child_sex, weight_grams, born_at, \
         place_of_birth, facility_id, temporary_insurance_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&notice_number)
    .bind(mother_id.as_str())
    .bind(father_id.as_ref().map(PersonalId::as_str))
    .bind(&father_name)
    .bind(sex_code(value.child_sex))
    .bind(value.weight_grams)
    .bind(crate::population::date_time(born))
    .bind(facility.name)
    .bind(facility.id)
    .bind(&temporary_insurance_code)
    .execute(write.conn())
    .await?;
    sqlx::query("INSERT INTO birth_notice_feed (notice_number) VALUES (?)")
        .bind(&notice_number)
        .execute(write.conn())
        .await?;
    let notice = sqlx::query("SELECT * FROM birth_notices WHERE notice_number = ?")
        .bind(&notice_number)
        .fetch_one(write.conn())
        .await?;
    let body = json!(notice_from_row(&notice)?);
    write
        .finish(mother_id.as_str(), StatusCode::CREATED, body)
        .await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterRequest {
    pub notice_number: String,
    /// Defaults to the father's surname, else the mother's.
    pub surname: Option<String>,
    #[serde(default)]
    pub middle_name: String,
    pub given_name: String,
    /// Defaults to the father's, else the mother's.
    pub ethnicity: Option<String>,
    #[serde(default = "vietnamese")]
    pub nationality: String,
}

fn vietnamese() -> String {
    "Việt Nam".to_owned()
}

/// A new unique personal ID for a child: serials come from a hash of the notice so a replayed
/// registration on another database would pick the same number.
async fn new_personal_id(
    conn: &mut SqliteConnection,
    province: u16,
    sex: Sex,
    year: i32,
    seed: &str,
) -> ApiResult<PersonalId> {
    for attempt in 0u32.. {
        let digest = Sha256::digest(format!("{seed}|{attempt}"));
        let serial = u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]]) % 1_000_000;
        let id = PersonalId::compose(province, sex, year, serial);
        let taken: Option<i64> = sqlx::query_scalar("SELECT 1 FROM people WHERE personal_id = ?")
            .bind(id.as_str())
            .fetch_optional(&mut *conn)
            .await?;
        if taken.is_none() {
            return Ok(id);
        }
    }
    unreachable!("a free serial exists among a million")
}

/// Registers a birth from a notice.
pub async fn register(
    State(state): State<AppState>,
    Extension(client): Extension<Client>,
    headers: HeaderMap,
    JsonBody { value, raw }: JsonBody<RegisterRequest>,
) -> ApiResult<Response> {
    let given_name = value.given_name.trim();
    if given_name.is_empty()
        || given_name.chars().count() > 50
        || value.middle_name.chars().count() > 50
    {
        return Err(ApiError::unprocessable(
            "invalid_name",
            "the child needs a given name of at most 50 characters",
        ));
    }
    let mut write = match idempotency::begin(
        state.db(),
        &client,
        &headers,
        Operation::RegisterBirth,
        &raw,
    )
    .await?
    {
        Started::Replay(response) => return Ok(response),
        Started::Fresh(write) => write,
    };
    let row = sqlx::query("SELECT * FROM birth_notices WHERE notice_number = ?")
        .bind(value.notice_number.trim())
        .fetch_optional(write.conn())
        .await?
        .ok_or_else(|| ApiError::not_found("birth notice"))?;
    let notice = notice_from_row(&row)?;
    if notice.child_id.is_some() {
        return Err(ApiError::conflict(
            "already_registered",
            "this birth is already registered",
        ));
    }
    let mother = people::existing(write.conn(), &notice.mother_id).await?;
    let father = match &notice.father_id {
        Some(id) => Some(people::existing(write.conn(), id).await?),
        None => None,
    };
    let parent = father.as_ref().unwrap_or(&mother);
    let sex = sex_from_code(&notice.child_sex).unwrap_or(Sex::Male);
    let date_of_birth: Date = born_at(&notice.born_at)?.date();
    // The birth is registered where the mother lives.
    let province = mother
        .permanent_residence
        .as_ref()
        .map_or(mother.birth_registration_province, |address| {
            address.province_code
        }) as u16;
    let child_id = new_personal_id(
        write.conn(),
        province,
        sex,
        date_of_birth.year(),
        &notice.notice_number,
    )
    .await?;
    let registered: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM people WHERE birth_certificate_number IS NOT NULL",
    )
    .fetch_one(write.conn())
    .await?;
    let certificate = format!("{:06}/{}/KS", registered + 1, state.today().year());
    let surname = value
        .surname
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .unwrap_or(&parent.surname)
        .to_owned();
    sqlx::query(
        "INSERT INTO people (personal_id, surname, middle_name, given_name, date_of_birth, sex, birth_registration_province, \
         place_of_birth, home_town, ethnicity, religion, nationality, marital_status, father_id, mother_id, birth_certificate_number) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'Không', ?, 'single', ?, ?, ?)",
    )
    .bind(child_id.as_str())
    .bind(&surname)
    .bind(value.middle_name.trim())
    .bind(given_name)
    .bind(date_of_birth.to_string())
    .bind(&notice.child_sex)
    .bind(i64::from(province))
    .bind(&notice.place_of_birth)
    .bind(&parent.home_town)
    .bind(value.ethnicity.as_deref().unwrap_or(&parent.ethnicity))
    .bind(value.nationality.trim())
    .bind(&notice.father_id)
    .bind(&notice.mother_id)
    .bind(&certificate)
    .execute(write.conn())
    .await?;
    sqlx::query("UPDATE birth_notices SET child_id = ? WHERE notice_number = ?")
        .bind(child_id.as_str())
        .bind(&notice.notice_number)
        .execute(write.conn())
        .await?;
    let body = json!({
        "personal_id": child_id.as_str(),
        "birth_certificate_number": certificate,
        "full_name": people::full_name(&surname, value.middle_name.trim(), given_name),
        "date_of_birth": date_of_birth.to_string(),
        "sex": notice.child_sex,
        "mother_id": notice.mother_id,
        "father_id": notice.father_id,
        "notice_number": notice.notice_number,
    });
    write
        .finish(&notice.mother_id, StatusCode::CREATED, body)
        .await
}
