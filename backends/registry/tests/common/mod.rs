//! Helpers shared by the integration tests.

#![allow(dead_code)]

use registry::{Database, Spec};
use std::path::PathBuf;
use time::macros::date;

/// A fixed reference date so that the tests do not depend on the calendar.
pub const AS_OF: time::Date = date!(2025 - 11 - 20);

/// A database file in a directory of the test's own, removed with it when the test ends.
pub struct FreshDatabase {
    pub db: Database,
    pub path: PathBuf,
    _directory: tempfile::TempDir,
}

impl std::ops::Deref for FreshDatabase {
    type Target = Database;

    fn deref(&self) -> &Database {
        &self.db
    }
}

pub async fn fresh_database() -> FreshDatabase {
    let directory = tempfile::tempdir().expect("a temporary directory");
    let path = directory.path().join("registry.sqlite3");
    let db = Database::open(path.to_str().expect("utf-8 temp path"))
        .await
        .expect("open database");
    FreshDatabase {
        db,
        path,
        _directory: directory,
    }
}

pub fn spec(seed: u64, citizens: usize) -> Spec {
    Spec {
        seed,
        citizens,
        as_of: AS_OF,
    }
}
