//! The officers' audit trail: who did what to which case, and what came of it. It is kept in the
//! database, where access is controlled; the process log never names an officer or a case.

use time::OffsetDateTime;

use crate::store::{timestamp, Database};

/// Writes one line of the trail; `agency` is empty for someone refused as no officer.
pub async fn record(
    db: &Database,
    officer: &str,
    agency: &str,
    reference: Option<&str>,
    action: &str,
    outcome: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO officer_audit (at, officer, agency_id, reference, action, outcome) \
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(timestamp(OffsetDateTime::now_utc()))
    .bind(officer)
    .bind(agency)
    .bind(reference)
    .bind(action)
    .bind(outcome)
    .execute(db.pool())
    .await?;
    Ok(())
}
