//! Independent witnesses: the portal's and the registry's databases read directly, read-only, so
//! that a test checks what was stored rather than what the portal says it stored.

use sqlx::any::AnyPoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool, SqlitePoolOptions};
use sqlx::{AnyPool, Row};
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
    /// Timeline lines giving the decision: at most one, however many workers process.
    pub decision_events: i64,
}

/// The registry's database (always SQLite: it belongs to the stand-in).
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

/// The portal's database, SQLite or PostgreSQL, as `Stack::portal_database` names it; SQLite is
/// opened read-only.
async fn open_portal(database_url: &str) -> AnyPool {
    sqlx::any::install_default_drivers();
    let url = if server::db::is_postgres(database_url) {
        database_url.to_string()
    } else {
        format!("{database_url}?mode=ro")
    };
    AnyPoolOptions::new()
        .max_connections(1)
        .connect(&url)
        .await
        .unwrap_or_else(|error| panic!("opening the portal's database: {error}"))
}

/// `count` adults from the registry's database, in ID order.
pub async fn adults_with_households(data_dir: &Path, count: usize) -> Vec<Adult> {
    let db = open(&data_dir.join("registry.sqlite3")).await;
    let rows: Vec<(String, String, String, String, String, i64)> = sqlx::query_as(
        "SELECT personal_id, surname, middle_name, given_name, date_of_birth, household_id FROM people \
         WHERE household_id IS NOT NULL AND date_of_death IS NULL AND date_of_birth <= date('now', '-20 years') \
         AND personal_id NOT LIKE '%0' ORDER BY personal_id LIMIT $1",
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
pub async fn applications(portal_database: &str) -> Vec<Stored> {
    let db = open_portal(portal_database).await;
    let rows = sqlx::query(
        "SELECT id, applicant_id, subject_id, status, reference, submitted_at, answers, \
         (SELECT COUNT(*) FROM application_events e WHERE e.application_id = a.id AND e.status = 'submitted') AS received, \
         (SELECT COUNT(*) FROM application_events e WHERE e.application_id = a.id AND e.status IN ('decided', 'rejected')) AS decisions \
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
            decision_events: row.get("decisions"),
        })
        .collect()
}

/// The uploads stored for application `id`: each one's id, question and size, oldest first.
pub async fn documents_of(portal_database: &str, id: &str) -> Vec<(String, String, i64)> {
    let db = open_portal(portal_database).await;
    let rows = sqlx::query_as(
        "SELECT id, question, size_bytes FROM documents WHERE application_id = $1 ORDER BY created_at, id",
    )
    .bind(id)
    .fetch_all(&db)
    .await
    .expect("documents");
    db.close().await;
    rows
}

/// How many sessions the portal's database holds.
pub async fn sessions(portal_database: &str) -> i64 {
    let db = open_portal(portal_database).await;
    let count = sqlx::query_scalar("SELECT COUNT(*) FROM sessions")
        .fetch_one(&db)
        .await
        .expect("sessions");
    db.close().await;
    count
}

/// Every upload stored, whatever the application: how many, and their bytes together.
pub async fn all_documents(portal_database: &str) -> (i64, i64) {
    let db = open_portal(portal_database).await;
    let totals = sqlx::query_as(
        "SELECT COUNT(*), CAST(COALESCE(SUM(size_bytes), 0) AS BIGINT) FROM documents",
    )
    .fetch_one(&db)
    .await
    .expect("documents");
    db.close().await;
    totals
}

/// How many times the registry answered the portal's check of `subject` under `purpose`.
pub async fn registry_checks(data_dir: &Path, purpose: &str, subject: &str) -> i64 {
    access_log_count(
        data_dir,
        "purpose = $1 AND subject = $2",
        &[purpose, subject],
    )
    .await
}

/// How many times the registry answered the portal about `subject`, for any purpose.
pub async fn registry_reads_about(data_dir: &Path, subject: &str) -> i64 {
    access_log_count(data_dir, "subject = $1", &[subject]).await
}

/// How many times the registry told the portal whose parent `parent` is, for any purpose.
pub async fn children_asked(data_dir: &Path, parent: &str) -> i64 {
    access_log_count(
        data_dir,
        "resource = 'children_under_14' AND subject = $1",
        &[parent],
    )
    .await
}

/// The registry's access-log lines about the portal's requests that meet `condition`.
async fn access_log_count(data_dir: &Path, condition: &str, values: &[&str]) -> i64 {
    let db = open(&data_dir.join("registry.sqlite3")).await;
    let sql = format!("SELECT COUNT(*) FROM access_log WHERE client = 'portal' AND {condition}");
    let mut query = sqlx::query_scalar(&sql);
    for value in values {
        query = query.bind(*value);
    }
    let count = query.fetch_one(&db).await.expect("access log");
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
pub async fn audited_about(portal_database: &str, subject: &str) -> Vec<Audited> {
    let db = open_portal(portal_database).await;
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
/// application without a reference or a "received" line (or with two), a draft with either, an
/// application decided twice.
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
        if application.decision_events > 1 {
            problems.push(format!("decided twice: {application:?}"));
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
pub async fn corrections(portal_database: &str) -> i64 {
    let db = open_portal(portal_database).await;
    let count = sqlx::query_scalar("SELECT COUNT(*) FROM data_corrections")
        .fetch_one(&db)
        .await
        .expect("data corrections");
    db.close().await;
    count
}

/// Reads the registry at `registry_url` directly with the portal's credential under `purpose`,
/// as a test's independent witness of what it holds.
pub async fn registry_read(
    registry_url: &str,
    purpose: &str,
    path: &str,
    body: serde_json::Value,
) -> serde_json::Value {
    reqwest::Client::new()
        .post(format!("{registry_url}{path}"))
        .bearer_auth("portal-dev-secret")
        .header("x-purpose", purpose)
        .json(&body)
        .send()
        .await
        .expect("registry answers")
        .json()
        .await
        .expect("registry JSON")
}
