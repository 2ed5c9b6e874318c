//! Helpers shared by the integration tests.

#![allow(dead_code)]

use registry::{Database, Spec};
use std::path::PathBuf;
use time::macros::date;

/// A fixed reference date so that the tests do not depend on the calendar.
pub const AS_OF: time::Date = date!(2025 - 11 - 20);

/// A fresh database file under the system's temp directory, unique to the test.
pub async fn fresh_database(name: &str) -> (Database, PathBuf) {
    let path = std::env::temp_dir().join(format!(
        "registry-test-{}-{name}.sqlite3",
        std::process::id()
    ));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let db = Database::open(path.to_str().expect("utf-8 temp path"))
        .await
        .expect("open database");
    (db, path)
}

pub fn spec(seed: u64, citizens: usize) -> Spec {
    Spec {
        seed,
        citizens,
        as_of: AS_OF,
    }
}
