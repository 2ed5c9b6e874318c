//! How cases move on, over real HTTP: the automatic mode, the manual mode, requests for more
//! information answered round by round, and a restart on the same database file.

mod support;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use support::{application, config, statuses_of, Agency};

#[tokio::test]
async fn the_automatic_mode_approves_and_the_feed_shows_each_step_exactly_once() {
    let agency = Agency::start(config(None)).await;
    let answer = agency
        .hand_over("HS202600000010", &application("motorbike-registration"))
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    let case = agency.wait_for("HS202600000010", "approved").await;
    assert_eq!(case["agency"], "traffic-police:01");
    let number = case["history"][2]["result"]["number"].as_str().unwrap();
    assert!(number.starts_with("TRAFFIC-POLICE-01/"), "{number}");
    let feed = agency.feed().await;
    assert_eq!(
        statuses_of(&feed, "HS202600000010"),
        ["received", "in_review", "approved"]
    );
    // A decided case takes no officer's step.
    agency
        .decide(
            "HS202600000010",
            json!({ "status": "refused", "from": "approved", "reason": { "vi": "x", "en": "x" } }),
        )
        .await
        .assert_error(StatusCode::CONFLICT, "status_conflict");
    agency.stop().await;
}

#[tokio::test]
async fn manual_agencies_and_services_leave_cases_received_until_switched_back() {
    let agency = Agency::start(config(None)).await;
    agency
        .set_mode(json!({ "agency": "immigration:01", "mode": "manual" }))
        .await;
    agency
        .set_mode(json!({ "service": "tax-registration", "mode": "manual" }))
        .await;
    for (reference, service) in [("HS-M1", "passport"), ("HS-M2", "tax-registration")] {
        let answer = agency.hand_over(reference, &application(service)).await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    }
    // An automatic case handed over after them is decided; by then the worker has passed the
    // manual ones by.
    agency.hand_over("HS-A1", &application("id-card")).await;
    agency.wait_for("HS-A1", "approved").await;
    for reference in ["HS-M1", "HS-M2"] {
        let case = agency
            .get(&format!("/v1/applications/{reference}"))
            .await
            .json();
        assert_eq!(case["status"], "received", "{case}");
    }
    let modes = agency.get("/admin/modes").await.json();
    assert_eq!(modes["settings"].as_array().unwrap().len(), 2, "{modes}");

    // The service at this one agency outranks the agency's own setting.
    agency
        .set_mode(json!({ "agency": "immigration:01", "service": "passport", "mode": "automatic", "delay_ms": 10 }))
        .await;
    agency.wait_for("HS-M1", "approved").await;
    agency
        .set_mode(json!({ "service": "tax-registration", "mode": "automatic" }))
        .await;
    agency.wait_for("HS-M2", "approved").await;

    for (setting, code) in [
        (
            json!({ "agency": "nowhere:01", "mode": "manual" }),
            "unknown_agency",
        ),
        (
            json!({ "service": "teleportation", "mode": "manual" }),
            "unknown_service",
        ),
        (json!({ "mode": "manual", "delay_ms": 5 }), "invalid_field"),
        (
            json!({ "mode": "automatic", "delay_ms": 100_000_000 }),
            "invalid_field",
        ),
        (json!({ "mode": "sometimes" }), "invalid_request"),
    ] {
        agency
            .call(Method::PUT, "/admin/modes", Some(setting))
            .await
            .assert_error(StatusCode::UNPROCESSABLE_ENTITY, code);
    }
    agency.stop().await;
}

async fn answer(agency: &Agency, reference: &str, body: Value) -> support::Answer {
    let path = format!("/v1/applications/{reference}/answers");
    agency.call(Method::POST, &path, Some(body)).await
}

#[tokio::test]
async fn answers_go_to_the_open_round_once() {
    let agency = Agency::start(config(None)).await;
    agency
        .set_mode(json!({ "service": "permanent-residence", "mode": "manual" }))
        .await;
    let reference = "HS202600000020";
    agency
        .hand_over(reference, &application("permanent-residence"))
        .await;
    let first = json!({ "round": 1, "text": "Đây là hợp đồng thuê nhà", "documents": [] });
    // Nothing has been asked yet.
    answer(&agency, reference, first.clone())
        .await
        .assert_error(StatusCode::CONFLICT, "wrong_round");

    let request = json!({
        "status": "more_information_needed", "from": "received", "round": 0,
        "request": { "vi": "Vui lòng gửi hợp đồng thuê nhà", "en": "Please send the rental contract", "document": true },
    });
    let asked = agency.decide(reference, request.clone()).await;
    assert_eq!(asked.status, StatusCode::OK, "{}", asked.body);
    assert_eq!(asked.json()["round"], 1);
    answer(&agency, reference, json!({ "round": 2, "text": "early" }))
        .await
        .assert_error(StatusCode::CONFLICT, "wrong_round");
    answer(&agency, reference, json!({ "round": 1 }))
        .await
        .assert_error(StatusCode::UNPROCESSABLE_ENTITY, "empty_answer");
    answer(&agency, reference, json!({ "round": 0, "text": "zero" }))
        .await
        .assert_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_field");

    let answered = answer(&agency, reference, first.clone()).await;
    assert_eq!(answered.status, StatusCode::CREATED, "{}", answered.body);
    assert_eq!(answered.json()["status"], "in_review");
    let repeated = answer(&agency, reference, first.clone()).await;
    assert_eq!(repeated.status, StatusCode::OK, "{}", repeated.body);
    answer(
        &agency,
        reference,
        json!({ "round": 1, "text": "something else" }),
    )
    .await
    .assert_error(StatusCode::CONFLICT, "answer_conflict");

    // A second request opens round 2, and round 1 is still answered as it was.
    let mut request = request;
    request["from"] = json!("in_review");
    request["round"] = json!(1);
    let asked = agency.decide(reference, request).await;
    assert_eq!(asked.json()["round"], 2);
    assert_eq!(
        answer(&agency, reference, first).await.status,
        StatusCode::OK
    );
    let second = answer(
        &agency,
        reference,
        json!({ "round": 2, "text": "Bản sao đã gửi" }),
    )
    .await;
    assert_eq!(second.status, StatusCode::CREATED, "{}", second.body);

    let feed = agency.feed().await;
    assert_eq!(
        statuses_of(&feed, reference),
        [
            "received",
            "more_information_needed",
            "in_review",
            "more_information_needed",
            "in_review"
        ]
    );
    let asked = feed
        .iter()
        .find(|c| c["status"] == "more_information_needed")
        .unwrap();
    assert_eq!(asked["request"]["document"], true);
    assert_eq!(asked["round"], 1);
    assert_eq!(asked["request"]["en"], "Please send the rental contract");
    answer(&agency, "HS-NONE", json!({ "round": 1, "text": "?" }))
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
    agency.stop().await;
}

#[tokio::test]
async fn a_restart_on_the_same_file_keeps_cases_feed_and_modes_and_the_worker_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("agency.sqlite3").display().to_string();

    let before = Agency::start(config(Some(file.clone()))).await;
    before
        .set_mode(json!({ "service": "marriage-registration", "mode": "manual" }))
        .await;
    // Far longer than the test: the first agency cannot take the step before it stops.
    before
        .set_mode(json!({ "service": "judicial-record", "mode": "automatic", "delay_ms": 60_000 }))
        .await;
    before
        .hand_over("HS-R1", &application("marriage-registration"))
        .await;
    before
        .hand_over("HS-R2", &application("judicial-record"))
        .await;
    let feed_before = before.feed().await;
    before.stop().await;

    let after = Agency::start(config(Some(file))).await;
    let feed_after = after.feed().await;
    assert_eq!(feed_after[..feed_before.len()], feed_before[..]);
    let case = after.get("/v1/applications/HS-R1").await.json();
    assert_eq!(case["status"], "received");
    assert_eq!(case["agency"], "commune-justice:01");
    // Nothing moved the case before the restart, so what follows is the new process's doing.
    let case = after.get("/v1/applications/HS-R2").await.json();
    assert_eq!(case["status"], "received", "{case}");
    // The worker of the new process takes up the step, rescheduled by a shorter delay.
    after
        .set_mode(json!({ "service": "judicial-record", "mode": "automatic", "delay_ms": 20 }))
        .await;
    after.wait_for("HS-R2", "approved").await;
    assert_eq!(
        statuses_of(&after.feed().await, "HS-R2"),
        ["received", "in_review", "approved"]
    );
    // The manual setting came through the restart too.
    assert_eq!(
        after.get("/v1/applications/HS-R1").await.json()["status"],
        "received"
    );
    let modes = after.get("/admin/modes").await.json();
    assert_eq!(modes["settings"].as_array().unwrap().len(), 2, "{modes}");
    // A repeated hand-over after the restart is recognised.
    let again = after
        .hand_over("HS-R1", &application("marriage-registration"))
        .await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    after.stop().await;
}

#[tokio::test]
async fn concurrent_hand_overs_each_appear_once_per_step_with_no_gap_in_the_feed() {
    // A file, so that the pool has several connections writing at once; in memory it has one.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("agency.sqlite3").display().to_string();
    let agency = std::sync::Arc::new(Agency::start(config(Some(file))).await);
    let mut sent = Vec::new();
    for number in 0..20 {
        // Each reference twice at once: exactly one of the pair creates the case.
        for _ in 0..2 {
            let agency = agency.clone();
            sent.push(tokio::spawn(async move {
                let reference = format!("HS-C{number}");
                agency
                    .hand_over(&reference, &application("id-card"))
                    .await
                    .status
            }));
        }
    }
    let mut created = 0;
    for handle in sent {
        match handle.await.unwrap() {
            StatusCode::CREATED => created += 1,
            status => assert_eq!(status, StatusCode::OK),
        }
    }
    assert_eq!(created, 20);
    for number in 0..20 {
        agency.wait_for(&format!("HS-C{number}"), "approved").await;
    }
    let feed = agency.feed().await;
    for number in 0..20 {
        let reference = format!("HS-C{number}");
        assert_eq!(
            statuses_of(&feed, &reference),
            ["received", "in_review", "approved"]
        );
        // Every line of the case's history is on the feed, and nothing else of it.
        let case = agency
            .get(&format!("/v1/applications/{reference}"))
            .await
            .json();
        let on_feed: Vec<&Value> = feed
            .iter()
            .filter(|c| c["reference"] == *reference)
            .collect();
        let history: Vec<&Value> = case["history"].as_array().unwrap().iter().collect();
        assert_eq!(on_feed, history, "{reference}");
    }
    assert_eq!(feed.len(), 60);
    match std::sync::Arc::try_unwrap(agency) {
        Ok(agency) => agency.stop().await,
        Err(_) => panic!("a request task still holds the agency"),
    }
}
