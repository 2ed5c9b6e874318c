//! The portal's own database: SQLite by default (created on first start), PostgreSQL when
//! `DATABASE_URL` says `postgres://…` so that several portal instances can share one. Both are
//! migrated at every start from twin migration sets with the same numbers; every query is written
//! once, in the SQL both engines accept, with `$1`-style parameters.

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode};
use sqlx::{AnyPool, ConnectOptions, Connection, Executor};
use std::str::FromStr;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

/// Whether a database URL names PostgreSQL.
pub fn is_postgres(database_url: &str) -> bool {
    database_url.starts_with("postgres://") || database_url.starts_with("postgresql://")
}

pub async fn connect(database_url: &str) -> Result<AnyPool, sqlx::Error> {
    sqlx::any::install_default_drivers();
    let pool = if is_postgres(database_url) {
        let pool = AnyPoolOptions::new()
            .max_connections(16)
            .connect_with(AnyConnectOptions::from_str(database_url)?)
            .await?;
        POSTGRES_MIGRATIONS.run(&pool).await?;
        pool
    } else {
        prepare_sqlite_file(database_url).await?;
        let pool = AnyPoolOptions::new()
            // SQLite has one writer at a time; more connections only queue for its lock.
            .max_connections(8)
            .after_connect(|connection, _| {
                Box::pin(async move {
                    // Per connection: WAL (set once, below) makes NORMAL durable enough, and a
                    // writer waits for the lock rather than failing with "database is locked".
                    connection
                        .execute(
                            "PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;",
                        )
                        .await
                        .map(drop)
                })
            })
            .connect_with(AnyConnectOptions::from_str(database_url)?)
            .await?;
        SQLITE_MIGRATIONS.run(&pool).await?;
        pool
    };
    Ok(pool)
}

/// Creates the SQLite file (and its directory) if missing and switches it to write-ahead logging,
/// which is a property of the file, so that readers never wait for the writer.
async fn prepare_sqlite_file(database_url: &str) -> Result<(), sqlx::Error> {
    let options = SqliteConnectOptions::from_str(database_url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal);
    if let Some(parent) = options.get_filename().parent() {
        std::fs::create_dir_all(parent).map_err(sqlx::Error::Io)?;
    }
    options.connect().await?.close().await
}

/// Whether the database answers, for `/readyz`.
pub async fn is_ready(pool: &AnyPool) -> bool {
    sqlx::query("SELECT 1").execute(pool).await.is_ok()
}

/// For test suites: a database of one test's own. SQLite in `data_dir`, or, when
/// `PORTAL_TEST_POSTGRES` names a PostgreSQL server (`postgres://user:password@host:port`), a new
/// empty database there, so that one suite runs on both engines and tests running side by side
/// never see each other's rows.
pub async fn isolated_for_test(data_dir: &std::path::Path) -> Result<String, sqlx::Error> {
    let Ok(server) = std::env::var("PORTAL_TEST_POSTGRES") else {
        return Ok(format!("sqlite://{}", data_dir.join("portal.db").display()));
    };
    sqlx::any::install_default_drivers();
    let server = server.trim_end_matches('/');
    let name = format!(
        "portal_test_{}",
        crate::tokens::random_token()[..16]
            .to_lowercase()
            .replace('-', "_")
    );
    let mut admin = sqlx::AnyConnection::connect(&format!("{server}/postgres")).await?;
    admin
        .execute(format!("CREATE DATABASE \"{name}\"").as_str())
        .await?;
    admin.close().await?;
    Ok(format!("{server}/{name}"))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::Path;

    /// Each migration file's tables and their columns, read from `CREATE TABLE` statements.
    fn schema(engine: &str) -> BTreeMap<String, Vec<String>> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("migrations")
            .join(engine);
        let mut files = BTreeMap::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let sql = std::fs::read_to_string(&path).unwrap();
            let mut tables = Vec::new();
            for statement in sql.split("CREATE TABLE ").skip(1) {
                let (name, body) = statement.split_once('(').unwrap();
                let body = &body[..body.find("\n);").unwrap()];
                let columns: Vec<&str> = body
                    .lines()
                    .filter_map(|line| line.split_whitespace().next())
                    .filter(|word| !matches!(*word, "PRIMARY" | "UNIQUE" | "FOREIGN"))
                    .collect();
                tables.push(format!("{} {}", name.trim(), columns.join(",")));
            }
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            files.insert(name, tables);
        }
        files
    }

    /// Two connections switching a new file to write-ahead logging at once fail without waiting,
    /// so the switch is made on a lone connection before the pool opens; this fails within a few
    /// attempts when it is not.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn fresh_sqlite_files_open_in_write_ahead_mode_without_a_lock_error() {
        let directory = tempfile::tempdir().unwrap();
        for attempt in 0..100 {
            let url = format!("sqlite://{}/{attempt}.db", directory.path().display());
            let pool = super::connect(&url)
                .await
                .unwrap_or_else(|error| panic!("opening fresh file {attempt}: {error}"));
            let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
                .fetch_one(&pool)
                .await
                .unwrap();
            assert_eq!(mode, "wal", "file {attempt}");
            pool.close().await;
        }
    }

    #[test]
    fn both_engines_have_the_same_migrations_tables_and_columns() {
        let sqlite = schema("sqlite");
        assert!(sqlite.len() >= 8, "{sqlite:?}");
        assert_eq!(sqlite, schema("postgres"));
    }
}
