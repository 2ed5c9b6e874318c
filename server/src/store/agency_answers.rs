//! Applicants' answers owed to the agencies' case systems: an answer to a request that came from
//! an agency's feed (one with a round) is forwarded once the applicant gives it, and recorded
//! here as forwarded, or as refused with the agency's code.

use crate::clock::now;
use crate::store::agency_outbox::Document;
use sqlx::{AnyPool, Row};

/// An answer to forward.
#[derive(Debug, Clone)]
pub struct Owed {
    pub application_id: String,
    pub reference: String,
    pub round: i64,
    pub text: String,
    pub document: Option<Document>,
}

/// The answers given and not forwarded yet, oldest first.
pub async fn owed(db: &AnyPool, limit: i64) -> Result<Vec<Owed>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT r.application_id, a.reference, r.round, r.answer, r.document \
         FROM information_requests r JOIN applications a ON a.id = r.application_id \
         WHERE r.round IS NOT NULL AND r.answered_at IS NOT NULL AND r.forwarded_at IS NULL \
         AND a.reference IS NOT NULL ORDER BY r.answered_at LIMIT $1",
    )
    .bind(limit)
    .fetch_all(db)
    .await?;
    let mut owed = Vec::with_capacity(rows.len());
    for row in &rows {
        // Stored as `<document id>/<file name>`; the document's row has what the agency checks.
        let stored: Option<String> = row.try_get("document")?;
        let document =
            match stored.as_deref().and_then(|stored| stored.split_once('/')) {
                Some((id, _)) => sqlx::query_as(
                    "SELECT id, question, file_name AS name, content_type AS media_type, sha256 \
                 FROM documents WHERE id = $1",
                )
                .bind(id)
                .fetch_optional(db)
                .await?,
                None => None,
            };
        owed.push(Owed {
            application_id: row.try_get("application_id")?,
            reference: row.try_get("reference")?,
            round: row.try_get("round")?,
            text: row
                .try_get::<Option<String>, _>("answer")?
                .unwrap_or_default(),
            document,
        });
    }
    Ok(owed)
}

/// Forwarded (`error` `None`), or refused with the agency's code: either way no longer owed.
pub async fn forwarded(
    db: &AnyPool,
    application_id: &str,
    round: i64,
    error: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE information_requests SET forwarded_at = $1, forward_error = $2 \
         WHERE application_id = $3 AND round = $4",
    )
    .bind(now())
    .bind(error)
    .bind(application_id)
    .bind(round)
    .execute(db)
    .await
    .map(drop)
}
