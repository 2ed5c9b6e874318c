//! Free text and officers' results, over real HTTP: control characters and bidirectional
//! overrides are refused in every free-text field, and an approval's result has one shape.

mod support;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use support::{application, config, Agency};

/// Asserts a 422 `invalid_field` whose message names `field`.
fn assert_names(answer: &support::Answer, field: &str) {
    answer.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_field");
    let message = answer.json()["message"].as_str().unwrap().to_owned();
    assert!(message.contains(field), "{field}: {message}");
}

#[tokio::test]
async fn control_characters_and_bidirectional_overrides_are_refused_in_free_text() {
    let agency = Agency::start(config(None)).await;
    let with = |edit: &dyn Fn(&mut Value)| {
        let mut body = application("id-card");
        edit(&mut body);
        body
    };
    let cases: [(Value, &str); 5] = [
        (
            with(&|b| {
                b["acting_for"] = json!({ "applicant_name": "An", "relation": "mẹ\u{202E}" })
            }),
            "acting_for.relation",
        ),
        (
            with(&|b| b["acting_for"] = json!({ "applicant_name": "A\u{0}n", "relation": "mẹ" })),
            "acting_for.applicant_name",
        ),
        (
            with(&|b| b["answers"]["reason"] = json!("lost\u{7}")),
            "answers",
        ),
        (
            with(&|b| b["answers"]["note"] = json!({ "x": ["\u{2067}"] })),
            "answers",
        ),
        (
            with(&|b| b["documents"][0]["name"] = json!("a\u{1b}[31m.jpg")),
            "documents[0].name",
        ),
    ];
    for (index, (body, field)) in cases.into_iter().enumerate() {
        let answer = agency.hand_over(&format!("HS-CC-{index}"), &body).await;
        assert_names(&answer, field);
    }
    agency.set_mode(json!({ "mode": "manual" })).await;
    agency.hand_over("HS-CC", &application("id-card")).await;
    let request = json!({
        "status": "more_information_needed", "from": "received", "round": 0,
        "request": { "vi": "Gửi\u{202A} ảnh", "en": "Send a photo" },
    });
    assert_names(&agency.decide("HS-CC", request).await, "request.vi");
    let request = json!({
        "status": "more_information_needed", "from": "received", "round": 0,
        "request": { "vi": "Gửi ảnh", "en": "Send a photo" },
    });
    assert_eq!(agency.decide("HS-CC", request).await.status, StatusCode::OK);
    let answer = agency
        .call(
            Method::POST,
            "/v1/applications/HS-CC/answers",
            Some(json!({ "round": 1, "text": "Đã gửi\u{2069}" })),
        )
        .await;
    assert_names(&answer, "text");
    agency.stop().await;
}

#[tokio::test]
async fn an_approval_needs_a_record_number_and_an_issue_date() {
    let agency = Agency::start(config(None)).await;
    agency.set_mode(json!({ "mode": "manual" })).await;
    agency.hand_over("HS-RES", &application("id-card")).await;
    let approve =
        |result: Value| json!({ "status": "approved", "from": "received", "result": result });
    for (result, field) in [
        (
            json!({ "number": "", "issued_on": "2026-12-05" }),
            "result.number",
        ),
        (
            json!({ "number": "N".repeat(65), "issued_on": "2026-12-05" }),
            "result.number",
        ),
        (
            json!({ "number": "N-1", "issued_on": "tomorrow" }),
            "result.issued_on",
        ),
    ] {
        assert_names(&agency.decide("HS-RES", approve(result)).await, field);
    }
    // Nothing else rides along: the result is not a place to store arbitrary data.
    agency
        .decide(
            "HS-RES",
            approve(
                json!({ "number": "N-1", "issued_on": "2026-12-05", "blob": "x".repeat(1000) }),
            ),
        )
        .await
        .assert_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_request");
    let approved = agency
        .decide(
            "HS-RES",
            approve(json!({ "number": "N-1", "issued_on": "2026-12-05" })),
        )
        .await;
    assert_eq!(approved.status, StatusCode::OK, "{}", approved.body);
    assert_eq!(approved.json()["history"][1]["result"]["number"], "N-1");
    agency.stop().await;
}

#[tokio::test]
async fn answers_keep_to_the_documented_shapes() {
    let agency = Agency::start(config(None)).await;
    // A path that is not UTF-8 is refused as a malformed reference, in the API's error shape.
    for method in [Method::GET, Method::PUT] {
        agency
            .call(method, "/v1/applications/%FF", None)
            .await
            .assert_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_reference");
    }
    // A setting leaves out what it does not name, as the schema describes it.
    let answer = agency
        .call(
            Method::PUT,
            "/admin/modes",
            Some(json!({ "mode": "manual" })),
        )
        .await;
    assert_eq!(answer.json(), json!({ "mode": "manual" }));
    let document = agency.get("/openapi.json").await.json();
    assert!(document["paths"]["/health"]["get"].is_object());
    agency.stop().await;
}
