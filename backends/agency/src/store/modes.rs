//! How each agency works: automatically after a delay (today's behaviour, for demonstrations and
//! tests) or by hand, an officer deciding. An operator sets a mode for every agency, for an
//! agency (a national body's setting covers its branches), for a service, or for one service at
//! one agency; the most particular setting wins, and without any the agency is automatic with
//! the configured delay.

use std::time::Duration;

use serde::Serialize;
use sqlx::{Row, SqliteConnection};
use time::OffsetDateTime;

use super::{unix_ms, Status};
use crate::directory;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum Mode {
    /// Each step after `delay_ms`, or after the configured delay when it is absent.
    Automatic {
        #[serde(skip_serializing_if = "Option::is_none")]
        delay_ms: Option<u64>,
    },
    /// Cases wait for an officer.
    Manual,
}

/// A mode and what it applies to; an absent agency or service means "any".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Setting {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agency: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    #[serde(flatten)]
    pub mode: Mode,
}

/// The longest delay an operator may set: a day, beyond which "automatic" means nothing.
pub const MAXIMUM_DELAY_MS: u64 = 86_400_000;

/// Records `setting`, replacing any for the same agency and service, and reschedules (from
/// `now`) the open cases whose effective mode it changes; the others keep the step they had
/// due, so that setting a mode again, or one a more particular setting outranks, delays nothing.
pub async fn set(
    connection: &mut SqliteConnection,
    setting: &Setting,
    default_delay: Duration,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    let agency = setting.agency.as_deref().unwrap_or_default();
    let service = setting.service.as_deref().unwrap_or_default();
    let (mode, delay) = match setting.mode {
        Mode::Automatic { delay_ms } => ("automatic", delay_ms.map(clamped)),
        Mode::Manual => ("manual", None),
    };
    // A national body's setting reaches its branches (`immigration:01`); ids hold no LIKE
    // wildcards.
    let open: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT id, agency_id, service FROM cases WHERE status IN (?, ?) \
         AND (? = '' OR agency_id = ? OR agency_id LIKE ? || ':%') AND (? = '' OR service = ?)",
    )
    .bind(Status::Received.as_str())
    .bind(Status::InReview.as_str())
    .bind(agency)
    .bind(agency)
    .bind(agency)
    .bind(service)
    .bind(service)
    .fetch_all(&mut *connection)
    .await?;
    let mut before = Vec::with_capacity(open.len());
    for (_, agency, service) in &open {
        before.push(automatic_delay(connection, agency, service, default_delay).await?);
    }
    sqlx::query(
        "INSERT INTO modes (agency_id, service, mode, delay_ms) VALUES (?, ?, ?, ?) \
         ON CONFLICT (agency_id, service) DO UPDATE SET mode = excluded.mode, delay_ms = excluded.delay_ms",
    )
    .bind(agency)
    .bind(service)
    .bind(mode)
    .bind(delay)
    .execute(&mut *connection)
    .await?;
    for ((id, agency, service), was) in open.into_iter().zip(before) {
        let delay = automatic_delay(connection, &agency, &service, default_delay).await?;
        if delay == was {
            continue;
        }
        sqlx::query("UPDATE cases SET due_at = ? WHERE id = ?")
            .bind(delay.map(|delay| due_after(now, delay)))
            .bind(id)
            .execute(&mut *connection)
            .await?;
    }
    Ok(())
}

/// Every setting, most general first.
pub async fn list(connection: &mut SqliteConnection) -> Result<Vec<Setting>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT agency_id, service, mode, delay_ms FROM modes ORDER BY agency_id, service",
    )
    .fetch_all(connection)
    .await?;
    rows.iter()
        .map(|row| {
            let agency: String = row.try_get("agency_id")?;
            let service: String = row.try_get("service")?;
            Ok(Setting {
                agency: Some(agency).filter(|id| !id.is_empty()),
                service: Some(service).filter(|slug| !slug.is_empty()),
                mode: stored(row.try_get("mode")?, row.try_get("delay_ms")?),
            })
        })
        .collect()
}

fn clamped(delay_ms: u64) -> i64 {
    i64::try_from(delay_ms.min(MAXIMUM_DELAY_MS)).unwrap_or(0)
}

fn stored(mode: &str, delay_ms: Option<i64>) -> Mode {
    match mode {
        "manual" => Mode::Manual,
        _ => Mode::Automatic {
            delay_ms: delay_ms.and_then(|ms| u64::try_from(ms).ok()),
        },
    }
}

/// The delay before the automatic mode's next step on a case of `service` at `agency`, or
/// `None` when that case waits for an officer.
pub async fn automatic_delay(
    connection: &mut SqliteConnection,
    agency: &str,
    service: &str,
    default_delay: Duration,
) -> Result<Option<Duration>, sqlx::Error> {
    // A branch's cases follow its national body's setting where the branch has none of its own
    // (an operator switches "immigration", not 63 provincial offices). Without a parent the
    // NULL matches no row.
    let parent = directory::by_id(agency).and_then(|found| found.parent);
    // A setting naming the service beats one without; among those, the agency beats its
    // national body, which beats "any agency" — so the global setting comes last.
    let row: Option<(String, Option<i64>)> = sqlx::query_as(
        "SELECT mode, delay_ms FROM modes \
         WHERE agency_id IN (?, ?, '') AND service IN (?, '') \
         ORDER BY service = '', \
            CASE agency_id WHEN ? THEN 0 WHEN '' THEN 2 ELSE 1 END LIMIT 1",
    )
    .bind(agency)
    .bind(parent.as_deref())
    .bind(service)
    .bind(agency)
    .fetch_optional(connection)
    .await?;
    let mode = row.map_or(Mode::Automatic { delay_ms: None }, |(mode, delay)| {
        stored(&mode, delay)
    });
    Ok(match mode {
        Mode::Manual => None,
        Mode::Automatic { delay_ms } => Some(delay_ms.map_or(default_delay, Duration::from_millis)),
    })
}

/// When the automatic mode should take the next step of a case that just changed at `now`.
pub async fn next_step_at(
    connection: &mut SqliteConnection,
    agency: &str,
    service: &str,
    default_delay: Duration,
    now: OffsetDateTime,
) -> Result<Option<i64>, sqlx::Error> {
    let delay = automatic_delay(connection, agency, service, default_delay).await?;
    Ok(delay.map(|delay| due_after(now, delay)))
}

/// `delay` after `now`, in the unit of `due_at`.
fn due_after(now: OffsetDateTime, delay: Duration) -> i64 {
    unix_ms(now).saturating_add(i64::try_from(delay.as_millis()).unwrap_or(i64::MAX))
}
