//! The feed of status changes the portal polls: every change of every case, numbered by a
//! sequence that only grows, read from a cursor (the last sequence the reader has seen).

use serde_json::{Map, Value};
use sqlx::SqliteConnection;

use super::{Change, Database, Status};

/// Writes one change; part of the transaction that changes the case.
pub(super) async fn append(
    connection: &mut SqliteConnection,
    case_id: i64,
    reference: &str,
    status: Status,
    detail: &Map<String, Value>,
    at: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO changes (case_id, reference, status, at, detail) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(case_id)
    .bind(reference)
    .bind(status.as_str())
    .bind(at)
    .bind(Value::Object(detail.clone()).to_string())
    .execute(connection)
    .await?;
    Ok(())
}

/// A case's changes in order: its history.
pub(super) async fn of_case(
    connection: &mut SqliteConnection,
    case_id: i64,
) -> Result<Vec<Change>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT sequence, reference, status, at, detail FROM changes \
         WHERE case_id = ? ORDER BY sequence",
    )
    .bind(case_id)
    .fetch_all(connection)
    .await?;
    rows.iter().map(Change::from_row).collect()
}

/// The largest sequence written so far; 0 before any change.
pub async fn last(db: &Database) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COALESCE(MAX(sequence), 0) FROM changes")
        .fetch_one(db.pool())
        .await
}

/// Up to `limit` changes with a sequence above `after`, in sequence order.
pub async fn after(db: &Database, after: i64, limit: i64) -> Result<Vec<Change>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT sequence, reference, status, at, detail FROM changes \
         WHERE sequence > ? ORDER BY sequence LIMIT ?",
    )
    .bind(after)
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(Change::from_row).collect()
}
