//! What the workbench reads of cases beyond `store::cases`: an agency's open cases by deadline,
//! and the body a case was handed over with. Reads only; every move goes through
//! `store::cases::change`, as the automatic worker's do.

use serde_json::{Map, Value};
use sqlx::Row;

use super::sessions::Session;
use crate::store::{cases, Database, Status};

/// A line of the queue.
pub struct Queued {
    pub reference: String,
    pub service: String,
    pub status: String,
    pub received_at: String,
    pub deadline: Option<String>,
}

/// The officer's agency's cases not yet decided, but none the officer applied for or that
/// concerns them (see [`of_agency`]), the nearest deadline first (cases without one last, the
/// longest waiting first among equals).
pub async fn open_of(db: &Database, officer: &Session) -> Result<Vec<Queued>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT reference, service, status, received_at, deadline FROM cases \
         WHERE agency_id = ? AND status NOT IN (?, ?) \
         AND json_extract(hand_over, '$.applicant_id') IS NOT ? \
         AND json_extract(hand_over, '$.subject_id') IS NOT ? \
         ORDER BY deadline IS NULL, deadline, received_at, id",
    )
    .bind(&officer.agency)
    .bind(Status::Approved.as_str())
    .bind(Status::Refused.as_str())
    .bind(&officer.personal_id)
    .bind(&officer.personal_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Queued {
                reference: row.try_get("reference")?,
                service: row.try_get("service")?,
                status: row.try_get("status")?,
                received_at: row.try_get("received_at")?,
                deadline: row.try_get("deadline")?,
            })
        })
        .collect()
}

/// A case with what the portal handed over and the citizen's answers to the agency's requests,
/// as the officer's page shows it.
pub struct Opened {
    pub case: cases::Case,
    pub hand_over: Map<String, Value>,
    /// Each answer as the portal forwarded it (`round`, `text`, `documents`), oldest first.
    pub answers: Vec<Value>,
}

/// The case under `reference` if it is `officer`'s agency's and not about the officer: another
/// agency's case is answered as one that does not exist, so that an officer cannot learn which
/// references are in use elsewhere, and so is an application the officer made or that concerns
/// them (nobody decides their own case).
pub async fn of_agency(
    db: &Database,
    officer: &Session,
    reference: &str,
) -> Result<Option<Opened>, sqlx::Error> {
    let agency = officer.agency.as_str();
    let Some(case) = cases::find(db, reference).await? else {
        return Ok(None);
    };
    if case.agency != agency {
        return Ok(None);
    }
    let body: String = sqlx::query_scalar("SELECT hand_over FROM cases WHERE reference = ?")
        .bind(reference)
        .fetch_one(db.pool())
        .await?;
    let answers: Vec<String> = sqlx::query_scalar(
        "SELECT answers.body FROM answers JOIN cases ON cases.id = answers.case_id \
         WHERE cases.reference = ? ORDER BY answers.round",
    )
    .bind(reference)
    .fetch_all(db.pool())
    .await?;
    let hand_over: Map<String, Value> = decode(&body)?;
    let concerned = ["applicant_id", "subject_id"]
        .iter()
        .any(|field| hand_over.get(*field).and_then(Value::as_str) == Some(&officer.personal_id));
    if concerned {
        return Ok(None);
    }
    Ok(Some(Opened {
        case,
        hand_over,
        answers: answers
            .iter()
            .map(|answer| decode(answer))
            .collect::<Result<_, _>>()?,
    }))
}

/// JSON the agency stored itself; unreadable only if the database was changed behind its back.
fn decode<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, sqlx::Error> {
    serde_json::from_str(text).map_err(|error| sqlx::Error::Decode(Box::new(error)))
}
