//! The agency outbox: what the portal owes the agencies' case systems. At submission, in the same
//! transaction, the application's hand-over body is built and frozen here (never rebuilt: a retry
//! sends the same bytes, which the agency takes as a repeat); the delivery job
//! (`jobs::hand_over`) then sends the rows that are due, and records here whether each was
//! delivered, is to be tried again later, or is parked on a refusal no retry can cure.

use crate::clock::now;
use domain::definitions::sources::PERSON;
use domain::engine::{Answers, Context};
use serde::Serialize;
use sqlx::{AnyPool, Row};
use std::collections::BTreeMap;

/// The body of `PUT /v1/applications/{reference}`, as the agency's OpenAPI `HandOver` describes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HandOver<'a> {
    pub service: &'a str,
    /// The province whose office decides: see [`province`].
    pub province: i64,
    pub applicant_id: &'a str,
    pub subject_id: &'a str,
    pub acting_for: Option<ActingFor>,
    /// The answers by question id.
    pub answers: &'a BTreeMap<String, String>,
    /// The registry facts the portal prefilled (the draft's context), kept as sent.
    pub facts: &'a Context,
    pub documents: Vec<Document>,
    pub payment: Option<Payment<'a>>,
    pub submitted_at: String,
}

/// Who applied for the subject, when it is not themselves: a parent for their child under 14,
/// the only case the portal allows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActingFor {
    pub applicant_name: String,
    pub relation: &'static str,
}

/// A document sent with the application, named by the portal's id and checked by its digest.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct Document {
    pub id: String,
    pub question: String,
    pub name: String,
    pub media_type: String,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Payment<'a> {
    pub payment_id: &'a str,
    pub amount: u64,
    /// The portal keeps no time of payment of its own: it confirms the payment with the gateway
    /// just before submitting, so the submission time stands for it.
    pub paid_at: String,
}

/// What an application was submitted with. Its own type rather than the stored application, which
/// `store::applications` owns and which freezes its hand-over here while submitting it.
#[derive(Debug, Clone, Copy)]
pub struct Submission<'a> {
    pub id: &'a str,
    pub service: &'a str,
    pub applicant_id: &'a str,
    pub subject_id: &'a str,
    pub answers: &'a Answers,
    pub context: &'a Context,
    /// The confirmed payment and its amount, where there is a fee.
    pub paid: Option<(&'a str, u64)>,
}

/// The province of the office that decides: the subject's permanent residence, else their
/// temporary one, as the registry recorded them; else (no residence on record) the province of
/// the first three digits of their personal ID number, where their birth was registered.
pub fn province(submission: &Submission) -> i64 {
    let person = PERSON.read(submission.context);
    let residence = person.as_ref().and_then(|person| {
        let temporary = person.temporary_residence.as_ref();
        person
            .permanent_residence
            .as_ref()
            .or(temporary.map(|temporary| &temporary.address))
            .map(|address| address.province_code)
    });
    residence.unwrap_or_else(|| {
        submission
            .subject_id
            .get(..3)
            .and_then(|digits| digits.parse().ok())
            .unwrap_or_default()
    })
}

/// The hand-over of an application submitted at `submitted_at` (Unix seconds) with `documents`.
pub fn hand_over<'a>(
    submission: &Submission<'a>,
    documents: Vec<Document>,
    submitted_at: i64,
) -> HandOver<'a> {
    let acting_for = (submission.applicant_id != submission.subject_id).then(|| ActingFor {
        applicant_name: submission
            .context
            .representative()
            .unwrap_or_default()
            .to_string(),
        relation: "parent",
    });
    HandOver {
        service: submission.service,
        province: province(submission),
        applicant_id: submission.applicant_id,
        subject_id: submission.subject_id,
        acting_for,
        answers: submission.answers.values(),
        facts: submission.context,
        documents,
        payment: submission.paid.map(|(payment_id, amount)| Payment {
            payment_id,
            amount,
            paid_at: utc_timestamp(submitted_at),
        }),
        submitted_at: utc_timestamp(submitted_at),
    }
}

/// RFC 3339 in UTC, which the agency reads as any offset.
fn utc_timestamp(unix: i64) -> String {
    let moment =
        time::OffsetDateTime::from_unix_timestamp(unix).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        moment.date(),
        moment.hour(),
        moment.minute(),
        moment.second()
    )
}

/// Freezes the hand-over of an application being submitted, inside the submitting transaction:
/// it is owed from the moment the application is, and built from exactly what was submitted.
pub async fn enqueue(
    tx: &mut sqlx::AnyConnection,
    submission: &Submission<'_>,
    reference: &str,
    submitted_at: i64,
) -> Result<(), sqlx::Error> {
    let documents: Vec<Document> = sqlx::query_as(
        "SELECT id, question, file_name AS name, content_type AS media_type, sha256 \
         FROM documents WHERE application_id = $1 ORDER BY created_at, id",
    )
    .bind(submission.id)
    .fetch_all(&mut *tx)
    .await?;
    let body = hand_over(submission, documents, submitted_at);
    sqlx::query(
        "INSERT INTO agency_outbox (application_id, reference, body, next_attempt_at) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(submission.id)
    .bind(reference)
    .bind(serde_json::to_string(&body).expect("serialisable"))
    .bind(submitted_at)
    .execute(tx)
    .await
    .map(drop)
}

/// A hand-over owed.
#[derive(Debug, Clone)]
pub struct Due {
    pub application_id: String,
    pub reference: String,
    /// The frozen body, sent as it is.
    pub body: String,
    pub attempts: i64,
}

/// The hand-overs due now, oldest first.
pub async fn due(db: &AnyPool, limit: i64) -> Result<Vec<Due>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT application_id, reference, body, attempts FROM agency_outbox \
         WHERE delivered_at IS NULL AND parked_at IS NULL AND next_attempt_at <= $1 \
         ORDER BY next_attempt_at LIMIT $2",
    )
    .bind(now())
    .bind(limit)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Due {
                application_id: row.try_get("application_id")?,
                reference: row.try_get("reference")?,
                body: row.try_get("body")?,
                attempts: row.try_get("attempts")?,
            })
        })
        .collect()
}

/// Received by `agency`. False when it was marked so already (another portal instance sent it
/// too, and the agency took the repeat as one), so that the timeline says it once.
pub async fn delivered(
    tx: &mut sqlx::AnyConnection,
    application_id: &str,
    agency: &str,
) -> Result<bool, sqlx::Error> {
    let updated = sqlx::query(
        "UPDATE agency_outbox SET delivered_at = $1, agency = $2, attempts = attempts + 1, \
         last_error = NULL WHERE application_id = $3 AND delivered_at IS NULL",
    )
    .bind(now())
    .bind(agency)
    .bind(application_id)
    .execute(tx)
    .await?;
    Ok(updated.rows_affected() == 1)
}

/// Not delivered this time (`code` says why); tried again at `next_attempt_at`.
pub async fn retry_at(
    db: &AnyPool,
    application_id: &str,
    code: &str,
    next_attempt_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE agency_outbox SET attempts = attempts + 1, last_error = $1, next_attempt_at = $2 \
         WHERE application_id = $3",
    )
    .bind(code)
    .bind(next_attempt_at)
    .bind(application_id)
    .execute(db)
    .await
    .map(drop)
}

/// Not sent yet, for a reason that is not a failure (an agreement awaited): looked at again at
/// `next_attempt_at`, without counting an attempt or lengthening the backoff.
pub async fn wait_until(
    db: &AnyPool,
    application_id: &str,
    next_attempt_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE agency_outbox SET next_attempt_at = $1 WHERE application_id = $2")
        .bind(next_attempt_at)
        .bind(application_id)
        .execute(db)
        .await
        .map(drop)
}

/// Refused with `code` in a way no retry can cure: kept, out of the queue, for someone to look at.
pub async fn park(db: &AnyPool, application_id: &str, code: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE agency_outbox SET attempts = attempts + 1, last_error = $1, parked_at = $2 \
         WHERE application_id = $3",
    )
    .bind(code)
    .bind(now())
    .bind(application_id)
    .execute(db)
    .await
    .map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    struct Owned {
        answers: Answers,
        context: Context,
        applicant_id: &'static str,
    }

    impl Owned {
        fn new(context: Value) -> Self {
            let mut answers = Answers::default();
            answers.set("reason", "expiring".into());
            answers.complete("why");
            Self {
                answers,
                context: serde_json::from_value(context).unwrap(),
                applicant_id: "079090001234",
            }
        }

        fn submission(&self) -> Submission<'_> {
            Submission {
                id: "a1",
                service: "passport",
                applicant_id: self.applicant_id,
                subject_id: "079090001234",
                answers: &self.answers,
                context: &self.context,
                paid: None,
            }
        }
    }

    fn person(permanent: Value, temporary: Value) -> Value {
        json!({ "person": {
            "personal_id": "079090001234", "full_name": "Nguyễn Văn An", "surname": "Nguyễn",
            "middle_name": "Văn", "given_name": "An", "date_of_birth": "1990-06-05",
            "sex": "male", "place_of_birth": "TP Hồ Chí Minh", "home_town": "Huế",
            "ethnicity": "Kinh", "religion": "Không", "nationality": "Việt Nam",
            "old_id_number": null, "marital_status": "single", "father_id": null,
            "mother_id": null, "spouse_id": null, "household_id": 7, "relation_to_head": "head",
            "permanent_residence": permanent, "temporary_residence": temporary,
            "tax_code": null, "phone": null,
        } })
    }

    fn address(province_code: i64) -> Value {
        json!({ "province_code": province_code, "province_name": "…", "commune": "…",
                "street": "…", "full": "…" })
    }

    #[test]
    fn the_province_is_the_residence_then_the_temporary_one_then_the_id_number() {
        let permanent = Owned::new(person(address(1), Value::Null));
        assert_eq!(province(&permanent.submission()), 1);
        let mut temporary = address(48);
        temporary["until"] = json!("2027-01-01");
        let temporary = Owned::new(person(Value::Null, temporary));
        assert_eq!(province(&temporary.submission()), 48);
        let none = Owned::new(person(Value::Null, Value::Null));
        assert_eq!(province(&none.submission()), 79);
        assert_eq!(province(&Owned::new(json!({})).submission()), 79);
    }

    #[test]
    fn the_body_carries_what_was_submitted_and_the_payment() {
        let owned = Owned::new(person(address(1), Value::Null));
        let document = Document {
            id: "d1".into(),
            question: "photo".into(),
            name: "anh.jpg".into(),
            media_type: "image/jpeg".into(),
            sha256: "ab".repeat(32),
        };
        let submission = Submission {
            paid: Some(("p1", 200_000)),
            ..owned.submission()
        };
        let body = hand_over(&submission, vec![document], 1_796_437_260);
        let body = serde_json::to_value(&body).unwrap();
        assert_eq!(body["service"], "passport");
        assert_eq!(body["province"], 1);
        assert_eq!(body["acting_for"], Value::Null);
        assert_eq!(body["answers"], json!({ "reason": "expiring" }));
        assert_eq!(body["facts"]["person"]["full_name"], "Nguyễn Văn An");
        assert_eq!(body["documents"][0]["media_type"], "image/jpeg");
        assert_eq!(
            body["payment"],
            json!({ "payment_id": "p1", "amount": 200_000, "paid_at": "2026-12-05T02:21:00Z" })
        );
        assert_eq!(body["submitted_at"], "2026-12-05T02:21:00Z");
    }

    #[test]
    fn a_parent_applying_for_their_child_is_named() {
        let mut context = person(address(1), Value::Null);
        context["representative"] =
            json!({ "personal_id": "079080000001", "full_name": "Trần Thị Bình" });
        let owned = Owned {
            applicant_id: "079080000001",
            ..Owned::new(context)
        };
        let body = serde_json::to_value(hand_over(&owned.submission(), Vec::new(), 0)).unwrap();
        assert_eq!(
            body["acting_for"],
            json!({ "applicant_name": "Trần Thị Bình", "relation": "parent" })
        );
        assert_eq!(body["payment"], Value::Null);
        assert_eq!(body["submitted_at"], "1970-01-01T00:00:00Z");
    }
}
