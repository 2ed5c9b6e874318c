//! Approvals under way. Approving writes the decision's records into the registry first and
//! moves the case afterwards, so the case is held for that one approval while it writes: any
//! other step meanwhile (an officer's refusal or request, a second approval, the automatic
//! mode's) is refused, and the registry never holds the records of a case that ends refused.
//! A hold lapses after [`LEASE`] in case its process stopped halfway; an approval tried again
//! later makes the same writes under the same keys.

use std::time::Duration;

use sqlx::SqliteConnection;
use time::OffsetDateTime;

use super::{cases, unix_ms, Database, Status};

/// Longer than the registry writes of any decision take with their timeouts (a few writes of
/// at most ten seconds each).
pub const LEASE: Duration = Duration::from_secs(120);

/// The right to move a case to its approval (or to the refusal its writes came to).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hold(String);

/// What asking to approve a case came to.
pub enum Claim {
    Held(Hold),
    /// Another step is under way on the case, or it is no longer where the approver saw it.
    Busy,
    NotFound,
}

/// Holds the case under `reference` for an approval, if it stands at `seen` (its status, and
/// its round when the approver read one), may be approved from there, and is not held already.
pub async fn claim(
    db: &Database,
    reference: &str,
    seen: (Status, Option<i64>),
    now: OffsetDateTime,
) -> Result<Claim, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let case: Option<(i64, String, i64)> =
        sqlx::query_as("SELECT id, status, round FROM cases WHERE reference = ?")
            .bind(reference)
            .fetch_optional(&mut *tx)
            .await?;
    let Some((id, status, round)) = case else {
        return Ok(Claim::NotFound);
    };
    let status = Status::parse(&status)?;
    let where_seen = status == seen.0 && seen.1.is_none_or(|seen| seen == round);
    if !where_seen
        || !cases::allowed(status, Status::Approved)
        || held_by_another(&mut tx, id, None, now).await?
    {
        return Ok(Claim::Busy);
    }
    let token = crate::tokens::random();
    let until = unix_ms(now).saturating_add(i64::try_from(LEASE.as_millis()).unwrap_or(i64::MAX));
    sqlx::query(
        "INSERT OR REPLACE INTO approvals_under_way (case_id, token, until) VALUES (?, ?, ?)",
    )
    .bind(id)
    .bind(&token)
    .bind(until)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Claim::Held(Hold(token)))
}

/// Lets go of a hold whose approval will not move the case (the registry did not answer).
pub async fn release(db: &Database, hold: &Hold) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM approvals_under_way WHERE token = ?")
        .bind(&hold.0)
        .execute(db.pool())
        .await
        .map(drop)
}

/// Whether case `case_id` is held, now, by an approval other than `mine`.
pub(super) async fn held_by_another(
    connection: &mut SqliteConnection,
    case_id: i64,
    mine: Option<&Hold>,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let token: Option<String> =
        sqlx::query_scalar("SELECT token FROM approvals_under_way WHERE case_id = ? AND until > ?")
            .bind(case_id)
            .bind(unix_ms(now))
            .fetch_optional(&mut *connection)
            .await?;
    Ok(token.is_some_and(|token| mine.is_none_or(|mine| mine.0 != token)))
}

/// Ends whatever hold case `case_id` had: it moved, or the holder gave up.
pub(super) async fn end(
    connection: &mut SqliteConnection,
    case_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM approvals_under_way WHERE case_id = ?")
        .bind(case_id)
        .execute(connection)
        .await
        .map(drop)
}
