//! The append-only audit log: every registry read and every sign-in, sign-out and refusal. It holds
//! who and whose (personal ID numbers), which the application log never does.

use sqlx::AnyPool;

pub struct AuditEvent<'a> {
    pub event: &'a str,
    pub actor: Option<&'a str>,
    pub subject: Option<&'a str>,
    pub purpose: Option<&'a str>,
    pub outcome: &'a str,
    pub request_id: Option<&'a str>,
}

/// Appends an event. A failure to audit is logged loudly but does not fail the citizen's request:
/// the read has already happened and the registry keeps its own access log of it.
pub async fn record(db: &AnyPool, event: AuditEvent<'_>) {
    let result = sqlx::query(
        "INSERT INTO audit_log (event, actor, subject, purpose, outcome, request_id) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(event.event)
    .bind(event.actor)
    .bind(event.subject)
    .bind(event.purpose)
    .bind(event.outcome)
    .bind(event.request_id)
    .execute(db)
    .await;
    if let Err(error) = result {
        tracing::error!(event = event.event, %error, "could not write the audit log");
    }
}
