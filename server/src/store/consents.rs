//! Agreements another citizen gives through their own account before an application is decided,
//! such as the head of a household accepting a newborn as a permanent resident. The agency
//! stand-in asks, waits, and decides with the answer; the citizen asked sees a task on their
//! account page and a message in their outbox.

use crate::clock::now;
use crate::tokens::random_token;
use domain::engine::ConsentRequest;
use domain::text::OwnedText;
use sqlx::AnyPool;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Pending,
    Accepted,
    Refused,
}

/// Where the consent for an application stands; `None` when it was never asked.
pub async fn answer(db: &AnyPool, application_id: &str) -> Result<Option<Answer>, sqlx::Error> {
    let status: Option<String> =
        sqlx::query_scalar("SELECT status FROM consents WHERE application_id = $1")
            .bind(application_id)
            .fetch_optional(db)
            .await?;
    Ok(status.map(|status| match status.as_str() {
        "accepted" => Answer::Accepted,
        "refused" => Answer::Refused,
        _ => Answer::Pending,
    }))
}

/// The request as the citizen reads it: what to agree to, then who asks and where.
fn with_details(request: &str, about: &str) -> String {
    if about.is_empty() {
        request.to_string()
    } else {
        format!("{request}: {about}")
    }
}

/// Asks `request.citizen_id`, once per application, and tells them in their outbox.
pub async fn ask(
    db: &AnyPool,
    application_id: &str,
    request: &ConsentRequest,
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    let inserted = sqlx::query(
        "INSERT INTO consents (id, application_id, citizen_id, request_vi, request_en, status, created_at) \
         VALUES ($1, $2, $3, $4, $5, 'pending', $6) ON CONFLICT (application_id) DO NOTHING",
    )
    .bind(&random_token()[..22])
    .bind(application_id)
    .bind(&request.citizen_id)
    .bind(with_details(request.request.vi, &request.about))
    .bind(with_details(request.request.en, &request.about))
    .bind(now())
    .execute(&mut *tx)
    .await?;
    if inserted.rows_affected() == 1 {
        sqlx::query(
            "INSERT INTO outbox (recipient_id, channel, subject_vi, subject_en, link, created_at) VALUES ($1, 'email', $2, $3, '/account', $4)",
        )
        .bind(&request.citizen_id)
        .bind("Bạn có một yêu cầu cần xác nhận trên cổng dịch vụ công.")
        .bind("A request is waiting for your answer on the public services portal.")
        .bind(now())
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await
}

/// A request waiting for the signed-in citizen's answer.
pub struct Task {
    pub id: String,
    pub request: OwnedText,
}

pub async fn tasks_for(db: &AnyPool, citizen_id: &str) -> Vec<Task> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT id, request_vi, request_en FROM consents WHERE citizen_id = $1 AND status = 'pending' ORDER BY created_at",
    )
    .bind(citizen_id)
    .fetch_all(db)
    .await
    .unwrap_or_default();
    rows.into_iter()
        .map(|(id, request_vi, request_en)| Task {
            id,
            request: OwnedText::new(request_vi, request_en),
        })
        .collect()
}
