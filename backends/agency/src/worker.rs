//! The automatic mode: a worker that takes each case's next step when it falls due — received
//! to in review, in review to approved — as today's portal does by itself. It keeps no state of
//! its own: what is due is in the database, so after a restart it resumes where it stopped.

use std::time::Duration;

use serde_json::{json, Map};
use time::{macros::offset, OffsetDateTime};

use crate::{
    state::AppState,
    store::{
        cases::{self, Due, Move},
        unix_ms, Status,
    },
};

/// How many due cases one round takes; the rest wait for the next round, which starts at once.
const BATCH: i64 = 50;
/// The longest sleep, so that a missed wake-up or a clock change costs at most this much.
const LONGEST_SLEEP: Duration = Duration::from_secs(1);

/// Runs until the task holding it is dropped.
pub async fn run(state: AppState) {
    loop {
        let pause = match round(&state).await {
            Ok(pause) => pause,
            Err(error) => {
                tracing::error!(%error, "automatic agency worker failed; retrying");
                LONGEST_SLEEP
            }
        };
        tokio::select! {
            () = tokio::time::sleep(pause) => {}
            () = state.woken() => {}
        }
    }
}

/// Takes the steps due now; returns how long to sleep before the next one falls due.
async fn round(state: &AppState) -> Result<Duration, sqlx::Error> {
    let now = OffsetDateTime::now_utc();
    let due = cases::due(&state.db, unix_ms(now), BATCH).await?;
    let full = i64::try_from(due.len()).unwrap_or(i64::MAX) >= BATCH;
    for case in due {
        cases::change(
            &state.db,
            &case.reference,
            next_step(&case, now),
            state.config.automatic_delay,
        )
        .await?;
    }
    if full {
        return Ok(Duration::ZERO);
    }
    let next = cases::next_due(&state.db).await?;
    let wait = next.map_or(LONGEST_SLEEP, |due| {
        let millis = u64::try_from(due.saturating_sub(unix_ms(OffsetDateTime::now_utc())));
        Duration::from_millis(millis.unwrap_or(0))
    });
    Ok(wait.min(LONGEST_SLEEP))
}

/// Received goes into review; a case in review is approved with a record number. Guarded by
/// the status seen, so that an officer's step in between is never overwritten.
fn next_step(case: &Due, now: OffsetDateTime) -> Move {
    let (to, detail) = match case.status {
        Status::Received => (Status::InReview, Map::new()),
        _ => {
            let issued_on = now.to_offset(offset!(+7)).date();
            let office = case.agency.replace(':', "-").to_ascii_uppercase();
            let number = format!("{office}/{}/{:06}", issued_on.year(), case.id);
            let mut detail = Map::new();
            detail.insert(
                "result".into(),
                json!({ "number": number, "issued_on": issued_on.to_string() }),
            );
            (Status::Approved, detail)
        }
    };
    Move {
        from: Some(case.status),
        round: None,
        to,
        automatic: true,
        detail,
    }
}
