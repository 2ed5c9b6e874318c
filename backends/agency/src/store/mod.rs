//! The agency's SQLite database: opening it, and the records it keeps — cases, their status
//! changes (the feed), the citizen's answers and the operator's modes. Every change of status is
//! written with its line of the feed in one transaction, so the feed never misses or invents one.

pub mod approvals;
pub mod cases;
pub mod feed;
pub mod modes;

use std::{path::Path, str::FromStr, time::Duration};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sqlx::{
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
    ConnectOptions, Connection, SqlitePool,
};
use time::{format_description::well_known::Rfc3339, OffsetDateTime};

const SCHEMA: &str = include_str!("schema.sql");

#[derive(Clone, Debug)]
pub struct Database {
    pool: SqlitePool,
}

impl Database {
    /// Opens (creating if needed) the file at `location`, or a private in-memory database.
    pub async fn open(location: Option<&str>) -> Result<Self, sqlx::Error> {
        let options = match location {
            None => SqliteConnectOptions::from_str("sqlite::memory:")?,
            Some(path) => {
                // Write-ahead logging is switched once, on a lone connection: two connections
                // switching a new file at once fail with "database is locked" without waiting.
                let file = SqliteConnectOptions::new()
                    .filename(Path::new(path))
                    .create_if_missing(true);
                file.clone()
                    .journal_mode(SqliteJournalMode::Wal)
                    .connect()
                    .await?
                    .close()
                    .await?;
                // A file is flushed at every commit: with `NORMAL` in WAL mode a power cut may
                // lose the last commits, and the feed would hand their sequences out again to
                // a poller that has already seen them.
                file.synchronous(SqliteSynchronous::Full)
            }
        }
        .busy_timeout(Duration::from_secs(10));
        // An in-memory database lives in its one connection.
        let pool = SqlitePoolOptions::new()
            .max_connections(if location.is_none() { 1 } else { 4 })
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_with(options)
            .await?;
        sqlx::raw_sql(SCHEMA).execute(&pool).await?;
        Ok(Self { pool })
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// A write transaction holding the write lock from its start, so that two writers never
    /// interleave a read and a write of the same case, and sequences commit in order.
    pub async fn begin_write(
        &self,
    ) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, sqlx::Error> {
        self.pool.begin_with("BEGIN IMMEDIATE").await
    }
}

/// Where a case stands, as the feed names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Received,
    InReview,
    MoreInformationNeeded,
    Approved,
    Refused,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Received => "received",
            Status::InReview => "in_review",
            Status::MoreInformationNeeded => "more_information_needed",
            Status::Approved => "approved",
            Status::Refused => "refused",
        }
    }

    fn parse(stored: &str) -> Result<Self, sqlx::Error> {
        [
            Status::Received,
            Status::InReview,
            Status::MoreInformationNeeded,
            Status::Approved,
            Status::Refused,
        ]
        .into_iter()
        .find(|status| status.as_str() == stored)
        .ok_or_else(|| sqlx::Error::Decode(format!("unknown status {stored}").into()))
    }
}

/// One line of the feed and of a case's history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub sequence: i64,
    pub reference: String,
    pub status: Status,
    pub at: String,
    /// `request`, `reason` or `result`, as the status calls for.
    #[serde(flatten)]
    pub detail: Map<String, Value>,
}

impl Change {
    fn from_row(row: &sqlx::sqlite::SqliteRow) -> Result<Self, sqlx::Error> {
        use sqlx::Row;
        let detail: String = row.try_get("detail")?;
        Ok(Self {
            sequence: row.try_get("sequence")?,
            reference: row.try_get("reference")?,
            status: Status::parse(row.try_get("status")?)?,
            at: row.try_get("at")?,
            detail: serde_json::from_str(&detail)
                .map_err(|error| sqlx::Error::Decode(error.into()))?,
        })
    }
}

/// The time now, as stored and shown: RFC 3339 in UTC.
pub fn timestamp(at: OffsetDateTime) -> String {
    at.format(&Rfc3339)
        .expect("a current UTC time formats as RFC 3339")
}

/// Milliseconds since the Unix epoch, the unit of `due_at`.
pub fn unix_ms(at: OffsetDateTime) -> i64 {
    i64::try_from(at.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
}
