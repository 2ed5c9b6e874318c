//! Independent witnesses: the portal's and the registry's databases read directly, read-only, so
//! that a test checks what was stored rather than what the portal says it stored.

use sqlx::sqlite::{SqliteConnectOptions, SqlitePool, SqlitePoolOptions};
use sqlx::Row;
use std::path::Path;

/// A living adult with a household and a level-2 eID account (an ID not ending in 0), who can
/// notify a guest's stay or be a guest.
#[derive(Clone, Debug)]
pub struct Adult {
    pub personal_id: String,
    pub full_name: String,
    pub date_of_birth: String,
    pub household: i64,
}

/// An application row as stored.
#[derive(Clone, Debug)]
pub struct Stored {
    pub id: String,
    pub applicant_id: String,
    /// Whom it is about: the applicant, or the child a parent applied for.
    pub subject_id: String,
    pub status: String,
    pub reference: Option<String>,
    pub submitted_at: Option<i64>,
    pub answers: String,
    /// Timeline lines saying "received": exactly one once submitted.
    pub received_events: i64,
}

async fn open(path: &Path) -> SqlitePool {
    let options = SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .busy_timeout(std::time::Duration::from_secs(10));
    SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .unwrap_or_else(|error| panic!("opening {}: {error}", path.display()))
}

/// `count` adults from the registry's database, in ID order.
pub async fn adults_with_households(data_dir: &Path, count: usize) -> Vec<Adult> {
    let db = open(&data_dir.join("registry.sqlite3")).await;
    let rows: Vec<(String, String, String, String, String, i64)> = sqlx::query_as(
        "SELECT personal_id, surname, middle_name, given_name, date_of_birth, household_id FROM people \
         WHERE household_id IS NOT NULL AND date_of_death IS NULL AND date_of_birth <= date('now', '-20 years') \
         AND personal_id NOT LIKE '%0' ORDER BY personal_id LIMIT ?",
    )
    .bind(count as i64)
    .fetch_all(&db)
    .await
    .expect("people");
    db.close().await;
    rows.into_iter()
        .map(
            |(personal_id, surname, middle, given, date_of_birth, household)| Adult {
                personal_id,
                full_name: [surname, middle, given]
                    .into_iter()
                    .filter(|part| !part.is_empty())
                    .collect::<Vec<_>>()
                    .join(" "),
                date_of_birth,
                household,
            },
        )
        .collect()
}

/// Every application in the portal's database.
pub async fn applications(data_dir: &Path) -> Vec<Stored> {
    let db = open(&data_dir.join("portal.db")).await;
    let rows = sqlx::query(
        "SELECT id, applicant_id, subject_id, status, reference, submitted_at, answers, \
         (SELECT COUNT(*) FROM application_events e WHERE e.application_id = a.id AND e.status = 'submitted') AS received \
         FROM applications a ORDER BY id",
    )
    .fetch_all(&db)
    .await
    .expect("applications");
    db.close().await;
    rows.iter()
        .map(|row| Stored {
            id: row.get("id"),
            applicant_id: row.get("applicant_id"),
            subject_id: row.get("subject_id"),
            status: row.get("status"),
            reference: row.get("reference"),
            submitted_at: row.get("submitted_at"),
            answers: row.get("answers"),
            received_events: row.get("received"),
        })
        .collect()
}

/// How many times the registry answered the portal's check of `subject` under `purpose`.
pub async fn registry_checks(data_dir: &Path, purpose: &str, subject: &str) -> i64 {
    let db = open(&data_dir.join("registry.sqlite3")).await;
    let count = sqlx::query_scalar(
        "SELECT COUNT(*) FROM access_log WHERE client = 'portal' AND purpose = ? AND subject = ?",
    )
    .bind(purpose)
    .bind(subject)
    .fetch_one(&db)
    .await
    .expect("access log");
    db.close().await;
    count
}

/// How many times the registry answered the portal about `subject`, for any purpose.
pub async fn registry_reads_about(data_dir: &Path, subject: &str) -> i64 {
    let db = open(&data_dir.join("registry.sqlite3")).await;
    let count = sqlx::query_scalar(
        "SELECT COUNT(*) FROM access_log WHERE client = 'portal' AND subject = $1",
    )
    .bind(subject)
    .fetch_one(&db)
    .await
    .expect("access log");
    db.close().await;
    count
}

/// How many times the registry told the portal whose parent `parent` is, for any purpose.
pub async fn children_asked(data_dir: &Path, parent: &str) -> i64 {
    let db = open(&data_dir.join("registry.sqlite3")).await;
    let count = sqlx::query_scalar(
        "SELECT COUNT(*) FROM access_log WHERE client = 'portal' AND resource = 'children_under_14' \
         AND subject = $1",
    )
    .bind(parent)
    .fetch_one(&db)
    .await
    .expect("access log");
    db.close().await;
    count
}

/// A line of the portal's audit log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Audited {
    pub event: String,
    pub actor: Option<String>,
    pub purpose: Option<String>,
    pub outcome: String,
}

/// What the portal's audit log holds about `subject`, oldest first.
pub async fn audited_about(data_dir: &Path, subject: &str) -> Vec<Audited> {
    let db = open(&data_dir.join("portal.db")).await;
    let rows: Vec<(String, Option<String>, Option<String>, String)> = sqlx::query_as(
        "SELECT event, actor, purpose, outcome FROM audit_log WHERE subject = $1 ORDER BY id",
    )
    .bind(subject)
    .fetch_all(&db)
    .await
    .expect("audit log");
    db.close().await;
    rows.into_iter()
        .map(|(event, actor, purpose, outcome)| Audited {
            event,
            actor,
            purpose,
            outcome,
        })
        .collect()
}

/// The problems a set of stored applications shows: a reference used twice, a submitted
/// application without a reference or a "received" line (or with two), a draft with either.
pub fn inconsistencies(stored: &[Stored]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut references = std::collections::HashSet::new();
    for application in stored {
        let submitted = !matches!(application.status.as_str(), "draft" | "awaiting_payment");
        let has_everything = application.reference.is_some()
            && application.submitted_at.is_some()
            && application.received_events == 1;
        let has_nothing = application.reference.is_none()
            && application.submitted_at.is_none()
            && application.received_events == 0;
        if (submitted && !has_everything) || (!submitted && !has_nothing) {
            problems.push(format!("half-written: {application:?}"));
        }
        if let Some(reference) = &application.reference {
            if !references.insert(reference.clone()) {
                problems.push(format!("reference {reference} used twice"));
            }
        }
    }
    problems
}

/// How many data-correction reports the portal has stored.
pub async fn corrections(data_dir: &Path) -> i64 {
    let db = open(&data_dir.join("portal.db")).await;
    let count = sqlx::query_scalar("SELECT COUNT(*) FROM data_corrections")
        .fetch_one(&db)
        .await
        .expect("data corrections");
    db.close().await;
    count
}
