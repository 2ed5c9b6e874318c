//! Which mode setting applies to a case, over real HTTP: the global setting and the setting of a
//! national body whose cases go to its branches.

mod support;

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::json;
use support::{application, config, Agency};

async fn status_of(agency: &Agency, reference: &str) -> String {
    let case = agency
        .get(&format!("/v1/applications/{reference}"))
        .await
        .json();
    case["status"].as_str().expect("status").to_owned()
}

#[tokio::test]
async fn a_global_manual_setting_keeps_a_new_case_waiting() {
    let agency = Agency::start(config(None)).await;
    agency.set_mode(json!({ "mode": "manual" })).await;
    let answer = agency.hand_over("HS-G1", &application("id-card")).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    // Many times the automatic delay of the tests (50 ms).
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(status_of(&agency, "HS-G1").await, "received");
    // Anything more particular still wins over it.
    agency
        .set_mode(json!({ "service": "id-card", "mode": "automatic", "delay_ms": 10 }))
        .await;
    agency.wait_for("HS-G1", "approved").await;
    agency.stop().await;
}

#[tokio::test]
async fn a_national_body_manual_setting_keeps_its_branches_cases_waiting() {
    let agency = Agency::start(config(None)).await;
    agency
        .set_mode(json!({ "agency": "immigration", "mode": "manual" }))
        .await;
    agency
        .set_mode(json!({ "agency": "social-insurance", "mode": "manual" }))
        .await;
    for (reference, service) in [
        ("HS-N1", "passport"),
        ("HS-N2", "household-health-insurance"),
    ] {
        let answer = agency.hand_over(reference, &application(service)).await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
        assert_ne!(answer.json()["agency"], "immigration");
    }
    // An automatic case handed over after them is decided; by then the worker has passed the
    // manual ones by.
    agency.hand_over("HS-A1", &application("id-card")).await;
    agency.wait_for("HS-A1", "approved").await;
    assert_eq!(status_of(&agency, "HS-N1").await, "received");
    assert_eq!(status_of(&agency, "HS-N2").await, "received");
    // The branch's own setting outranks its national body's.
    agency
        .set_mode(json!({ "agency": "immigration:01", "mode": "automatic", "delay_ms": 10 }))
        .await;
    agency.wait_for("HS-N1", "approved").await;
    agency.stop().await;
}

#[tokio::test]
async fn a_setting_that_changes_nothing_for_a_case_leaves_its_step_when_it_was() {
    let agency = Agency::start(config(None)).await;
    agency
        .set_mode(json!({ "service": "id-card", "mode": "automatic", "delay_ms": 1500 }))
        .await;
    let handed_over = tokio::time::Instant::now();
    agency.hand_over("HS-KEEP", &application("id-card")).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    // The service's own setting still outranks this one: the case's step stays at 1.5 s, not
    // 1.5 s from now.
    agency
        .set_mode(json!({ "agency": "police-residence:01", "mode": "automatic", "delay_ms": 1500 }))
        .await;
    tokio::time::sleep_until(handed_over + Duration::from_millis(1800)).await;
    assert_eq!(status_of(&agency, "HS-KEEP").await, "in_review");
    agency.stop().await;
}
