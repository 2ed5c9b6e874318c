//! Applications in the portal's database: drafts saved at every step, submission exactly once,
//! and the status timeline. Every query is scoped to the citizen who may see the application, so
//! another citizen's id finds nothing (404), whatever they try.

use crate::clock::now;
use crate::store::agency_outbox;
use crate::store::status::Status;
use crate::tokens::random_token;
use domain::engine::{Answers, Context};
use domain::text::{OwnedText, Text};
use serde_json::Value;
use sqlx::{AnyPool, Row};

#[derive(Debug, Clone)]
pub struct Application {
    pub id: String,
    pub service: String,
    pub applicant_id: String,
    pub subject_id: String,
    pub status: Status,
    pub answers: Answers,
    pub context: Context,
    pub reference: Option<String>,
    pub fee_vnd: Option<u64>,
    pub payment_id: Option<String>,
    pub outcome: Option<Value>,
    pub created_at: i64,
    pub updated_at: i64,
    pub expires_at: i64,
    pub decided_at: Option<i64>,
    /// Moves on with every save: a payment or a submission completes exactly the version that
    /// was checked and declared.
    pub version: i64,
}

/// A line of the timeline.
#[derive(Debug, Clone)]
pub struct StoredEvent {
    pub at: i64,
    pub status: Status,
    pub note: OwnedText,
}

const COLUMNS: &str =
    "id, service, applicant_id, subject_id, status, answers, context, reference, fee_vnd, \
                       payment_id, outcome, created_at, updated_at, expires_at, decided_at, version";

fn from_row(row: &sqlx::any::AnyRow) -> Result<Application, sqlx::Error> {
    let json = |column: &str| -> Result<String, sqlx::Error> { row.try_get(column) };
    Ok(Application {
        id: row.try_get("id")?,
        service: row.try_get("service")?,
        applicant_id: row.try_get("applicant_id")?,
        subject_id: row.try_get("subject_id")?,
        status: Status::from_code(row.try_get("status")?),
        answers: serde_json::from_str(&json("answers")?).unwrap_or_default(),
        context: serde_json::from_str(&json("context")?).unwrap_or_default(),
        reference: row.try_get("reference")?,
        fee_vnd: row
            .try_get::<Option<i64>, _>("fee_vnd")?
            .map(|fee| fee as u64),
        payment_id: row.try_get("payment_id")?,
        outcome: row
            .try_get::<Option<String>, _>("outcome")?
            .and_then(|outcome| serde_json::from_str(&outcome).ok()),
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
        expires_at: row.try_get("expires_at")?,
        decided_at: row.try_get("decided_at")?,
        version: row.try_get("version")?,
    })
}

pub struct NewDraft<'a> {
    pub service: &'a str,
    pub applicant_id: &'a str,
    pub subject_id: &'a str,
    pub context: &'a Context,
    pub lifetime_secs: i64,
}

pub async fn create_draft(db: &AnyPool, draft: NewDraft<'_>) -> Result<String, sqlx::Error> {
    let id = random_token()[..22].to_string();
    let now = now();
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO applications (id, service, applicant_id, subject_id, status, answers, context, created_at, updated_at, expires_at) \
         VALUES ($1, $2, $3, $4, 'draft', $5, $6, $7, $8, $9)",
    )
    .bind(&id)
    .bind(draft.service)
    .bind(draft.applicant_id)
    .bind(draft.subject_id)
    .bind(serde_json::to_string(&Answers::default()).expect("serialisable"))
    .bind(serde_json::to_string(draft.context).expect("serialisable"))
    .bind(now)
    .bind(now)
    .bind(now + draft.lifetime_secs)
    .execute(&mut *tx)
    .await?;
    add_event(
        &mut tx,
        &id,
        Status::Draft,
        Text::new("Bắt đầu khai hồ sơ", "Application started"),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The application, if `citizen` made it. Expired drafts are not found.
pub async fn find_for(
    db: &AnyPool,
    id: &str,
    citizen: &str,
) -> Result<Option<Application>, sqlx::Error> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM applications WHERE id = $1 AND applicant_id = $2 AND NOT (status = 'draft' AND expires_at < $3)"
    ))
    .bind(id)
    .bind(citizen)
    .bind(now())
    .fetch_optional(db)
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// A submitted application by its reference, for the public verification of its decision document.
pub async fn find_by_reference(
    db: &AnyPool,
    reference: &str,
) -> Result<Option<Application>, sqlx::Error> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM applications WHERE reference = $1"
    ))
    .bind(reference)
    .fetch_optional(db)
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// The citizen's unexpired draft of a service about `subject` (themselves, or a child they act
/// for), to resume rather than start again.
pub async fn open_draft(
    db: &AnyPool,
    service: &str,
    citizen: &str,
    subject: &str,
) -> Result<Option<Application>, sqlx::Error> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM applications WHERE service = $1 AND applicant_id = $2 AND subject_id = $3 \
         AND status IN ('draft', 'awaiting_payment') AND expires_at >= $4 ORDER BY updated_at DESC LIMIT 1"
    ))
    .bind(service)
    .bind(citizen)
    .bind(subject)
    .bind(now())
    .fetch_optional(db)
    .await?;
    row.as_ref().map(from_row).transpose()
}

pub async fn list_for(db: &AnyPool, citizen: &str) -> Result<Vec<Application>, sqlx::Error> {
    sqlx::query(&format!(
        "SELECT {COLUMNS} FROM applications WHERE applicant_id = $1 AND NOT (status = 'draft' AND expires_at < $2) \
         ORDER BY updated_at DESC LIMIT 100"
    ))
    .bind(citizen)
    .bind(now())
    .fetch_all(db)
    .await?
    .iter()
    .map(from_row)
    .collect()
}

/// Saves a draft's answers and context and keeps it for `lifetime_secs` from now; only while it
/// is still editable and unchanged since it was read (`false` otherwise: beginning a payment is a
/// change too). Any save drops the payment begun for the version read, which the caller has
/// withdrawn at the gateway first: the draft is a draft again, to be checked and declared anew.
pub async fn save_draft(
    db: &AnyPool,
    application: &Application,
    lifetime_secs: i64,
) -> Result<bool, sqlx::Error> {
    let now = now();
    let result = sqlx::query(
        "UPDATE applications SET answers = $1, context = $2, updated_at = $3, expires_at = $4, \
         version = version + 1, status = 'draft', fee_vnd = NULL, payment_id = NULL, object_key = NULL \
         WHERE id = $5 AND version = $6 AND status IN ('draft', 'awaiting_payment')",
    )
    .bind(serde_json::to_string(&application.answers).expect("serialisable"))
    .bind(serde_json::to_string(&application.context).expect("serialisable"))
    .bind(now)
    .bind(now + lifetime_secs)
    .bind(&application.id)
    .bind(application.version)
    .execute(db)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Why a draft could not be sent or its payment begun.
#[derive(Debug)]
pub enum SendError {
    /// It changed (another window saved it) since it was checked: check it again.
    Changed,
    /// Another application about the same object is open.
    AlreadyOpen,
    Database(sqlx::Error),
}

impl From<sqlx::Error> for SendError {
    fn from(error: sqlx::Error) -> Self {
        match &error {
            sqlx::Error::Database(database) if database.is_unique_violation() => {
                SendError::AlreadyOpen
            }
            _ => SendError::Database(error),
        }
    }
}

/// The open application (paying, submitted, in progress or waiting for information) about
/// `object_key` other than `except` (the draft asking), if any: its id and applicant.
pub async fn open_about(
    db: &AnyPool,
    object_key: &str,
    except: &str,
) -> Result<Option<(String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, applicant_id FROM applications WHERE object_key = $1 AND id <> $2 \
         AND status IN ('awaiting_payment', 'submitted', 'in_progress', 'more_information') LIMIT 1",
    )
    .bind(object_key)
    .bind(except)
    .fetch_optional(db)
    .await
}

/// Binds a payment to the declared version of a draft: it waits for payment, about its object,
/// as a version of its own (so that a save read before it cannot overwrite it unseen), kept for
/// `lifetime_secs` from now.
pub async fn set_payment(
    db: &AnyPool,
    application: &Application,
    payment: (&str, u64),
    object_key: Option<&str>,
    lifetime_secs: i64,
) -> Result<(), SendError> {
    let (payment_id, fee) = payment;
    let now = now();
    let updated = sqlx::query(
        "UPDATE applications SET status = 'awaiting_payment', fee_vnd = $1, payment_id = $2, \
         object_key = $3, updated_at = $4, expires_at = $5, version = version + 1 \
         WHERE id = $6 AND version = $7 AND status = 'draft'",
    )
    .bind(fee as i64)
    .bind(payment_id)
    .bind(object_key)
    .bind(now)
    .bind(now + lifetime_secs)
    .bind(&application.id)
    .bind(application.version)
    .execute(db)
    .await?;
    if updated.rows_affected() == 1 {
        Ok(())
    } else {
        Err(SendError::Changed)
    }
}

/// What is sent: the version of the draft that was checked and declared, with its payment.
pub struct Sending<'a> {
    pub application: &'a Application,
    /// The confirmed payment and its amount, where there is a fee.
    pub paid: Option<(&'a str, u64)>,
    pub object_key: Option<&'a str>,
    /// Whether the application is owed to the agencies' case systems (the portal is configured
    /// with one), rather than decided by the portal's own processing.
    pub hand_over: bool,
}

/// Submits a draft exactly once: a second click, a replayed POST or a second tab finds it already
/// submitted and changes nothing. Only the version that was checked is sent (with the payment
/// that paid for it, where there is a fee): a draft changed meanwhile is `SendError::Changed`.
/// Returns the reference.
pub async fn submit(db: &AnyPool, sending: Sending<'_>) -> Result<String, SendError> {
    let id = &sending.application.id;
    let (from, fee, payment_id) = match sending.paid {
        Some((payment_id, fee)) => ("awaiting_payment", Some(fee as i64), payment_id),
        None => ("draft", None, ""),
    };
    let submitted_at = now();
    let mut tx = db.begin().await?;
    let updated = sqlx::query(
        "UPDATE applications SET status = 'submitted', fee_vnd = $1, object_key = $2, \
         submitted_at = $3, updated_at = $4 WHERE id = $5 AND version = $6 AND status = $7 \
         AND COALESCE(payment_id, '') = $8",
    )
    .bind(fee)
    .bind(sending.object_key)
    .bind(submitted_at)
    .bind(submitted_at)
    .bind(id)
    .bind(sending.application.version)
    .bind(from)
    .bind(payment_id)
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() == 1 {
        let reference = next_reference(&mut tx).await?;
        sqlx::query("UPDATE applications SET reference = $1 WHERE id = $2")
            .bind(&reference)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        add_event(
            &mut tx,
            id,
            Status::Submitted,
            Text::new("Hồ sơ đã được tiếp nhận", "Application received"),
        )
        .await?;
        if sending.hand_over {
            let application = sending.application;
            let submission = agency_outbox::Submission {
                id,
                service: &application.service,
                applicant_id: &application.applicant_id,
                subject_id: &application.subject_id,
                answers: &application.answers,
                context: &application.context,
                paid: sending.paid,
            };
            agency_outbox::enqueue(&mut tx, &submission, &reference, submitted_at).await?;
        }
    }
    let reference: Option<String> =
        sqlx::query_scalar("SELECT reference FROM applications WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
    tx.commit().await?;
    reference.ok_or(SendError::Changed)
}

/// The next reference citizens quote: "HS", the year in Vietnam, and eight digits from a counter
/// that only moves inside the submitting transaction, so a reference is never given twice.
async fn next_reference(tx: &mut sqlx::AnyConnection) -> Result<String, sqlx::Error> {
    let number: i64 = sqlx::query_scalar(
        "UPDATE counters SET value = value + 1 WHERE name = 'application_reference' RETURNING value",
    )
    .fetch_one(tx)
    .await?;
    let year = domain::age::today_in_vietnam().year();
    Ok(format!("HS{year}{number:08}"))
}

/// Moves an application on; `from` guards against two workers doing the same step.
pub async fn advance(
    db: &AnyPool,
    id: &str,
    from: Status,
    to: Status,
    note: impl Into<OwnedText>,
    outcome: Option<&Value>,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let moved = advance_in(&mut tx, id, from, to, note, outcome).await?;
    tx.commit().await?;
    Ok(moved)
}

/// [`advance`] inside a transaction of the caller's, which applies other changes with it.
pub async fn advance_in(
    tx: &mut sqlx::AnyConnection,
    id: &str,
    from: Status,
    to: Status,
    note: impl Into<OwnedText>,
    outcome: Option<&Value>,
) -> Result<bool, sqlx::Error> {
    let decided_at = matches!(to, Status::Decided | Status::Rejected).then(now);
    let updated = sqlx::query(
        "UPDATE applications SET status = $1, updated_at = $2, decided_at = COALESCE($3, decided_at), \
         outcome = COALESCE($4, outcome) WHERE id = $5 AND status = $6",
    )
    .bind(to.code())
    .bind(now())
    .bind(decided_at)
    .bind(outcome.map(Value::to_string))
    .bind(id)
    .bind(from.code())
    .execute(&mut *tx)
    .await?;
    let moved = updated.rows_affected() == 1;
    if moved {
        add_event(tx, id, to, note).await?;
    }
    Ok(moved)
}

/// A line of the timeline, inside the caller's transaction.
pub async fn add_event(
    tx: &mut sqlx::AnyConnection,
    id: &str,
    status: Status,
    note: impl Into<OwnedText>,
) -> Result<(), sqlx::Error> {
    let note = note.into();
    sqlx::query("INSERT INTO application_events (application_id, at, status, note_vi, note_en) VALUES ($1, $2, $3, $4, $5)")
        .bind(id)
        .bind(now())
        .bind(status.code())
        .bind(note.vi)
        .bind(note.en)
        .execute(tx)
        .await
        .map(drop)
}

/// A step of processing, for the timeline, without changing the status.
pub async fn note_progress(
    db: &AnyPool,
    id: &str,
    status: Status,
    note: impl Into<OwnedText>,
) -> Result<(), sqlx::Error> {
    let mut connection = db.acquire().await?;
    add_event(&mut connection, id, status, note).await
}

pub async fn events(db: &AnyPool, id: &str) -> Result<Vec<StoredEvent>, sqlx::Error> {
    let rows: Vec<(i64, String, String, String)> = sqlx::query_as(
        "SELECT at, status, note_vi, note_en FROM application_events WHERE application_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(at, status, note_vi, note_en)| StoredEvent {
            at,
            status: Status::from_code(&status),
            note: OwnedText::new(note_vi, note_en),
        })
        .collect())
}

/// Applications a worker should move on: submitted or in progress, oldest first.
pub async fn pending_processing(db: &AnyPool, limit: i64) -> Result<Vec<Application>, sqlx::Error> {
    sqlx::query(&format!(
        "SELECT {COLUMNS} FROM applications WHERE status IN ('submitted', 'in_progress') ORDER BY submitted_at LIMIT $1"
    ))
    .bind(limit)
    .fetch_all(db)
    .await?
    .iter()
    .map(from_row)
    .collect()
}
