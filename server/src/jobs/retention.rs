//! Nothing is kept longer than it serves. A job deletes, every `PORTAL_RETENTION_SECS`: drafts
//! past their expiry (counted from their last change; one waiting for payment only once the
//! gateway has withdrawn that payment, never one the citizen paid) with their uploads and
//! timeline; sessions
//! past their idle or absolute limit; sign-ins abandoned half-way; and uploads that no answer
//! names (a file replaced, or stored for a page whose save then failed), rows and bytes both.
//! Sent applications, their documents and the audit log are records and stay.

use crate::applications::uploads;
use crate::auth::sign_in;
use crate::clients::payment_gateway::Withdrawal;
use crate::clock::now;
use crate::state::AppState;
use std::collections::HashSet;
use std::time::{Duration, SystemTime};

/// How old an unnamed upload or a stray file must be before it is taken for an orphan: longer
/// than any request that stores one and then saves its answer.
const ORPHAN_AFTER: Duration = Duration::from_secs(3600);

/// Drafts deleted in one round, so a backlog never holds the database for long.
const DRAFTS_PER_ROUND: i64 = 500;

pub fn spawn(state: AppState) {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(state.config.retention_interval);
        loop {
            ticks.tick().await;
            if let Err(error) = sweep(&state).await {
                tracing::warn!(%error, "the retention job will try again at its next round");
            }
        }
    });
}

/// What one round deleted.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Swept {
    pub drafts: u64,
    pub sessions: u64,
    pub sign_ins: u64,
    pub uploads: u64,
}

/// One round of the job.
pub async fn sweep(state: &AppState) -> Result<Swept, sqlx::Error> {
    let now = now();
    let mut swept = Swept {
        drafts: expired_drafts(state, now).await?,
        ..Swept::default()
    };
    let idle = now - state.sessions.idle_timeout.as_secs() as i64;
    let too_old = now - state.sessions.absolute_lifetime.as_secs() as i64;
    swept.sessions = sqlx::query("DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2")
        .bind(idle)
        .bind(too_old)
        .execute(&state.db)
        .await?
        .rows_affected();
    swept.sign_ins = sqlx::query("DELETE FROM login_attempts WHERE created_at < $1")
        .bind(now - sign_in::SIGN_IN_WINDOW.as_secs() as i64)
        .execute(&state.db)
        .await?
        .rows_affected();
    swept.uploads = orphan_uploads(state, now).await?;
    stray_files(state).await?;
    if swept != Swept::default() {
        tracing::info!(?swept, "retention job deleted what had expired");
    }
    Ok(swept)
}

/// Drafts past their expiry, with everything that hangs from them.
async fn expired_drafts(state: &AppState, now: i64) -> Result<u64, sqlx::Error> {
    let expired: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT id, payment_id FROM applications WHERE status IN ('draft', 'awaiting_payment') \
         AND expires_at < $1 LIMIT $2",
    )
    .bind(now)
    .bind(DRAFTS_PER_ROUND)
    .fetch_all(&state.db)
    .await?;
    let mut deleted = 0;
    for (id, payment_id) in expired {
        // A payment begun and never returned from: withdrawn first. One the citizen made keeps
        // its application, which its return completes (see `journey::payment::returned`).
        if let Some(payment_id) = payment_id {
            if !matches!(
                state.payments.withdraw_payment(&payment_id).await,
                Withdrawal::Done
            ) {
                continue;
            }
        }
        if delete_draft(state, &id, now).await? {
            deleted += 1;
        }
    }
    Ok(deleted)
}

/// Deletes one draft, its rows elsewhere and then its files, unless a save since it was found
/// moved its expiry on; says whether it was deleted.
async fn delete_draft(state: &AppState, id: &str, now: i64) -> Result<bool, sqlx::Error> {
    let files: Vec<String> =
        sqlx::query_scalar("SELECT id FROM documents WHERE application_id = $1")
            .bind(id)
            .fetch_all(&state.db)
            .await?;
    let mut tx = state.db.begin().await?;
    // Still expired: a save in the meantime moved its expiry on.
    let gone = sqlx::query(
        "DELETE FROM applications WHERE id = $1 AND status IN ('draft', 'awaiting_payment') \
         AND expires_at < $2",
    );
    for table in [
        "documents",
        "application_events",
        "prepared_applications",
        "consents",
        "information_requests",
    ] {
        sqlx::query(&format!("DELETE FROM {table} WHERE application_id = $1"))
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    if gone
        .bind(id)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected()
        != 1
    {
        tx.rollback().await?;
        return Ok(false);
    }
    tx.commit().await?;
    for file in files {
        let _ = tokio::fs::remove_file(uploads::directory(state).join(file)).await;
    }
    Ok(true)
}

/// Uploads older than [`ORPHAN_AFTER`] that neither the application's answers nor an answer to
/// the agency name.
async fn orphan_uploads(state: &AppState, now: i64) -> Result<u64, sqlx::Error> {
    let orphans: Vec<(String, String)> = sqlx::query_as(
        "SELECT d.id, d.application_id FROM documents d WHERE d.created_at < $1 \
         AND NOT EXISTS (SELECT 1 FROM applications a WHERE a.id = d.application_id \
                         AND a.answers LIKE '%' || d.id || '%') \
         AND NOT EXISTS (SELECT 1 FROM information_requests i \
                         WHERE i.application_id = d.application_id AND i.document LIKE d.id || '%')",
    )
    .bind(now - ORPHAN_AFTER.as_secs() as i64)
    .fetch_all(&state.db)
    .await?;
    for (id, application_id) in &orphans {
        uploads::delete(state, application_id, id).await;
    }
    Ok(orphans.len() as u64)
}

/// Files in the documents folder with no row (the row's insert failed after the write).
async fn stray_files(state: &AppState) -> Result<(), sqlx::Error> {
    let Ok(mut entries) = tokio::fs::read_dir(uploads::directory(state)).await else {
        return Ok(());
    };
    let known: HashSet<String> = sqlx::query_scalar("SELECT id FROM documents")
        .fetch_all(&state.db)
        .await?
        .into_iter()
        .collect();
    let cutoff = SystemTime::now() - ORPHAN_AFTER;
    while let Ok(Some(entry)) = entries.next_entry().await {
        let name = entry.file_name().to_string_lossy().into_owned();
        let old = entry
            .metadata()
            .await
            .and_then(|metadata| metadata.modified())
            .is_ok_and(|modified| modified < cutoff);
        if old && !known.contains(&name) {
            let _ = tokio::fs::remove_file(entry.path()).await;
        }
    }
    Ok(())
}
