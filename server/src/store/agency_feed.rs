//! The portal's position in the agencies' feed of case changes and the applying of those changes
//! to applications: each page of changes is applied in one transaction with the cursor's move,
//! so a crash replays a page (at least once) and never skips one. Every step is guarded by the
//! status it moves from (and a request for more information by its round), so a replayed change
//! does nothing a second time.

use crate::clock::now;
use crate::store::applications;
use crate::store::status::Status;
use domain::text::OwnedText;
use serde_json::Value;
use sqlx::AnyPool;

/// What a change does to the application with its reference.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub reference: String,
    /// The statuses it moves the application from; in any other, it does nothing.
    pub from: &'static [Status],
    pub to: Status,
    /// The timeline's line.
    pub note: OwnedText,
    /// The decision's lines, as the citizen sees them.
    pub outcome: Option<Value>,
    /// A request for more information and its round.
    pub request: Option<(i64, OwnedText)>,
}

/// The last sequence applied.
pub async fn cursor(db: &AnyPool) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT after_sequence FROM agency_feed_cursor WHERE id = 1")
        .fetch_one(db)
        .await
}

/// Reads the feed from its start again (it restarted): what was applied is applied again, which
/// changes nothing.
pub async fn restart(db: &AnyPool) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE agency_feed_cursor SET after_sequence = 0 WHERE id = 1")
        .execute(db)
        .await
        .map(drop)
}

/// Applies a page's steps and moves the cursor to `next_after`, all or nothing. Returns how many
/// steps moved an application.
pub async fn apply(db: &AnyPool, steps: &[Step], next_after: i64) -> Result<usize, sqlx::Error> {
    let mut tx = db.begin().await?;
    let mut applied = 0;
    for step in steps {
        let id: Option<String> =
            sqlx::query_scalar("SELECT id FROM applications WHERE reference = $1")
                .bind(&step.reference)
                .fetch_optional(&mut *tx)
                .await?;
        // A case the portal did not hand over (another portal's, or a database reset) is none
        // of its business.
        let Some(id) = id else { continue };
        if let Some((round, request)) = &step.request {
            if !ask(&mut tx, &id, *round, request).await? {
                continue;
            }
        }
        for from in step.from {
            let outcome = step.outcome.as_ref();
            let note = step.note.clone();
            if applications::advance_in(&mut tx, &id, *from, step.to, note, outcome).await? {
                applied += 1;
                break;
            }
        }
    }
    sqlx::query("UPDATE agency_feed_cursor SET after_sequence = $1 WHERE id = 1")
        .bind(next_after)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(applied)
}

/// Records the agency's request of `round`, unless it is known already (a replay, which must not
/// reopen a request the applicant answered). True when it is new.
async fn ask(
    tx: &mut sqlx::AnyConnection,
    application_id: &str,
    round: i64,
    request: &OwnedText,
) -> Result<bool, sqlx::Error> {
    let recorded = sqlx::query(
        "INSERT INTO information_requests (application_id, request_vi, request_en, asked_at, round) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (application_id) DO UPDATE SET \
         request_vi = excluded.request_vi, request_en = excluded.request_en, \
         asked_at = excluded.asked_at, round = excluded.round, \
         answer = NULL, document = NULL, answered_at = NULL \
         WHERE information_requests.round IS NULL OR information_requests.round < excluded.round",
    )
    .bind(application_id)
    .bind(&request.vi)
    .bind(&request.en)
    .bind(now())
    .bind(round)
    .execute(tx)
    .await?;
    Ok(recorded.rows_affected() == 1)
}
