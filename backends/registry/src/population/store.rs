//! Writes a generated population with multi-row INSERTs, a few hundred rows per statement, all in
//! one transaction: the one prepared statement per table is reused for every full chunk.

use super::model::Population;
use sqlx::SqliteConnection;
use time::PrimitiveDateTime;

/// A value bound into an INSERT.
pub enum Value {
    Text(String),
    Int(i64),
    Null,
}

impl From<String> for Value {
    fn from(text: String) -> Self {
        Self::Text(text)
    }
}

impl From<&str> for Value {
    fn from(text: &str) -> Self {
        Self::Text(text.to_owned())
    }
}

impl From<i64> for Value {
    fn from(number: i64) -> Self {
        Self::Int(number)
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(value: Option<T>) -> Self {
        value.map_or(Self::Null, Into::into)
    }
}

/// SQLite's default limit on bound parameters in one statement is 32,766.
const MAX_PARAMETERS: usize = 32_000;
const MAX_ROWS_PER_STATEMENT: usize = 500;
/// A line of progress every so many rows, so that generating a national-size population (a
/// million citizens take minutes) is not a silent wait.
const PROGRESS_EVERY_ROWS: usize = 100_000;

pub async fn insert_rows(
    conn: &mut SqliteConnection,
    table: &str,
    columns: &[&str],
    rows: impl Iterator<Item = Vec<Value>>,
) -> Result<(), sqlx::Error> {
    let per_statement = (MAX_PARAMETERS / columns.len()).min(MAX_ROWS_PER_STATEMENT);
    let placeholders = format!("({})", vec!["?"; columns.len()].join(","));
    let mut rows = rows.peekable();
    let mut written = 0;
    while rows.peek().is_some() {
        let chunk: Vec<Vec<Value>> = rows.by_ref().take(per_statement).collect();
        let before = written;
        written += chunk.len();
        if written / PROGRESS_EVERY_ROWS > before / PROGRESS_EVERY_ROWS {
            tracing::info!(table, rows = written, "writing the population");
        }
        let sql = format!(
            "INSERT INTO {table} ({}) VALUES {}",
            columns.join(","),
            vec![placeholders.as_str(); chunk.len()].join(",")
        );
        let mut query = sqlx::query(&sql);
        for value in chunk.into_iter().flatten() {
            query = match value {
                Value::Text(text) => query.bind(text),
                Value::Int(number) => query.bind(number),
                Value::Null => query.bind(None::<String>),
            };
        }
        query.execute(&mut *conn).await?;
    }
    tracing::info!(table, rows = written, "population table written");
    Ok(())
}

/// `YYYY-MM-DDTHH:MM`, local time of the event.
pub fn date_time(at: PrimitiveDateTime) -> String {
    format!("{}T{:02}:{:02}", at.date(), at.hour(), at.minute())
}

pub fn household_id(index: usize) -> i64 {
    index as i64 + 1
}

pub async fn write(
    conn: &mut SqliteConnection,
    population: &Population,
) -> Result<(), sqlx::Error> {
    let id = |index: usize| population.people[index].id.clone();
    let text = |value: &dyn ToString| Value::Text(value.to_string());

    insert_rows(
        conn,
        "households",
        &[
            "id",
            "head_id",
            "province_code",
            "commune",
            "street",
            "residence_file_number",
        ],
        population
            .households
            .iter()
            .enumerate()
            .map(|(index, household)| {
                let address = &household.address;
                vec![
                    household_id(index).into(),
                    id(household.head).into(),
                    i64::from(address.province).into(),
                    address.commune.into(),
                    address.street.clone().into(),
                    format!("HS{:03}{:09}", address.province, household_id(index)).into(),
                ]
            }),
    )
    .await?;

    insert_rows(
        conn,
        "people",
        &[
            "personal_id",
            "surname",
            "middle_name",
            "given_name",
            "date_of_birth",
            "sex",
            "birth_registration_province",
            "place_of_birth",
            "home_town",
            "ethnicity",
            "religion",
            "nationality",
            "blood_type",
            "old_id_number",
            "marital_status",
            "father_id",
            "mother_id",
            "spouse_id",
            "household_id",
            "relation_to_head",
            "temporary_province_code",
            "temporary_commune",
            "temporary_street",
            "temporary_until",
            "tax_code",
            "phone",
        ],
        population.people.iter().map(|person| {
            let temporary = person.temporary.as_ref();
            vec![
                person.id.clone().into(),
                person.surname.into(),
                person.middle_name.into(),
                person.given_name.into(),
                text(&person.date_of_birth),
                crate::api::people::sex_code(person.sex).into(),
                i64::from(person.birth_province).into(),
                person.place_of_birth.clone().into(),
                person.home_town.clone().into(),
                person.ethnicity.into(),
                person.religion.into(),
                "Việt Nam".into(),
                person.blood_type.into(),
                person.old_id_number.clone().into(),
                person.marital.code().into(),
                person.father.map(id).into(),
                person.mother.map(id).into(),
                person.spouse.map(id).into(),
                person.household.map(household_id).into(),
                person.relation.map(|relation| relation.code()).into(),
                temporary
                    .map(|(address, _)| i64::from(address.province))
                    .into(),
                temporary.map(|(address, _)| address.commune).into(),
                temporary.map(|(address, _)| address.street.clone()).into(),
                temporary.map(|(_, until)| until.to_string()).into(),
                person.tax_code.clone().into(),
                person.phone.clone().into(),
            ]
        }),
    )
    .await?;

    insert_rows(
        conn,
        "licences",
        &[
            "number",
            "holder_id",
            "classes",
            "issuing_province",
            "issued_on",
            "expires_on",
            "status",
        ],
        population.licences.iter().map(|licence| {
            vec![
                licence.number.clone().into(),
                id(licence.holder).into(),
                crate::api::licences::classes_to_text(&licence.classes).into(),
                i64::from(licence.province).into(),
                text(&licence.issued_on),
                licence.expires_on.map(|date| date.to_string()).into(),
                licence.status.code().into(),
            ]
        }),
    )
    .await?;

    insert_rows(
        conn,
        "health_checks",
        &[
            "certificate_id",
            "personal_id",
            "facility_id",
            "examined_on",
            "class_group",
            "result",
            "valid_until",
            "signature",
        ],
        population.health_checks.iter().map(|signed| {
            let check = &signed.check;
            vec![
                check.certificate_id.clone().into(),
                check.personal_id.clone().into(),
                check.facility_id.clone().into(),
                check.examined_on.clone().into(),
                check.class_group.code().into(),
                check.result_code().into(),
                check.valid_until.clone().into(),
                signed.signature.clone().into(),
            ]
        }),
    )
    .await?;

    insert_rows(
        conn,
        "birth_notices",
        &[
            "notice_number",
            "mother_id",
            "father_id",
            "father_name",
            "child_sex",
            "weight_grams",
            "born_at",
            "place_of_birth",
            "facility_id",
            "temporary_insurance_code",
        ],
        population.birth_notices.iter().map(|notice| {
            let father_name = notice.father.map(|father| {
                let father = &population.people[father];
                format!(
                    "{} {} {}",
                    father.surname, father.middle_name, father.given_name
                )
            });
            vec![
                notice.number.clone().into(),
                id(notice.mother).into(),
                notice.father.map(id).into(),
                father_name.into(),
                crate::api::people::sex_code(notice.child_sex).into(),
                notice.weight_grams.into(),
                date_time(notice.born_at).into(),
                notice.facility.name.into(),
                notice.facility.id.into(),
                notice.temporary_insurance_code.clone().into(),
            ]
        }),
    )
    .await?;

    insert_rows(
        conn,
        "insurance_cards",
        &[
            "card_number",
            "holder_id",
            "group_code",
            "benefit_level",
            "province_code",
            "valid_from",
            "valid_to",
        ],
        population.insurance_cards.iter().map(|card| {
            vec![
                card.number.clone().into(),
                id(card.holder).into(),
                card.group.into(),
                i64::from(card.level).into(),
                i64::from(card.province).into(),
                text(&card.valid_from),
                text(&card.valid_to),
            ]
        }),
    )
    .await?;

    insert_rows(
        conn,
        "marriages",
        &[
            "certificate_number",
            "husband_id",
            "wife_id",
            "registered_on",
            "place",
            "status",
        ],
        population.marriages.iter().map(|marriage| {
            vec![
                marriage.certificate_number.clone().into(),
                id(marriage.husband).into(),
                id(marriage.wife).into(),
                text(&marriage.registered_on),
                marriage.place.clone().into(),
                "valid".into(),
            ]
        }),
    )
    .await?;

    insert_rows(
        conn,
        "vehicles",
        &["plate", "owner_id", "kind", "model", "registered_on"],
        population.vehicles.iter().map(|vehicle| {
            vec![
                vehicle.plate.clone().into(),
                id(vehicle.owner).into(),
                vehicle.kind.into(),
                vehicle.model.into(),
                text(&vehicle.registered_on),
            ]
        }),
    )
    .await?;

    insert_rows(
        conn,
        "fines",
        &[
            "fine_id",
            "plate",
            "offence",
            "amount_vnd",
            "detected_at",
            "place",
            "paid_on",
            "payment_reference",
        ],
        population.fines.iter().map(|fine| {
            let reference = fine.paid_on.map(|_| format!("KB-{}", fine.id));
            vec![
                fine.id.clone().into(),
                fine.plate.clone().into(),
                fine.offence.into(),
                fine.amount_vnd.into(),
                date_time(fine.detected_at).into(),
                fine.place.clone().into(),
                fine.paid_on.map(|date| date.to_string()).into(),
                reference.into(),
            ]
        }),
    )
    .await?;

    insert_rows(
        conn,
        "hospital_bills",
        &[
            "bill_id",
            "hospital",
            "patient_id",
            "card_number",
            "treatment",
            "issued_on",
            "total_vnd",
            "insurance_vnd",
            "paid_on",
            "payment_reference",
        ],
        population.hospital_bills.iter().map(|bill| {
            let reference = bill.paid_on.map(|_| format!("KB-{}", bill.id));
            vec![
                bill.id.clone().into(),
                bill.hospital.into(),
                bill.patient.map(id).into(),
                bill.card_number.clone().into(),
                bill.treatment.into(),
                text(&bill.issued_on),
                bill.total_vnd.into(),
                bill.insurance_vnd.into(),
                bill.paid_on.map(|date| date.to_string()).into(),
                reference.into(),
            ]
        }),
    )
    .await?;

    insert_rows(
        conn,
        "electricity_contracts",
        &[
            "contract_number",
            "holder_id",
            "address",
            "province_code",
            "started_on",
        ],
        population.electricity_contracts.iter().map(|contract| {
            vec![
                contract.number.clone().into(),
                id(contract.holder).into(),
                contract.address.clone().into(),
                i64::from(contract.province).into(),
                text(&contract.started_on),
            ]
        }),
    )
    .await
}
