//! Hands submitted applications over to the agencies' case systems: sends the agency outbox's
//! due rows (`store::agency_outbox`), each as it was frozen at submission. Delivered (201, or 200
//! for a repeat) it is marked so, with a line on the citizen's timeline naming the agency, in one
//! transaction; unreachable or failing, it is tried again with a capped exponential backoff kept
//! in the database (so a restart keeps it); refused (a 4xx about the application, such as 409
//! `reference_conflict`, which means the portal sent two different bodies for one reference: a
//! bug), it is parked with the agency's code for someone to look at, never retried.
//!
//! An application whose service needs another citizen's agreement (`jobs::agreement`) waits for
//! it before it is sent, and goes with the answer in its facts under `CONSENT`, as the agency's
//! decision reads it.
//!
//! It also forwards the applicants' answers to the agencies' requests for more information
//! (`store::agency_answers`): an unreachable agency gets them at a later round (the agency takes
//! the same answer to the same round again as one), a refused one is recorded with the code.
//!
//! Runs only when the portal is configured with an agency (`PORTAL_AGENCY_URL`), in place of the
//! in-portal processing (`jobs::processing`).

use crate::clients::agency::{Agency, AgencyClient, AgencyError, Answer};
use crate::clock::now;
use crate::jobs::agreement::{self, Agreement};
use crate::state::AppState;
use crate::store::agency_answers::{self, Owed};
use crate::store::agency_outbox::{self, Due};
use crate::store::applications;
use crate::store::status::Status;
use domain::definitions;
use domain::engine::CONSENT;
use domain::text::OwnedText;
use serde_json::Value;
use sqlx::AnyPool;

/// The first retry waits this long; each next one twice as long, up to [`MAX_DELAY_SECS`].
const FIRST_DELAY_SECS: i64 = 2;
/// An agency down for hours is tried every ten minutes, not less often: it should get its
/// applications soon after it comes back.
const MAX_DELAY_SECS: i64 = 600;

/// How long to wait before the next attempt, after `attempts` failed ones (at least one).
fn backoff_secs(attempts: i64) -> i64 {
    let doublings = attempts.clamp(1, 32) - 1;
    FIRST_DELAY_SECS
        .saturating_mul(1_i64 << doublings)
        .min(MAX_DELAY_SECS)
}

/// Runs until the process ends; does nothing unless an agency is configured.
pub fn spawn(state: AppState) {
    if state.agency.is_none() {
        return;
    }
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(state.config.agency_poll_interval);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        // The agencies' names, read once they answer, for the citizens' timelines.
        let mut directory: Vec<Agency> = Vec::new();
        loop {
            interval.tick().await;
            if let Err(error) = tick(&state, &mut directory).await {
                tracing::warn!(%error, "hand-over round failed; it will be tried again");
            }
        }
    });
}

/// One round: every hand-over due is sent once.
async fn tick(state: &AppState, directory: &mut Vec<Agency>) -> Result<(), sqlx::Error> {
    let Some(client) = &state.agency else {
        return Ok(());
    };
    let due = agency_outbox::due(&state.db, 20).await?;
    if !due.is_empty() && directory.is_empty() {
        // Unreadable now, the agency's id stands in for its name on the timeline.
        *directory = client.agencies().await.unwrap_or_default();
    }
    for owed in due {
        deliver(state, client, directory, &owed).await?;
    }
    for answer in agency_answers::owed(&state.db, 20).await? {
        forward(state, client, &answer).await?;
    }
    Ok(())
}

async fn forward(state: &AppState, client: &AgencyClient, owed: &Owed) -> Result<(), sqlx::Error> {
    let answer = Answer {
        round: owed.round,
        text: Some(owed.text.as_str()).filter(|text| !text.is_empty()),
        documents: owed.document.as_slice(),
    };
    let (id, round) = (&owed.application_id, owed.round);
    match client.answer(&owed.reference, &answer).await {
        Ok(_) => agency_answers::forwarded(&state.db, id, round, None).await,
        Err(error) if is_retryable(&error) => Ok(()),
        Err(error) => {
            tracing::error!(
                code = error.code(),
                "the agency refused an answer; it will not be sent again"
            );
            agency_answers::forwarded(&state.db, id, round, Some(error.code())).await
        }
    }
}

async fn deliver(
    state: &AppState,
    client: &AgencyClient,
    directory: &[Agency],
    owed: &Due,
) -> Result<(), sqlx::Error> {
    let Some(body) = with_agreement(&state.db, owed).await? else {
        let next = now() + FIRST_DELAY_SECS;
        return agency_outbox::wait_until(&state.db, &owed.application_id, next).await;
    };
    match client.hand_over(&owed.reference, &body).await {
        Ok(case) => {
            let mut tx = state.db.begin().await?;
            if agency_outbox::delivered(&mut tx, &owed.application_id, &case.agency).await? {
                // Under "in progress", as the in-portal processing's steps are: "received"
                // stays the one line of the submission itself.
                let note = handed_to(directory, &case.agency);
                applications::add_event(&mut tx, &owed.application_id, Status::InProgress, note)
                    .await?;
            }
            tx.commit().await
        }
        Err(error) if is_retryable(&error) => {
            let next = now() + backoff_secs(owed.attempts + 1);
            agency_outbox::retry_at(&state.db, &owed.application_id, error.code(), next).await
        }
        Err(error) => {
            tracing::error!(
                code = error.code(),
                "the agency refused a hand-over; it is parked and will not be retried"
            );
            agency_outbox::park(&state.db, &owed.application_id, error.code()).await
        }
    }
}

/// The frozen body with the agreement the service needs, once given (the same answer every time,
/// so a body sent again is the same body); `None` while the application waits for it.
async fn with_agreement(db: &AnyPool, owed: &Due) -> Result<Option<String>, sqlx::Error> {
    let application = applications::find_by_reference(db, &owed.reference).await?;
    let definition = application
        .as_ref()
        .and_then(|application| Some((application, definitions::by_slug(&application.service)?)));
    let Some((application, definition)) = definition else {
        return Ok(Some(owed.body.clone()));
    };
    Ok(match agreement::of(db, application, definition).await? {
        Agreement::NotNeeded => Some(owed.body.clone()),
        Agreement::Waiting => None,
        Agreement::Answered(answer) => {
            let mut body: Value = serde_json::from_str(&owed.body)
                .map_err(|error| sqlx::Error::Decode(Box::new(error)))?;
            body["facts"][CONSENT] = answer;
            Some(body.to_string())
        }
    })
}

/// Whether sending the same hand-over again may succeed: the agency unreachable or failing, or
/// refusing the portal's token (a configuration to fix, after which every hand-over should go),
/// but not a refusal of the application itself.
fn is_retryable(error: &AgencyError) -> bool {
    match error {
        AgencyError::Unavailable => true,
        AgencyError::Refused { status, .. } => matches!(status, 401 | 403),
    }
}

/// "Handed to <agency>", in both languages, with the agency's name where the directory has it.
fn handed_to(directory: &[Agency], agency: &str) -> OwnedText {
    let name = directory.iter().find(|known| known.id == agency);
    let (vi, en) = name.map_or((agency, agency), |known| {
        (known.name.vi.as_str(), known.name.en.as_str())
    });
    OwnedText::new(
        format!("Hồ sơ đã được chuyển đến {vi}"),
        format!("Handed to {en}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn an_application_needing_an_agreement_waits_for_it_then_goes_with_the_answer() {
        use crate::store::applications::{NewDraft, Sending};
        use crate::store::{consents, db};
        let dir = tempfile::tempdir().unwrap();
        // SQLite, or PostgreSQL when the suite runs there (`PORTAL_TEST_POSTGRES`).
        let db = db::connect(&db::isolated_for_test(dir.path()).await.unwrap())
            .await
            .unwrap();
        let (tenant, owner) = ("079090001234", "079085004321");
        let draft = NewDraft {
            service: "temporary-residence",
            applicant_id: tenant,
            subject_id: tenant,
            context: &Default::default(),
            lifetime_secs: 3_600,
        };
        let id = applications::create_draft(&db, draft).await.unwrap();
        let mut application = applications::find_for(&db, &id, tenant)
            .await
            .unwrap()
            .unwrap();
        application
            .answers
            .set("home_basis", "owner_consent".into());
        application.answers.set("owner_id", owner.into());
        applications::save_draft(&db, &application, 3_600)
            .await
            .unwrap();
        let application = applications::find_for(&db, &id, tenant)
            .await
            .unwrap()
            .unwrap();
        let sending = Sending {
            application: &application,
            paid: None,
            object_key: None,
            hand_over: true,
        };
        applications::submit(&db, sending).await.unwrap();
        let owed = agency_outbox::due(&db, 10).await.unwrap().remove(0);

        let waiting = "Waiting for the agreement of the person concerned";
        let lines = || async {
            let events = applications::events(&db, &id).await.unwrap();
            events
                .iter()
                .filter(|event| event.note.en == waiting)
                .count()
        };
        for _ in 0..2 {
            assert_eq!(with_agreement(&db, &owed).await.unwrap(), None);
        }
        assert_eq!(lines().await, 1, "asked once, with one line");
        assert_eq!(consents::tasks_for(&db, owner).await.len(), 1);

        sqlx::query("UPDATE consents SET status = 'accepted' WHERE application_id = $1")
            .bind(&id)
            .execute(&db)
            .await
            .unwrap();
        let body = with_agreement(&db, &owed).await.unwrap().unwrap();
        let body: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(body["facts"][CONSENT], "accepted");
        let frozen: Value = serde_json::from_str(&owed.body).unwrap();
        assert_eq!(body["answers"], frozen["answers"], "otherwise as frozen");
    }

    #[test]
    fn retries_wait_twice_as_long_each_time_up_to_the_cap() {
        let delays: Vec<i64> = (1..=10).map(backoff_secs).collect();
        assert_eq!(delays, [2, 4, 8, 16, 32, 64, 128, 256, 512, 600]);
        assert_eq!(backoff_secs(1_000), MAX_DELAY_SECS);
        assert_eq!(backoff_secs(0), FIRST_DELAY_SECS);
    }

    #[test]
    fn only_refusals_of_the_application_are_final() {
        let refused = |status, code: &str| AgencyError::Refused {
            status,
            code: code.into(),
        };
        assert!(is_retryable(&AgencyError::Unavailable));
        assert!(is_retryable(&refused(401, "unauthorized")));
        assert!(!is_retryable(&refused(409, "reference_conflict")));
        assert!(!is_retryable(&refused(422, "invalid_request")));
    }

    #[test]
    fn the_timeline_names_the_agency_in_both_languages() {
        let directory = [Agency {
            id: "immigration:01".into(),
            name: OwnedText::new(
                "Phòng Quản lý xuất nhập cảnh Hà Nội",
                "Hanoi Immigration Office",
            ),
        }];
        let note = handed_to(&directory, "immigration:01");
        assert_eq!(note.en, "Handed to Hanoi Immigration Office");
        assert_eq!(
            note.vi,
            "Hồ sơ đã được chuyển đến Phòng Quản lý xuất nhập cảnh Hà Nội"
        );
        assert_eq!(handed_to(&[], "tax").en, "Handed to tax");
    }
}
