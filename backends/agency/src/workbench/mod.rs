//! The officers' workbench: server-rendered pages where an agency's officers, signed in with the
//! eID at level 2, see their agency's open cases by statutory deadline, open one, and approve
//! it, refuse it with a reason, or ask the citizen for more. Every step goes through
//! `store::cases::change` from the status and round the officer saw, as the operator's route
//! does; every step and every case opened is audited.

mod audit;
mod cases;
mod handlers;
mod officers;
mod oidc;
mod pages;
mod sessions;
mod settings;

pub use officers::Officer;
pub use settings::{Settings, WorkbenchConfig, DEVELOPMENT_OIDC_SECRET};

use crate::store::Database;

const SCHEMA: &str = include_str!("schema.sql");

/// Creates the workbench's tables and writes the configured officers.
pub async fn prepare(db: &Database, config: &WorkbenchConfig) -> Result<(), sqlx::Error> {
    sqlx::raw_sql(SCHEMA).execute(db.pool()).await?;
    let mut tx = db.begin_write().await?;
    officers::replace_all(&mut tx, &config.officers).await?;
    tx.commit().await
}

pub use handlers::router;
