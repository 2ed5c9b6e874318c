//! Learns the agencies' decisions by polling their feed of case changes (`GET /v1/changes`) from
//! the cursor kept in the database (`store::agency_feed`), and turns each change into a step of
//! the application's status and timeline: received or in review → in progress; more information
//! needed → "more information needed" with the agency's request; approved → decided with the
//! agency's lines (or the record issued) after a line for each registry record it wrote; refused → refused with the agency's reason. The feed is at least once and the
//! steps are idempotent, so a replayed page, or the whole feed read again after it restarted
//! (409 `cursor_ahead`), changes nothing twice.
//!
//! Runs only when the portal is configured with an agency (`PORTAL_AGENCY_URL`). It writes no
//! registry record: the agency does when it approves (in-portal processing, `jobs::processing`,
//! does when no agency is configured).

use crate::clients::agency::{AgencyError, Change};
use crate::jobs::processing::outcome_line;
use crate::state::AppState;
use crate::store::agency_feed::{self, Step};
use crate::store::status::Status;
use domain::text::{OwnedText, Text};
use serde_json::{json, Value};

/// Changes asked for at once; a full page is followed at once by the next.
const PAGE: u32 = 100;

/// Runs until the process ends; does nothing unless an agency is configured.
pub fn spawn(state: AppState) {
    if state.agency.is_none() {
        return;
    }
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(state.config.agency_poll_interval);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            interval.tick().await;
            if let Err(error) = tick(&state).await {
                tracing::warn!(%error, "reading the agencies' feed failed; it will be tried again");
            }
        }
    });
}

/// One round: every page of changes since the cursor, applied.
async fn tick(state: &AppState) -> Result<(), sqlx::Error> {
    let Some(client) = &state.agency else {
        return Ok(());
    };
    loop {
        let after = agency_feed::cursor(&state.db).await?;
        let feed = match client.changes(after, PAGE).await {
            Ok(feed) => feed,
            Err(AgencyError::Refused { code, .. }) if code == "cursor_ahead" => {
                tracing::warn!(
                    after,
                    "the agencies' feed restarted; reading it from its start"
                );
                return agency_feed::restart(&state.db).await;
            }
            // Logged by the client; the next round tries again.
            Err(_) => return Ok(()),
        };
        let steps: Vec<Step> = feed.changes.iter().filter_map(step).collect();
        agency_feed::apply(&state.db, &steps, feed.next_after).await?;
        if feed.changes.len() < PAGE as usize {
            return Ok(());
        }
    }
}

/// What a change does to its application; `None` for a status the portal does not know.
fn step(change: &Change) -> Option<Step> {
    let step = |from, to, note: OwnedText| Step {
        reference: change.reference.clone(),
        from,
        to,
        note,
        outcome: None,
        request: None,
        notes: Vec::new(),
    };
    match change.status.as_str() {
        // After the citizen's answer the portal has already moved the application on, so an
        // `in_review` moves only one not taken up yet.
        "received" | "in_review" => Some(step(
            &[Status::Submitted],
            Status::InProgress,
            Text::new(
                "Cơ quan giải quyết đang xử lý hồ sơ",
                "The agency is processing the application",
            )
            .into(),
        )),
        "more_information_needed" => {
            let request = change.request.clone()?;
            Some(Step {
                request: Some((change.round?, request.clone())),
                ..step(
                    &[Status::Submitted, Status::InProgress],
                    Status::MoreInformation,
                    request,
                )
            })
        }
        "approved" => Some(Step {
            outcome: Some(outcome(change.result.as_ref())),
            notes: notes(change.result.as_ref()),
            ..step(
                &[Status::Submitted, Status::InProgress],
                Status::Decided,
                Text::new("Đã có kết quả giải quyết", "A decision has been made").into(),
            )
        }),
        "refused" => Some(step(
            &[
                Status::Submitted,
                Status::InProgress,
                Status::MoreInformation,
            ],
            Status::Rejected,
            change.reason.clone()?,
        )),
        _ => None,
    }
}

/// The decision's lines the citizen sees: the agency's own (`lines`, the service's outcome)
/// when it sent them, else the record it issued (an officer's approval names only that).
fn outcome(result: Option<&Value>) -> Value {
    if let Some(lines) = result.and_then(|result| result["lines"].as_array()) {
        return lines
            .iter()
            .filter_map(|line| {
                let text = |field: &str| line[field].as_str().map(str::to_owned);
                Some(json!({ "vi": text("vi")?, "en": text("en")?, "value": text("value")? }))
            })
            .collect();
    }
    let line = |label: Text, field: &str| {
        let value = result.and_then(|result| result[field].as_str())?;
        Some(outcome_line(label, value))
    };
    Value::Array(
        [
            line(Text::new("Số hồ sơ kết quả", "Record number"), "number"),
            line(Text::new("Ngày cấp", "Issued on"), "issued_on"),
        ]
        .into_iter()
        .flatten()
        .collect(),
    )
}

/// The registry records the agency wrote in deciding, for the timeline.
fn notes(result: Option<&Value>) -> Vec<OwnedText> {
    let notes = result.and_then(|result| result["notes"].as_array());
    notes
        .into_iter()
        .flatten()
        .filter_map(|note| serde_json::from_value(note.clone()).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn change(fields: Value) -> Change {
        let mut change = json!({ "sequence": 7, "reference": "HS202600000001", "at": "…" });
        change
            .as_object_mut()
            .unwrap()
            .extend(fields.as_object().unwrap().clone());
        serde_json::from_value(change).unwrap()
    }

    #[test]
    fn received_and_in_review_take_up_only_an_application_not_yet_taken_up() {
        for status in ["received", "in_review"] {
            let step = step(&change(json!({ "status": status }))).unwrap();
            assert_eq!(step.from, [Status::Submitted]);
            assert_eq!(step.to, Status::InProgress);
            assert_eq!(step.reference, "HS202600000001");
        }
    }

    #[test]
    fn a_request_carries_its_round_and_the_agencys_words() {
        let asked = change(json!({
            "status": "more_information_needed", "round": 2,
            "request": { "vi": "Vui lòng gửi ảnh", "en": "Please send a photo", "document": true },
        }));
        let step = step(&asked).unwrap();
        let words = OwnedText::new("Vui lòng gửi ảnh", "Please send a photo");
        assert_eq!(step.to, Status::MoreInformation);
        assert_eq!(step.request, Some((2, words.clone())));
        assert_eq!(step.note, words);
        // Without its round or words it cannot be answered, so it is not applied.
        let bare = change(json!({ "status": "more_information_needed" }));
        assert_eq!(super::step(&bare), None);
    }

    #[test]
    fn a_decision_carries_the_record_or_the_reason() {
        let approved = change(json!({ "status": "approved",
            "result": { "number": "TAX/2026/000003", "issued_on": "2026-12-05" } }));
        let step = step(&approved).unwrap();
        assert_eq!(step.to, Status::Decided);
        let lines = step.outcome.unwrap();
        assert_eq!(lines[0]["value"], "TAX/2026/000003");
        assert_eq!(lines[1]["en"], "Issued on");
        assert!(step.notes.is_empty());
        let refused = change(json!({ "status": "refused",
            "reason": { "vi": "Thiếu giấy tờ", "en": "Papers missing" } }));
        let step = super::step(&refused).unwrap();
        assert_eq!(step.to, Status::Rejected);
        assert!(step.from.contains(&Status::MoreInformation));
        assert_eq!(step.note.en, "Papers missing");
        assert_eq!(super::step(&change(json!({ "status": "archived" }))), None);
    }

    #[test]
    fn an_approval_with_the_agencys_lines_shows_them_and_the_registry_writes_made() {
        let approved = change(json!({ "status": "approved", "result": {
            "number": "POLICE-RESIDENCE-01/2026/000004", "issued_on": "2026-12-05",
            "lines": [{ "vi": "Đã đăng ký tạm trú đến ngày",
                        "en": "Temporary residence registered until", "value": "2027-06-01" }],
            "notes": [{ "vi": "Đã đăng ký tạm trú", "en": "Temporary residence registered" }],
        } }));
        let step = step(&approved).unwrap();
        assert_eq!(
            step.outcome.unwrap(),
            json!([{ "vi": "Đã đăng ký tạm trú đến ngày",
                     "en": "Temporary residence registered until", "value": "2027-06-01" }])
        );
        assert_eq!(
            step.notes,
            [OwnedText::new(
                "Đã đăng ký tạm trú",
                "Temporary residence registered"
            )]
        );
    }
}
