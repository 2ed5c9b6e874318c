//! The portal's position in the agencies' feed of case changes and the applying of those changes
//! to applications: each page of changes is applied in one transaction with the cursor's move,
//! so a crash replays a page (at least once) and never skips one. Every step is guarded by the
//! status it moves from (and a request for more information by its round), so a replayed change
//! does nothing a second time.

use crate::clock::now;
use crate::store::applications;
use crate::store::messages;
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
    /// What the agency did on the way (the registry records it wrote), each a line of the
    /// timeline before `note`, added only when the step moves the application.
    pub notes: Vec<OwnedText>,
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
        let found: Option<(String, String, String)> = sqlx::query_as(
            "SELECT id, applicant_id, status FROM applications WHERE reference = $1",
        )
        .bind(&step.reference)
        .fetch_optional(&mut *tx)
        .await?;
        // A case the portal did not hand over (another portal's, or a database reset) is none
        // of its business.
        let Some((id, applicant, status)) = found else {
            continue;
        };
        if let Some((round, request)) = &step.request {
            if !ask(&mut tx, &id, *round, request).await? {
                continue;
            }
            messages::more_information_needed(&mut tx, &applicant, &id, &step.reference).await?;
        }
        // Only one poller applies the feed, so the status read above is the one advanced below.
        if step.from.contains(&Status::from_code(&status)) {
            for note in &step.notes {
                applications::add_event(&mut tx, &id, step.to, note.clone()).await?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::agency_answers;
    use crate::store::applications::{self, NewDraft, Sending};
    use crate::store::db;
    use domain::engine::Context;

    /// A database of the test's own with one application submitted (and its hand-over owed):
    /// the database, the application's id and its reference.
    async fn submitted() -> (tempfile::TempDir, AnyPool, String, String) {
        let dir = tempfile::tempdir().unwrap();
        // SQLite, or PostgreSQL when the suite runs there (`PORTAL_TEST_POSTGRES`).
        let url = db::isolated_for_test(dir.path()).await.unwrap();
        let db = db::connect(&url).await.unwrap();
        let draft = NewDraft {
            service: "tax-registration",
            applicant_id: "079090001234",
            subject_id: "079090001234",
            context: &Context::default(),
            lifetime_secs: 3_600,
        };
        let id = applications::create_draft(&db, draft).await.unwrap();
        let application = applications::find_for(&db, &id, "079090001234")
            .await
            .unwrap()
            .unwrap();
        let sending = Sending {
            application: &application,
            paid: None,
            object_key: None,
            hand_over: true,
        };
        let reference = applications::submit(&db, sending).await.unwrap();
        (dir, db, id, reference)
    }

    async fn status_and_lines(db: &AnyPool, id: &str) -> (Status, usize) {
        let application = applications::find_for(db, id, "079090001234")
            .await
            .unwrap()
            .unwrap();
        let lines = applications::events(db, id).await.unwrap().len();
        (application.status, lines)
    }

    fn step(reference: &str, from: &'static [Status], to: Status) -> Step {
        Step {
            reference: reference.into(),
            from,
            to,
            note: OwnedText::new("…", "…"),
            outcome: None,
            request: None,
            notes: Vec::new(),
        }
    }

    #[tokio::test]
    async fn the_agencys_notes_come_before_the_decision_once() {
        let (_dir, db, id, reference) = submitted().await;
        let deciding = Step {
            notes: vec![OwnedText::new("Đã đăng ký", "Registered")],
            ..step(&reference, &[Status::Submitted], Status::Decided)
        };
        let page = [deciding];
        assert_eq!(apply(&db, &page, 1).await.unwrap(), 1);
        assert_eq!(
            apply(&db, &page, 1).await.unwrap(),
            0,
            "a replay adds nothing"
        );
        let events = applications::events(&db, &id).await.unwrap();
        let last: Vec<&str> = events
            .iter()
            .rev()
            .take(3)
            .map(|event| event.note.en.as_str())
            .collect();
        assert_eq!(last[..2], ["…", "Registered"], "{last:?}");
        assert_ne!(last[2], "Registered", "the note is added once");
    }

    #[tokio::test]
    async fn a_page_applied_twice_moves_each_application_once_and_keeps_the_cursor() {
        let (_dir, db, id, reference) = submitted().await;
        let owed = crate::store::agency_outbox::due(&db, 10).await.unwrap();
        assert_eq!(owed.len(), 1, "the submission owes its hand-over");
        assert_eq!(owed[0].reference, reference);
        let (_, before) = status_and_lines(&db, &id).await;
        let page = [
            step(&reference, &[Status::Submitted], Status::InProgress),
            step("HS-SOMEONE-ELSES", &[Status::Submitted], Status::InProgress),
        ];
        assert_eq!(apply(&db, &page, 2).await.unwrap(), 1);
        assert_eq!(
            apply(&db, &page, 2).await.unwrap(),
            0,
            "a replay does nothing"
        );
        assert_eq!(cursor(&db).await.unwrap(), 2);
        assert_eq!(
            status_and_lines(&db, &id).await,
            (Status::InProgress, before + 1)
        );
        restart(&db).await.unwrap();
        assert_eq!(cursor(&db).await.unwrap(), 0);
    }

    #[tokio::test]
    async fn a_replayed_request_does_not_reopen_an_answered_round() {
        let (_dir, db, id, reference) = submitted().await;
        let asking = |round| Step {
            request: Some((round, OwnedText::new("Gửi ảnh", "Send a photo"))),
            ..step(
                &reference,
                &[Status::Submitted, Status::InProgress],
                Status::MoreInformation,
            )
        };
        assert_eq!(apply(&db, &[asking(1)], 1).await.unwrap(), 1);
        let told = "SELECT COUNT(*) FROM outbox WHERE recipient_id = '079090001234'";
        let told = || async {
            sqlx::query_scalar::<_, i64>(told)
                .fetch_one(&db)
                .await
                .unwrap()
        };
        assert_eq!(told().await, 1, "the applicant is told of the request");
        // The citizen answers, and the portal moves the application on.
        for answered in [
            "UPDATE information_requests SET answer = 'ảnh đây', answered_at = 1 \
             WHERE application_id = $1",
            "UPDATE applications SET status = 'in_progress' WHERE id = $1",
        ] {
            sqlx::query(answered).bind(&id).execute(&db).await.unwrap();
        }
        // The answer is owed to the agency until it is forwarded.
        let owed = || async { agency_answers::owed(&db, 10).await.unwrap() };
        let answer = owed().await;
        assert_eq!(answer.len(), 1);
        assert_eq!((answer[0].round, answer[0].text.as_str()), (1, "ảnh đây"));
        agency_answers::forwarded(&db, &id, 1, None).await.unwrap();
        assert!(owed().await.is_empty());
        assert_eq!(apply(&db, &[asking(1)], 1).await.unwrap(), 0);
        assert_eq!(told().await, 1, "and not again when it is replayed");
        assert_eq!(status_and_lines(&db, &id).await.0, Status::InProgress);
        // A second round is a new request.
        assert_eq!(apply(&db, &[asking(2)], 2).await.unwrap(), 1);
        assert_eq!(status_and_lines(&db, &id).await.0, Status::MoreInformation);
        assert!(
            owed().await.is_empty(),
            "nothing is owed before the applicant answers"
        );
    }
}
