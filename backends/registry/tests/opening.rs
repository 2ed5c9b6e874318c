//! Opening a database file: a fresh file is switched to write-ahead logging once, before the pool
//! opens its connections, because two connections switching a new file's journal mode at the same
//! time fail at once with "database is locked" (SQLite waits for no busy handler there).

use registry::Database;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fresh_files_open_without_a_lock_error_however_often() {
    let directory = tempfile::tempdir().expect("a directory for the files");
    for attempt in 0..200 {
        let path = directory.path().join(format!("{attempt}.sqlite3"));
        let db = Database::open(path.to_str().expect("utf-8 temp path"))
            .await
            .unwrap_or_else(|error| panic!("opening fresh file {attempt}: {error}"));
        let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(db.pool())
            .await
            .expect("journal mode");
        assert_eq!(mode, "wal", "file {attempt}");
        db.pool().close().await;
    }
}
