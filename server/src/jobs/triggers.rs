//! Applications prepared before anyone asks: for every service that declares a trigger, the
//! portal follows the registry feed it names and, for each entry, prepares the service's
//! application for each person the entry concerns, with everything prefilled, then tells them
//! (a hospital's birth notice prepares the newborn's registration for its parents, so that they
//! only have to choose a name). Also the notifications those messages become on the account page.

use crate::clients::registry_client::CallContext;
use crate::clock::now;
use crate::journey::sources::read_sources;
use crate::state::AppState;
use crate::store::applications::{self, NewDraft};
use domain::definitions;
use domain::engine::{Definition, Trigger};
use domain::text::OwnedText;
use serde::Deserialize;
use serde_json::{json, Value};

/// An entry of a trigger's feed: its position, and the fields the trigger names.
#[derive(Deserialize)]
struct FeedEntry {
    sequence: i64,
    #[serde(flatten)]
    fields: serde_json::Map<String, Value>,
}

impl FeedEntry {
    fn text(&self, field: &str) -> Option<&str> {
        self.fields.get(field).and_then(Value::as_str)
    }
}

/// Runs until the process ends, following every feed each processing interval.
pub fn spawn(state: AppState) {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(state.config.processing_interval);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            interval.tick().await;
            follow_all(&state).await;
        }
    });
}

/// Follows the feed of every service that declares a trigger.
pub async fn follow_all(state: &AppState) {
    for definition in definitions::all() {
        if let Some(trigger) = &definition.trigger {
            follow(state, definition, trigger).await;
        }
    }
}

/// Reads what arrived since last time and prepares an application for each person concerned. A
/// failure leaves the cursor where it was, so the entry is taken up again next round; preparing
/// is idempotent per entry and person.
async fn follow(state: &AppState, definition: &'static Definition, trigger: &Trigger) {
    let position: i64 = sqlx::query_scalar("SELECT position FROM feed_cursors WHERE feed = $1")
        .bind(trigger.feed)
        .fetch_optional(&state.db)
        .await
        .ok()
        .flatten()
        .unwrap_or(0);
    let read = CallContext {
        actor: "portal",
        subject: "",
        purpose: definition.slug(),
        request_id: None,
    };
    let Ok(entries) = state
        .registry
        .read::<Vec<FeedEntry>>(&read, trigger.endpoint, &json!({ "after": position }))
        .await
    else {
        return;
    };
    for entry in entries {
        let Some(reference) = entry.text(trigger.reference) else {
            return;
        };
        let recipients = trigger
            .recipients
            .iter()
            .filter_map(|field| entry.text(field));
        for recipient in recipients {
            if prepare(state, definition, trigger, reference, recipient)
                .await
                .is_err()
            {
                return;
            }
        }
        let _ = sqlx::query(
            "INSERT INTO feed_cursors (feed, position) VALUES ($1, $2) ON CONFLICT (feed) DO UPDATE SET position = excluded.position",
        )
        .bind(trigger.feed)
        .bind(entry.sequence)
        .execute(&state.db)
        .await;
    }
}

async fn prepare(
    state: &AppState,
    definition: &'static Definition,
    trigger: &Trigger,
    reference: &str,
    recipient: &str,
) -> Result<(), ()> {
    let done: Option<String> = sqlx::query_scalar(
        "SELECT application_id FROM prepared_applications WHERE source_reference = $1 AND citizen_id = $2",
    )
    .bind(reference)
    .bind(recipient)
    .fetch_optional(&state.db)
    .await
    .map_err(drop)?;
    if done.is_some() {
        return Ok(());
    }
    let read = CallContext {
        actor: "portal",
        subject: recipient,
        purpose: definition.slug(),
        request_id: None,
    };
    let context = read_sources(state, &read, definition).await.map_err(drop)?;
    let draft = NewDraft {
        service: definition.slug(),
        applicant_id: recipient,
        subject_id: recipient,
        context: &context,
        lifetime_secs: state.config.draft_lifetime.as_secs() as i64,
    };
    let id = applications::create_draft(&state.db, draft)
        .await
        .map_err(drop)?;
    let mut tx = state.db.begin().await.map_err(drop)?;
    sqlx::query("INSERT INTO prepared_applications (source_reference, citizen_id, application_id) VALUES ($1, $2, $3)")
        .bind(reference)
        .bind(recipient)
        .bind(&id)
        .execute(&mut *tx)
        .await
        .map_err(drop)?;
    sqlx::query(
        "INSERT INTO outbox (recipient_id, channel, subject_vi, subject_en, link, created_at) VALUES ($1, 'email', $2, $3, $4, $5)",
    )
    .bind(recipient)
    .bind(trigger.notification.vi)
    .bind(trigger.notification.en)
    // To the prepared application itself, which leads to its first unanswered question.
    .bind(format!("/applications/{id}/check"))
    .bind(now())
    .execute(&mut *tx)
    .await
    .map_err(drop)?;
    tx.commit().await.map_err(drop)
}

/// A message for the account page.
pub struct Notification {
    pub at: i64,
    pub subject: OwnedText,
    pub link: String,
}

pub async fn notifications(state: &AppState, citizen: &str) -> Vec<Notification> {
    let rows: Vec<(i64, String, String, String)> = sqlx::query_as(
        "SELECT created_at, subject_vi, subject_en, link FROM outbox WHERE recipient_id = $1 ORDER BY id DESC LIMIT 5",
    )
    .bind(citizen)
    .fetch_all(&state.db)
    .await
    .unwrap_or_default();
    rows.into_iter()
        .map(|(at, subject_vi, subject_en, link)| Notification {
            at,
            subject: OwnedText::new(subject_vi, subject_en),
            link,
        })
        .collect()
}
