//! Messages to citizens: written to the outbox table, in the transaction of the change they tell
//! of, for the mail sender to deliver (and the citizen's account to list).

use crate::clock::now;

/// Tells an applicant that the agency needs more information for their application, with the
/// way to the request.
pub async fn more_information_needed(
    tx: &mut sqlx::AnyConnection,
    applicant_id: &str,
    application_id: &str,
    reference: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO outbox (recipient_id, channel, subject_vi, subject_en, link, created_at) \
         VALUES ($1, 'email', $2, $3, $4, $5)",
    )
    .bind(applicant_id)
    .bind(format!(
        "Cơ quan giải quyết cần bạn bổ sung thông tin cho hồ sơ {reference}."
    ))
    .bind(format!(
        "The agency needs more information for your application {reference}."
    ))
    .bind(format!("/applications/{application_id}"))
    .bind(now())
    .execute(tx)
    .await
    .map(drop)
}
