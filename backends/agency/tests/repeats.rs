//! Requests that come again, over real HTTP: a hand-over compared in its canonical form
//! however its JSON was laid out, and an officer's step sent twice.

mod support;

use reqwest::{Method, StatusCode};
use serde_json::json;
use support::{application, config, statuses_of, Agency};

/// A hand-over with nested answers and facts, its keys in the order given.
fn laid_out(answers: &str, facts: &str) -> Vec<u8> {
    format!(
        r#"{{"service":"id-card","province":1,"applicant_id":"001090000001",
        "subject_id":"001090000001","acting_for":null,"answers":{answers},"facts":{facts},
        "documents":[],"payment":null,"submitted_at":"2026-12-05T09:01:00+07:00"}}"#
    )
    .into_bytes()
}

#[tokio::test]
async fn a_hand_over_is_the_same_whatever_its_key_order_and_number_spelling() {
    let agency = Agency::start(config(None)).await;
    let first = laid_out(
        r#"{"copies":1,"delivery":{"kind":"post","address":{"ward":"A","street":"B"}}}"#,
        r#"{"person":{"full_name":"An","born":{"year":1990,"month":1}}}"#,
    );
    let answer = agency.hand_over_raw("HS-SAME", first).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    let again = laid_out(
        r#"{"delivery":{"address":{"street":"B","ward":"A"},"kind":"post"},"copies":1.0}"#,
        r#"{"person":{"born":{"month":1.0,"year":1990},"full_name":"An"}}"#,
    );
    let answer = agency.hand_over_raw("HS-SAME", again).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let changed = laid_out(
        r#"{"copies":2,"delivery":{"kind":"post","address":{"ward":"A","street":"B"}}}"#,
        r#"{"person":{"full_name":"An","born":{"year":1990,"month":1}}}"#,
    );
    agency
        .hand_over_raw("HS-SAME", changed)
        .await
        .assert_error(StatusCode::CONFLICT, "reference_conflict");
    agency.stop().await;
}

#[tokio::test]
async fn an_officers_step_sent_again_is_answered_as_done_and_a_stale_one_refused() {
    let agency = Agency::start(config(None)).await;
    agency.set_mode(json!({ "mode": "manual" })).await;
    agency.hand_over("HS-STEP", &application("id-card")).await;
    let request = json!({
        "status": "more_information_needed", "from": "received", "round": 0,
        "request": { "vi": "Vui lòng gửi ảnh", "en": "Please send a photo" },
    });
    let asked = agency.decide("HS-STEP", request.clone()).await;
    assert_eq!(asked.status, StatusCode::OK, "{}", asked.body);
    assert_eq!(asked.json()["round"], 1);
    let answered = agency
        .call(
            Method::POST,
            "/v1/applications/HS-STEP/answers",
            Some(json!({ "round": 1, "text": "Đã gửi" })),
        )
        .await;
    assert_eq!(answered.status, StatusCode::CREATED, "{}", answered.body);

    // The same request again (a retry after a lost answer) opens no second round.
    let again = agency.decide("HS-STEP", request).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    let case = again.json();
    assert_eq!(case["round"], 1, "{case}");
    assert_eq!(case["status"], "in_review", "{case}");
    // A step meant for a status the case has left is refused.
    agency
        .decide(
            "HS-STEP",
            json!({ "status": "refused", "from": "received", "reason": { "vi": "x", "en": "x" } }),
        )
        .await
        .assert_error(StatusCode::CONFLICT, "status_conflict");
    // A request for more information names the round the officer saw.
    agency
        .decide(
            "HS-STEP",
            json!({ "status": "more_information_needed", "from": "in_review",
                    "request": { "vi": "x", "en": "x" } }),
        )
        .await
        .assert_error(StatusCode::UNPROCESSABLE_ENTITY, "missing_field");
    assert_eq!(
        statuses_of(&agency.feed().await, "HS-STEP"),
        ["received", "more_information_needed", "in_review"]
    );
    agency.stop().await;
}

#[tokio::test]
async fn a_reference_handed_over_before_is_answered_before_the_body_is_checked() {
    let agency = Agency::start(config(None)).await;
    let body = application("id-card");
    let first = agency.hand_over("HS-KNOWN", &body).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    // Another body under a known reference is a conflict, whatever is wrong with it.
    let mut invalid = body.clone();
    invalid["service"] = json!("teleportation");
    agency
        .hand_over("HS-KNOWN", &invalid)
        .await
        .assert_error(StatusCode::CONFLICT, "reference_conflict");
    agency
        .hand_over("HS-UNKNOWN", &invalid)
        .await
        .assert_error(StatusCode::UNPROCESSABLE_ENTITY, "unknown_service");
    agency.stop().await;
}
