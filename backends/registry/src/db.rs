//! The registry's SQLite database: opening it with the pragmas a write-heavy stand-in needs and
//! applying the schema.

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{ConnectOptions, Connection, SqlitePool};
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

const SCHEMA: &str = include_str!("schema.sql");

/// Tables holding the population, emptied before a new one is generated.
pub(crate) const POPULATION_TABLES: [&str; 13] = [
    "meta",
    "households",
    "people",
    "licences",
    "health_checks",
    "birth_notices",
    "insurance_cards",
    "marriages",
    "vehicles",
    "fines",
    "electricity_contracts",
    "hospital_bills",
    "idempotency",
];

#[derive(Clone, Debug)]
pub struct Database {
    pool: SqlitePool,
}

impl Database {
    /// Opens (creating if needed) the database file; `:memory:` gives a private in-memory one.
    pub async fn open(location: &str) -> Result<Self, sqlx::Error> {
        let in_memory = location == ":memory:";
        let options = if in_memory {
            SqliteConnectOptions::from_str("sqlite::memory:")?
        } else {
            // Write-ahead logging is a property of the file, switched once on a lone connection:
            // two connections switching a new file at once fail with "database is locked"
            // without waiting, and the pool opens its first two side by side.
            let file = SqliteConnectOptions::new()
                .filename(Path::new(location))
                .create_if_missing(true);
            file.clone()
                .journal_mode(SqliteJournalMode::Wal)
                .connect()
                .await?
                .close()
                .await?;
            file
        }
        .synchronous(SqliteSynchronous::Normal)
        .busy_timeout(Duration::from_secs(10))
        .foreign_keys(false);
        // An in-memory database lives in its one connection; a file serves concurrent readers.
        let pool = SqlitePoolOptions::new()
            .max_connections(if in_memory { 1 } else { 8 })
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

    /// A write transaction that takes the write lock at once, so it never fails half-way with
    /// SQLITE_BUSY when another writer got there first.
    pub async fn begin_write(
        &self,
    ) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, sqlx::Error> {
        self.pool.begin_with("BEGIN IMMEDIATE").await
    }
}
