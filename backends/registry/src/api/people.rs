//! People, their relatives and their households.

use super::body::JsonBody;
use super::clients::Client;
use super::error::{ApiError, ApiResult};
use super::purposes::Resource;
use super::read::{personal_id, BySubject, Read};
use super::AppState;
use crate::population::age_on;
use crate::population::model::Relation;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::{Extension, Json};
use domain::personal_id::Sex;
use domain::provinces;
use serde::{Deserialize, Serialize};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection, SqliteExecutor};

pub fn sex_code(sex: Sex) -> &'static str {
    match sex {
        Sex::Male => "male",
        Sex::Female => "female",
    }
}

pub fn sex_from_code(code: &str) -> Option<Sex> {
    match code {
        "male" => Some(Sex::Male),
        "female" => Some(Sex::Female),
        _ => None,
    }
}

pub fn province_name(code: i64) -> &'static str {
    u16::try_from(code)
        .ok()
        .and_then(provinces::by_code)
        .map_or("", |province| province.name)
}

#[derive(Debug, Clone, Serialize)]
pub struct Address {
    pub province_code: i64,
    pub province_name: &'static str,
    pub commune: String,
    pub street: String,
    /// The address as written on documents.
    pub full: String,
}

impl Address {
    pub fn new(province_code: i64, commune: String, street: String) -> Self {
        let province_name = province_name(province_code);
        let full = format!("{street}, {commune}, {province_name}");
        Self {
            province_code,
            province_name,
            commune,
            street,
            full,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct TemporaryResidence {
    #[serde(flatten)]
    pub address: Address,
    pub until: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Person {
    pub personal_id: String,
    pub full_name: String,
    pub surname: String,
    pub middle_name: String,
    pub given_name: String,
    pub date_of_birth: String,
    pub sex: String,
    pub place_of_birth: String,
    pub birth_registration_province: i64,
    pub home_town: String,
    pub ethnicity: String,
    pub religion: String,
    pub nationality: String,
    pub blood_type: Option<String>,
    pub old_id_number: Option<String>,
    pub marital_status: String,
    pub father_id: Option<String>,
    pub mother_id: Option<String>,
    pub spouse_id: Option<String>,
    pub household_id: Option<i64>,
    pub relation_to_head: Option<String>,
    pub permanent_residence: Option<Address>,
    pub temporary_residence: Option<TemporaryResidence>,
    pub tax_code: Option<String>,
    pub phone: Option<String>,
    pub birth_certificate_number: Option<String>,
    pub date_of_death: Option<String>,
}

pub fn full_name(surname: &str, middle_name: &str, given_name: &str) -> String {
    [surname, middle_name, given_name]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

const PERSON_QUERY: &str =
    "SELECT p.*, h.province_code AS h_province, h.commune AS h_commune, h.street AS h_street \
     FROM people p LEFT JOIN households h ON h.id = p.household_id WHERE p.personal_id = ?";

fn person_from_row(row: &SqliteRow) -> Result<Person, sqlx::Error> {
    let surname: String = row.try_get("surname")?;
    let middle_name: String = row.try_get("middle_name")?;
    let given_name: String = row.try_get("given_name")?;
    let permanent_residence = match row.try_get::<Option<i64>, _>("h_province")? {
        Some(province) => Some(Address::new(
            province,
            row.try_get("h_commune")?,
            row.try_get("h_street")?,
        )),
        None => None,
    };
    let temporary_residence = match row.try_get::<Option<i64>, _>("temporary_province_code")? {
        Some(province) => Some(TemporaryResidence {
            address: Address::new(
                province,
                row.try_get("temporary_commune")?,
                row.try_get("temporary_street")?,
            ),
            until: row.try_get("temporary_until")?,
        }),
        None => None,
    };
    Ok(Person {
        personal_id: row.try_get("personal_id")?,
        full_name: full_name(&surname, &middle_name, &given_name),
        surname,
        middle_name,
        given_name,
        date_of_birth: row.try_get("date_of_birth")?,
        sex: row.try_get("sex")?,
        place_of_birth: row.try_get("place_of_birth")?,
        birth_registration_province: row.try_get("birth_registration_province")?,
        home_town: row.try_get("home_town")?,
        ethnicity: row.try_get("ethnicity")?,
        religion: row.try_get("religion")?,
        nationality: row.try_get("nationality")?,
        blood_type: row.try_get("blood_type")?,
        old_id_number: row.try_get("old_id_number")?,
        marital_status: row.try_get("marital_status")?,
        father_id: row.try_get("father_id")?,
        mother_id: row.try_get("mother_id")?,
        spouse_id: row.try_get("spouse_id")?,
        household_id: row.try_get("household_id")?,
        relation_to_head: row.try_get("relation_to_head")?,
        permanent_residence,
        temporary_residence,
        tax_code: row.try_get("tax_code")?,
        phone: row.try_get("phone")?,
        birth_certificate_number: row.try_get("birth_certificate_number")?,
        date_of_death: row.try_get("date_of_death")?,
    })
}

pub async fn find<'e>(
    executor: impl SqliteExecutor<'e>,
    personal_id: &str,
) -> Result<Option<Person>, sqlx::Error> {
    sqlx::query(PERSON_QUERY)
        .bind(personal_id)
        .fetch_optional(executor)
        .await?
        .as_ref()
        .map(person_from_row)
        .transpose()
}

/// The person, or 404 `not_found`.
pub async fn existing<'e>(
    executor: impl SqliteExecutor<'e>,
    personal_id: &str,
) -> ApiResult<Person> {
    find(executor, personal_id)
        .await?
        .ok_or_else(|| ApiError::not_found("person"))
}

/// The person, alive, or 404 / 409 `deceased`.
pub async fn living<'e>(executor: impl SqliteExecutor<'e>, personal_id: &str) -> ApiResult<Person> {
    let person = existing(executor, personal_id).await?;
    if person.date_of_death.is_some() {
        return Err(ApiError::conflict(
            "deceased",
            "the registry records this person as deceased",
        ));
    }
    Ok(person)
}

pub async fn get(
    State(state): State<AppState>,
    Extension(client): Extension<Client>,
    headers: HeaderMap,
    JsonBody { value, .. }: JsonBody<BySubject>,
) -> ApiResult<Json<Person>> {
    let read = Read::start(&state, &client, &headers, Resource::People).await?;
    let id = personal_id(&value.personal_id)?;
    let result = existing(state.db().pool(), id.as_str()).await;
    read.finish(Some(id.as_str()), result).await
}

#[derive(Debug, Deserialize)]
pub struct VerifyRequest {
    pub personal_id: String,
    pub full_name: String,
    pub date_of_birth: String,
}

#[derive(Debug, Serialize)]
pub struct VerifyResponse {
    #[serde(rename = "match")]
    pub matches: bool,
}

/// Compares names the way people type them: case and extra spaces aside.
fn same_name(a: &str, b: &str) -> bool {
    let normalise = |name: &str| {
        name.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    normalise(a) == normalise(b)
}

pub async fn verify(
    State(state): State<AppState>,
    Extension(client): Extension<Client>,
    headers: HeaderMap,
    JsonBody { value, .. }: JsonBody<VerifyRequest>,
) -> ApiResult<Json<VerifyResponse>> {
    let read = Read::start(&state, &client, &headers, Resource::Verify).await?;
    let id = personal_id(&value.personal_id)?;
    let person = find(state.db().pool(), id.as_str()).await;
    let result = person.map_err(ApiError::from).map(|person| VerifyResponse {
        matches: person.is_some_and(|person| {
            same_name(&person.full_name, &value.full_name)
                && person.date_of_birth == value.date_of_birth.trim()
        }),
    });
    read.finish(Some(id.as_str()), result).await
}

#[derive(Debug, Serialize)]
pub struct Relative {
    pub personal_id: String,
    pub full_name: String,
    pub date_of_birth: String,
    pub sex: String,
    pub alive: bool,
}

#[derive(Debug, Serialize)]
pub struct Relatives {
    pub father: Option<Relative>,
    pub mother: Option<Relative>,
    pub spouse: Option<Relative>,
    pub children: Vec<Relative>,
}

fn relative_from_row(row: &SqliteRow) -> Result<Relative, sqlx::Error> {
    Ok(Relative {
        personal_id: row.try_get("personal_id")?,
        full_name: full_name(
            row.try_get("surname")?,
            row.try_get("middle_name")?,
            row.try_get("given_name")?,
        ),
        date_of_birth: row.try_get("date_of_birth")?,
        sex: row.try_get("sex")?,
        alive: row.try_get::<Option<String>, _>("date_of_death")?.is_none(),
    })
}

async fn relatives_of(state: &AppState, person: &Person) -> ApiResult<Relatives> {
    let pool = state.db().pool();
    let one = |id: Option<String>| async move {
        match id {
            Some(id) => sqlx::query("SELECT * FROM people WHERE personal_id = ?")
                .bind(id)
                .fetch_optional(pool)
                .await?
                .as_ref()
                .map(relative_from_row)
                .transpose(),
            None => Ok(None),
        }
    };
    Ok(Relatives {
        father: one(person.father_id.clone()).await?,
        mother: one(person.mother_id.clone()).await?,
        spouse: one(person.spouse_id.clone()).await?,
        children: children_of(state, &person.personal_id).await?,
    })
}

/// The person's children, oldest first, whether living or not.
async fn children_of(state: &AppState, parent_id: &str) -> ApiResult<Vec<Relative>> {
    Ok(sqlx::query(
        "SELECT * FROM people WHERE father_id = ?1 UNION SELECT * FROM people WHERE mother_id = ?1 ORDER BY date_of_birth",
    )
    .bind(parent_id)
    .fetch_all(state.db().pool())
    .await?
    .iter()
    .map(relative_from_row)
    .collect::<Result<_, _>>()?)
}

pub async fn relatives(
    State(state): State<AppState>,
    Extension(client): Extension<Client>,
    headers: HeaderMap,
    JsonBody { value, .. }: JsonBody<BySubject>,
) -> ApiResult<Json<Relatives>> {
    let read = Read::start(&state, &client, &headers, Resource::Relatives).await?;
    let id = personal_id(&value.personal_id)?;
    let result = match existing(state.db().pool(), id.as_str()).await {
        Ok(person) => relatives_of(&state, &person).await,
        Err(error) => Err(error),
    };
    read.finish(Some(id.as_str()), result).await
}

/// The person's living children under 14: those a parent acts for, since a child that young has
/// no eID account of their own. Only that is answered, not the whole family, so that a service
/// can ask whom a parent may apply for without reading more than it needs.
pub async fn children_under_14(
    State(state): State<AppState>,
    Extension(client): Extension<Client>,
    headers: HeaderMap,
    JsonBody { value, .. }: JsonBody<BySubject>,
) -> ApiResult<Json<Vec<Relative>>> {
    let read = Read::start(&state, &client, &headers, Resource::ChildrenUnder14).await?;
    let id = personal_id(&value.personal_id)?;
    let result = async {
        let parent = existing(state.db().pool(), id.as_str()).await?;
        let today = state.today();
        let mut children = Vec::new();
        for child in children_of(&state, &parent.personal_id).await? {
            let born = super::body::date(&child.date_of_birth, "date_of_birth")?;
            if child.alive && age_on(born, today) < i64::from(domain::age::OWN_EID_MIN_AGE) {
                children.push(child);
            }
        }
        Ok(children)
    }
    .await;
    read.finish(Some(id.as_str()), result).await
}

#[derive(Debug, Serialize)]
pub struct Member {
    pub personal_id: String,
    pub full_name: String,
    pub date_of_birth: String,
    pub sex: String,
    pub relation_to_head: String,
    /// The relation as worded on the residence record (Vietnamese).
    pub relation_label: &'static str,
}

#[derive(Debug, Serialize)]
pub struct Household {
    pub household_id: i64,
    pub residence_file_number: String,
    pub head_id: String,
    pub address: Address,
    pub members: Vec<Member>,
}

pub async fn household_by_id(
    conn: &mut SqliteConnection,
    household_id: i64,
) -> ApiResult<Household> {
    let row = sqlx::query("SELECT * FROM households WHERE id = ?")
        .bind(household_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| ApiError::not_found("household"))?;
    let members = sqlx::query(
        "SELECT * FROM people WHERE household_id = ? AND date_of_death IS NULL ORDER BY relation_to_head <> 'head', date_of_birth",
    )
    .bind(household_id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|row| {
        let relation: String = row.try_get("relation_to_head")?;
        Ok(Member {
            personal_id: row.try_get("personal_id")?,
            full_name: full_name(row.try_get("surname")?, row.try_get("middle_name")?, row.try_get("given_name")?),
            date_of_birth: row.try_get("date_of_birth")?,
            sex: row.try_get("sex")?,
            relation_label: Relation::from_code(&relation).map_or("", Relation::label_vi),
            relation_to_head: relation,
        })
    })
    .collect::<Result<_, sqlx::Error>>()?;
    Ok(Household {
        household_id,
        residence_file_number: row.try_get("residence_file_number")?,
        head_id: row.try_get("head_id")?,
        address: Address::new(
            row.try_get("province_code")?,
            row.try_get("commune")?,
            row.try_get("street")?,
        ),
        members,
    })
}

pub async fn household(
    State(state): State<AppState>,
    Extension(client): Extension<Client>,
    headers: HeaderMap,
    JsonBody { value, .. }: JsonBody<BySubject>,
) -> ApiResult<Json<Household>> {
    let read = Read::start(&state, &client, &headers, Resource::Households).await?;
    let id = personal_id(&value.personal_id)?;
    let result = async {
        let person = existing(state.db().pool(), id.as_str()).await?;
        let household_id = person
            .household_id
            .ok_or_else(|| ApiError::not_found("household"))?;
        let mut conn = state.db().pool().acquire().await?;
        household_by_id(&mut conn, household_id).await
    }
    .await;
    read.finish(Some(id.as_str()), result).await
}
