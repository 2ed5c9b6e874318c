//! The registry's own record of every read and write: who, for which purpose, what, about whom,
//! when, and how it ended. Kept in the database, never in the process log.

use crate::db::Database;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

pub struct Entry<'a> {
    pub client: &'a str,
    pub purpose: &'a str,
    pub resource: &'a str,
    pub subject: Option<&'a str>,
    pub outcome: &'a str,
}

pub async fn record(db: &Database, entry: Entry<'_>) -> Result<(), sqlx::Error> {
    let at = OffsetDateTime::now_utc()
        .format(&Rfc3339)
        .expect("formattable time");
    sqlx::query(
        "INSERT INTO access_log (at, client, purpose, resource, subject, outcome) VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(at)
    .bind(entry.client)
    .bind(entry.purpose)
    .bind(entry.resource)
    .bind(entry.subject)
    .bind(entry.outcome)
    .execute(db.pool())
    .await?;
    Ok(())
}

pub async fn count(db: &Database) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM access_log")
        .fetch_one(db.pool())
        .await
}
