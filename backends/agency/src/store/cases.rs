//! Cases: taking one over exactly once, moving it from status to status with its line of the
//! feed, and the citizen's answers to requests for more information, one per round.

use std::time::Duration;

use serde::Serialize;
use serde_json::{Map, Value};
use sqlx::{Row, SqliteConnection};
use time::{Date, OffsetDateTime};

use super::{approvals, feed, modes, timestamp, Change, Database, Status};

/// A case as the API shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Case {
    pub reference: String,
    pub agency: String,
    pub service: String,
    pub status: Status,
    /// The open (or last) request for more information; 0 before any.
    pub round: i64,
    pub received_at: String,
    /// The last day of the statutory period; absent where the service sets none.
    pub deadline: Option<String>,
    pub history: Vec<Change>,
}

/// A case's row, without its history.
struct Stored {
    id: i64,
    reference: String,
    agency: String,
    service: String,
    status: Status,
    round: i64,
    received_at: String,
    deadline: Option<String>,
    hand_over: String,
    due_at: Option<i64>,
}

async fn row(
    connection: &mut SqliteConnection,
    reference: &str,
) -> Result<Option<Stored>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT id, reference, agency_id, service, status, round, received_at, deadline, hand_over, due_at \
         FROM cases WHERE reference = ?",
    )
    .bind(reference)
    .fetch_optional(connection)
    .await?;
    row.map(|row| {
        Ok(Stored {
            id: row.try_get("id")?,
            reference: row.try_get("reference")?,
            agency: row.try_get("agency_id")?,
            service: row.try_get("service")?,
            status: Status::parse(row.try_get("status")?)?,
            round: row.try_get("round")?,
            received_at: row.try_get("received_at")?,
            deadline: row.try_get("deadline")?,
            hand_over: row.try_get("hand_over")?,
            due_at: row.try_get("due_at")?,
        })
    })
    .transpose()
}

async fn with_history(connection: &mut SqliteConnection, row: Stored) -> Result<Case, sqlx::Error> {
    let history = feed::of_case(connection, row.id).await?;
    Ok(Case {
        reference: row.reference,
        agency: row.agency,
        service: row.service,
        status: row.status,
        round: row.round,
        received_at: row.received_at,
        deadline: row.deadline,
        history,
    })
}

/// The case handed over under `reference`. The row and its history are read in one
/// transaction, so that both come from the same snapshot: read apart, a change committed in
/// between would show a status its history does not have (or the other way round).
pub async fn find(db: &Database, reference: &str) -> Result<Option<Case>, sqlx::Error> {
    let mut tx = db.pool().begin().await?;
    let case = match row(&mut tx, reference).await? {
        Some(found) => Some(with_history(&mut tx, found).await?),
        None => None,
    };
    tx.commit().await?;
    Ok(case)
}

/// What the portal hands over, already checked and routed.
pub struct NewCase<'a> {
    pub reference: &'a str,
    pub agency: &'a str,
    pub service: &'a str,
    /// The body in canonical form, compared when the same reference comes again.
    pub hand_over: &'a str,
    pub deadline: Option<Date>,
}

pub enum HandedOver {
    Created(Case),
    /// The same body again: the case as it stands now.
    Repeated(Case),
    /// The reference was handed over with another body.
    Conflict,
}

/// What became of an earlier hand-over under `reference`, compared with `hand_over` (in
/// canonical form); `None` when there was none.
async fn earlier(
    connection: &mut SqliteConnection,
    reference: &str,
    hand_over: &str,
) -> Result<Option<HandedOver>, sqlx::Error> {
    let Some(existing) = row(connection, reference).await? else {
        return Ok(None);
    };
    Ok(Some(if existing.hand_over == hand_over {
        HandedOver::Repeated(with_history(connection, existing).await?)
    } else {
        HandedOver::Conflict
    }))
}

/// A hand-over under `reference` seen before, as [`hand_over`] would answer it. Asked before
/// the body is checked, so that a case taken over is answered the same way even when the
/// checks have grown stricter since.
pub async fn handed_over_before(
    db: &Database,
    reference: &str,
    hand_over: &str,
) -> Result<Option<HandedOver>, sqlx::Error> {
    let mut tx = db.pool().begin().await?;
    let found = earlier(&mut tx, reference, hand_over).await?;
    tx.commit().await?;
    Ok(found)
}

/// Takes a case over once: the first time it is received (and the feed says so), later with
/// the same body it is found again, with another body it is a conflict.
pub async fn hand_over(
    db: &Database,
    new: &NewCase<'_>,
    now: OffsetDateTime,
    default_delay: Duration,
) -> Result<HandedOver, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    // Checked again under the write lock: another hand-over may have come in between.
    if let Some(outcome) = earlier(&mut tx, new.reference, new.hand_over).await? {
        tx.rollback().await?;
        return Ok(outcome);
    }
    let due = modes::next_step_at(&mut tx, new.agency, new.service, default_delay, now).await?;
    let at = timestamp(now);
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO cases (reference, agency_id, service, hand_over, status, received_at, deadline, due_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(new.reference)
    .bind(new.agency)
    .bind(new.service)
    .bind(new.hand_over)
    .bind(Status::Received.as_str())
    .bind(&at)
    .bind(new.deadline.map(|date| date.to_string()))
    .bind(due)
    .fetch_one(&mut *tx)
    .await?;
    feed::append(
        &mut tx,
        id,
        new.reference,
        Status::Received,
        &Map::new(),
        &at,
    )
    .await?;
    let created = row(&mut tx, new.reference)
        .await?
        .ok_or(sqlx::Error::RowNotFound)?;
    let case = with_history(&mut tx, created).await?;
    tx.commit().await?;
    Ok(HandedOver::Created(case))
}

/// A move from one status to another, by the automatic mode or an officer.
pub struct Move {
    /// The status the mover saw; the move is refused if the case has moved on since.
    pub from: Option<Status>,
    /// The round the mover saw (see [`Case::round`]); the move is refused if another request
    /// for more information was made since.
    pub round: Option<i64>,
    pub to: Status,
    /// Taken by the automatic mode: only while its step is still due (an operator may have
    /// switched the agency to manual since the worker looked).
    pub automatic: bool,
    /// `request`, `reason` or `result`.
    pub detail: Map<String, Value>,
    /// The approval's hold on the case (see [`approvals`]): without it, a move is refused while
    /// an approval is writing the registry.
    pub hold: Option<approvals::Hold>,
}

pub enum Moved {
    Done(Case),
    /// An officer's step the case has already taken, sent again: the case as it stands.
    Repeated(Case),
    NotFound,
    /// The case is not in a status this move may start from; it stands as given.
    NotAllowed(Status),
    /// An approval is writing the case's records into the registry (see [`approvals`]); the
    /// case moves when it is done.
    Held,
}

/// Whether a case may move from `from` to `to`: forward only, and a decided case never.
pub(super) fn allowed(from: Status, to: Status) -> bool {
    use Status::{Approved, InReview, MoreInformationNeeded, Received, Refused};
    match (from, to) {
        (Received, InReview) => true,
        (Received | InReview, MoreInformationNeeded | Approved | Refused) => true,
        // Only the citizen's answer reopens the review; an officer may still refuse.
        (MoreInformationNeeded, Refused) => true,
        _ => false,
    }
}

/// Moves the case under `reference`, writing the feed's line and the next automatic step.
pub async fn change(
    db: &Database,
    reference: &str,
    step: Move,
    default_delay: Duration,
) -> Result<Moved, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    // Taken under the write lock, so that the feed's times grow with its sequences: a time
    // taken before waiting for the lock (the worker's, from the start of its batch) could be
    // earlier than a change committed in between.
    let now = OffsetDateTime::now_utc();
    let Some(case) = row(&mut tx, reference).await? else {
        return Ok(Moved::NotFound);
    };
    let still_due = case.due_at.is_some_and(|due| due <= super::unix_ms(now));
    let seen = step.from.is_none_or(|from| from == case.status)
        && step.round.is_none_or(|round| round == case.round);
    let mut detail = step.detail;
    let mut round = step.round.unwrap_or(case.round);
    if step.to == Status::MoreInformationNeeded {
        // The feed names the round, so the portal can answer it without reading the case.
        round += 1;
        detail.insert("round".into(), Value::from(round));
    }
    let refused = !allowed(case.status, step.to) || !seen || (step.automatic && !still_due);
    let held = approvals::held_by_another(&mut tx, case.id, step.hold.as_ref(), now).await?;
    if held && !refused {
        return Ok(Moved::Held);
    }
    if refused {
        if step.hold.is_some() {
            if !held {
                // The approval that held the case will not move it: free it for other steps.
                approvals::end(&mut tx, case.id).await?;
                tx.commit().await?;
            }
            return Ok(Moved::NotAllowed(case.status));
        }
        if step.automatic {
            return Ok(Moved::NotAllowed(case.status));
        }
        // An officer's retry after a lost answer finds its own line in the history (the round
        // it opened included), and must not take the step a second time.
        let current = with_history(&mut tx, case).await?;
        let taken = current
            .history
            .iter()
            .any(|change| change.status == step.to && change.detail == detail);
        return Ok(if taken {
            Moved::Repeated(current)
        } else {
            Moved::NotAllowed(current.status)
        });
    }
    let due = match step.to {
        Status::InReview => {
            modes::next_step_at(&mut tx, &case.agency, &case.service, default_delay, now).await?
        }
        _ => None,
    };
    record(&mut tx, &case, step.to, &detail, round, due, now).await?;
    approvals::end(&mut tx, case.id).await?;
    let moved = row(&mut tx, reference)
        .await?
        .ok_or(sqlx::Error::RowNotFound)?;
    let moved = with_history(&mut tx, moved).await?;
    tx.commit().await?;
    Ok(Moved::Done(moved))
}

async fn record(
    connection: &mut SqliteConnection,
    case: &Stored,
    to: Status,
    detail: &Map<String, Value>,
    round: i64,
    due: Option<i64>,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE cases SET status = ?, round = ?, due_at = ? WHERE id = ?")
        .bind(to.as_str())
        .bind(round)
        .bind(due)
        .bind(case.id)
        .execute(&mut *connection)
        .await?;
    feed::append(
        connection,
        case.id,
        &case.reference,
        to,
        detail,
        &timestamp(now),
    )
    .await
}

pub enum Answered {
    Created(Case),
    /// The same answer to the same round again.
    Repeated(Case),
    NotFound,
    /// This round was answered with something else.
    Conflict,
    /// No request is open for this round; `open` is the round that is, if any.
    WrongRound {
        open: Option<i64>,
    },
}

/// Records the citizen's answer to round `round` and reopens the review.
pub async fn answer(
    db: &Database,
    reference: &str,
    round: i64,
    body: &str,
    now: OffsetDateTime,
    default_delay: Duration,
) -> Result<Answered, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let Some(case) = row(&mut tx, reference).await? else {
        return Ok(Answered::NotFound);
    };
    let earlier: Option<String> =
        sqlx::query_scalar("SELECT body FROM answers WHERE case_id = ? AND round = ?")
            .bind(case.id)
            .bind(round)
            .fetch_optional(&mut *tx)
            .await?;
    if let Some(earlier) = earlier {
        if earlier != body {
            return Ok(Answered::Conflict);
        }
        return Ok(Answered::Repeated(with_history(&mut tx, case).await?));
    }
    let open = case.status == Status::MoreInformationNeeded;
    if !open || round != case.round {
        return Ok(Answered::WrongRound {
            open: open.then_some(case.round),
        });
    }
    sqlx::query("INSERT INTO answers (case_id, round, body, at) VALUES (?, ?, ?, ?)")
        .bind(case.id)
        .bind(round)
        .bind(body)
        .bind(timestamp(now))
        .execute(&mut *tx)
        .await?;
    let due = modes::next_step_at(&mut tx, &case.agency, &case.service, default_delay, now).await?;
    let mut detail = Map::new();
    detail.insert("answered_round".into(), Value::from(round));
    record(&mut tx, &case, Status::InReview, &detail, round, due, now).await?;
    let answered = row(&mut tx, reference)
        .await?
        .ok_or(sqlx::Error::RowNotFound)?;
    let answered = with_history(&mut tx, answered).await?;
    tx.commit().await?;
    Ok(Answered::Created(answered))
}

/// A case whose automatic step is due.
pub struct Due {
    pub reference: String,
    pub status: Status,
}

/// Up to `limit` cases whose automatic step was due by `now_ms`, the longest waiting first.
pub async fn due(db: &Database, now_ms: i64, limit: i64) -> Result<Vec<Due>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT reference, status FROM cases \
         WHERE due_at IS NOT NULL AND due_at <= ? ORDER BY due_at LIMIT ?",
    )
    .bind(now_ms)
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Due {
                reference: row.try_get("reference")?,
                status: Status::parse(row.try_get("status")?)?,
            })
        })
        .collect()
}

/// When the next automatic step falls due, if any is pending.
pub async fn next_due(db: &Database) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT MIN(due_at) FROM cases")
        .fetch_one(db.pool())
        .await
}

/// What deciding a case needs: its number, its office, and the application as handed over.
pub struct ToDecide {
    pub id: i64,
    pub agency: String,
    pub hand_over: Value,
}

/// The case under `reference` as deciding needs it, if there is one.
pub async fn to_decide(db: &Database, reference: &str) -> Result<Option<ToDecide>, sqlx::Error> {
    let mut connection = db.pool().acquire().await?;
    let Some(case) = row(&mut connection, reference).await? else {
        return Ok(None);
    };
    let hand_over = serde_json::from_str(&case.hand_over)
        .map_err(|error| sqlx::Error::Decode(Box::new(error)))?;
    Ok(Some(ToDecide {
        id: case.id,
        agency: case.agency,
        hand_over,
    }))
}

/// Moves the automatic step of the case under `reference` to `at_ms`, while one is pending: the
/// step could not be taken now (the registry was unreachable) and is tried again then.
pub async fn postpone(db: &Database, reference: &str, at_ms: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE cases SET due_at = ? WHERE reference = ? AND due_at IS NOT NULL")
        .bind(at_ms)
        .bind(reference)
        .execute(db.pool())
        .await
        .map(drop)
}
