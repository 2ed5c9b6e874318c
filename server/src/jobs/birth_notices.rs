//! Proactive newborn registration: the portal follows the registry's feed of birth notices sent by
//! hospitals and, for each, prepares the newborn application for the mother (and the father, when
//! he is known) with everything prefilled, then tells them — so that the parents only have to
//! choose a name, and the baby can have its papers before it leaves hospital.

use crate::clients::registry_client::CallContext;
use crate::clock::now;
use crate::journey::sources::read_sources;
use crate::state::AppState;
use crate::store::applications::{self, NewDraft};
use domain::definitions;
use serde::Deserialize;
use serde_json::json;

const FEED: &str = "birth-notices";
const SERVICE: &str = "newborn";

#[derive(Deserialize)]
struct FeedEntry {
    sequence: i64,
    notice_number: String,
    mother_id: String,
    father_id: Option<String>,
}

/// Runs until the process ends, following the feed every processing interval.
pub fn spawn(state: AppState) {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(state.config.processing_interval);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            interval.tick().await;
            follow(&state).await;
        }
    });
}

/// Reads what arrived since last time and prepares an application for each parent. A failure
/// leaves the cursor where it was, so the notice is taken up again next round; preparing is
/// idempotent per notice and parent.
pub async fn follow(state: &AppState) {
    let position: i64 = sqlx::query_scalar("SELECT position FROM feed_cursors WHERE feed = $1")
        .bind(FEED)
        .fetch_optional(&state.db)
        .await
        .ok()
        .flatten()
        .unwrap_or(0);
    let read = CallContext {
        actor: "portal",
        subject: "",
        purpose: SERVICE,
        request_id: None,
    };
    let Ok(entries) = state
        .registry
        .read::<Vec<FeedEntry>>(
            &read,
            "/v1/birth-notices/feed",
            &json!({ "after": position }),
        )
        .await
    else {
        return;
    };
    for entry in entries {
        let parents = std::iter::once(&entry.mother_id).chain(entry.father_id.as_ref());
        for parent in parents {
            if prepare(state, &entry.notice_number, parent).await.is_err() {
                return;
            }
        }
        let _ = sqlx::query(
            "INSERT INTO feed_cursors (feed, position) VALUES ($1, $2) ON CONFLICT (feed) DO UPDATE SET position = excluded.position",
        )
        .bind(FEED)
        .bind(entry.sequence)
        .execute(&state.db)
        .await;
    }
}

async fn prepare(state: &AppState, notice_number: &str, parent: &str) -> Result<(), ()> {
    let done: Option<String> = sqlx::query_scalar(
        "SELECT application_id FROM prepared_applications WHERE source_reference = $1 AND citizen_id = $2",
    )
    .bind(notice_number)
    .bind(parent)
    .fetch_optional(&state.db)
    .await
    .map_err(drop)?;
    if done.is_some() {
        return Ok(());
    }
    let definition = definitions::by_slug(SERVICE).expect("the newborn service is defined");
    let read = CallContext {
        actor: "portal",
        subject: parent,
        purpose: SERVICE,
        request_id: None,
    };
    let context = read_sources(state, &read, definition).await.map_err(drop)?;
    let draft = NewDraft {
        service: SERVICE,
        applicant_id: parent,
        subject_id: parent,
        context: &context,
        lifetime_secs: state.config.draft_lifetime.as_secs() as i64,
    };
    let id = applications::create_draft(&state.db, draft)
        .await
        .map_err(drop)?;
    let mut tx = state.db.begin().await.map_err(drop)?;
    sqlx::query("INSERT INTO prepared_applications (source_reference, citizen_id, application_id) VALUES ($1, $2, $3)")
        .bind(notice_number)
        .bind(parent)
        .bind(&id)
        .execute(&mut *tx)
        .await
        .map_err(drop)?;
    sqlx::query(
        "INSERT INTO outbox (recipient_id, channel, subject_vi, subject_en, link, created_at) VALUES ($1, 'email', $2, $3, $4, $5)",
    )
    .bind(parent)
    .bind("Bệnh viện đã gửi giấy chứng sinh của bé. Hồ sơ khai sinh đã được chuẩn bị sẵn: bạn chỉ cần đặt tên cho bé.")
    .bind("The hospital has sent your baby's birth notice. The birth registration is ready: you only need to choose the name.")
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
    pub subject_vi: String,
    pub subject_en: String,
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
            subject_vi,
            subject_en,
            link,
        })
        .collect()
}
