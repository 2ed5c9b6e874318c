//! The automatic mode: a worker that takes each case's next step when it falls due — received
//! to in review, in review to approved (writing the decision into the registry) — as the portal
//! does by itself when no agency is configured. It keeps no state of its own: what is due is in
//! the database, so after a restart it resumes where it stopped.

use std::time::Duration;

use serde_json::Map;
use time::OffsetDateTime;

use crate::{
    decision::{self, Verdict},
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
/// How long a case whose decision the registry could not take waits before the next try.
const REGISTRY_RETRY: Duration = Duration::from_secs(1);

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
        let Some(step) = next_step(state, &case).await? else {
            let retry_at = unix_ms(now + REGISTRY_RETRY);
            cases::postpone(&state.db, &case.reference, retry_at).await?;
            continue;
        };
        cases::change(
            &state.db,
            &case.reference,
            step,
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

/// Received goes into review; a case in review is decided (see [`decision::approve`]), or
/// `None` when the registry could not be reached or an officer's approval is writing, and the
/// case must wait. Guarded by the status seen, so that an officer's step in between is never
/// overwritten.
async fn next_step(state: &AppState, case: &Due) -> Result<Option<Move>, sqlx::Error> {
    let (to, detail, hold) = match case.status {
        Status::Received => (Status::InReview, Map::new(), None),
        _ => match decision::approve(state, &case.reference, (case.status, None)).await? {
            Verdict::Decided(to, detail, hold) => (to, detail, Some(hold)),
            Verdict::NotNow | Verdict::Busy | Verdict::NotFound => return Ok(None),
        },
    };
    Ok(Some(Move {
        from: Some(case.status),
        round: None,
        to,
        automatic: true,
        detail,
        hold,
    }))
}
