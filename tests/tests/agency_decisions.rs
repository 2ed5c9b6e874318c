//! The agency decides and writes the registry (`PORTAL_AGENCY_URL` set): a temporary residence
//! at a home whose owner agrees through the portal, walked in the browser. The portal keeps the
//! application until the owner answers, then hands it over with the answer; the agency, while
//! the registry is down, keeps the case in review; once the registry is back it registers the
//! residence, under the agencies' own credential, exactly once; and the citizen reads the
//! agency's lines and the registry write on their application's page.
//!
//! One browser mode only: the pages are the in-portal path's, tested in both modes elsewhere;
//! what is new here is behind the portal.

use portal_tests::journeys::{
    answer_request, choose, continue_on, declare_and_send, give_address, person, reference,
    start_in_browser, typed_in_days, typed_iso, wait_for_decision,
};
use portal_tests::{Mode, Stack};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

const SLUG: &str = "temporary-residence";

/// Polls `check` every 200 ms until it holds, for at most `limit`.
fn eventually(limit: Duration, mut check: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if check() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    false
}

/// A call to the agency stand-in: its operator routes, or its hand-over API as the portal.
fn agency(stack: &Stack, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
    let url = format!("{}{path}", stack.inner.agency_url());
    let token = if path.starts_with("/admin/") {
        agency::DEVELOPMENT_ADMIN_TOKEN
    } else {
        agency::DEVELOPMENT_PORTAL_TOKEN
    };
    stack.block_on(async move {
        let mut request = reqwest::Client::new()
            .request(method, url)
            .bearer_auth(token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("the agency answers");
        response.json().await.unwrap_or(Value::Null)
    })
}

/// The registry's own audit of the residence registrations, by client.
fn registrations_by(stack: &Stack, client: &str) -> i64 {
    let database = stack.data_dir().join("registry.sqlite3");
    stack.block_on(async move {
        let pool = sqlx::SqlitePool::connect(&format!("sqlite:{}", database.display()))
            .await
            .unwrap();
        let count = sqlx::query_scalar(
            "SELECT COUNT(*) FROM access_log WHERE client = $1 \
             AND resource = 'register_temporary_residence' AND outcome = 'ok'",
        )
        .bind(client)
        .fetch_one(&pool)
        .await
        .unwrap();
        pool.close().await;
        count
    })
}

#[test]
fn the_agency_registers_an_agreed_temporary_residence_once_the_registry_is_back() {
    let stack = Stack::start_with(|portal| {
        // Any URL asks for the hand-over; the stack puts the stand-in's own in its place.
        portal.agency_url = Some("http://agency.invalid".into());
        portal.agency_poll_interval = Duration::from_millis(200);
    });
    let personas = stack.personas();
    let (citizen, owner) = (personas.plain_adult.clone(), personas.single_adult.clone());
    // The agency waits for an officer until the registry is down, so that it decides then.
    let manual = json!({ "service": SLUG, "mode": "manual" });
    agency(&stack, reqwest::Method::PUT, "/admin/modes", Some(manual));

    let mode = Mode::NoJavaScript;
    let mut browser = start_in_browser(&stack, mode, SLUG, &citizen);
    give_address(
        &mut browser,
        "Hà Nội",
        "Phường Dịch Vọng",
        "Số 8, ngõ 12, phố Trần Thái Tông",
    );
    browser.fill("Tạm trú đến ngày", &typed_in_days(180));
    continue_on(&browser);
    let owner_record = person(&stack, SLUG, &owner);
    choose(&browser, "Chủ nhà đồng ý qua cổng dịch vụ công");
    continue_on(&browser);
    browser.fill("Số định danh cá nhân của chủ nhà", &owner);
    browser.fill(
        "Họ và tên chủ nhà",
        owner_record["full_name"].as_str().unwrap(),
    );
    browser.fill(
        "Ngày sinh của chủ nhà",
        &typed_iso(owner_record["date_of_birth"].as_str().unwrap()),
    );
    continue_on(&browser);
    declare_and_send(&browser, Some("Vietcombank"));
    let reference = reference(&browser);
    let case_path = format!("/v1/applications/{reference}");

    // Nothing reaches the agency before the owner agrees.
    let name = person(&stack, SLUG, &citizen)["full_name"]
        .as_str()
        .unwrap()
        .to_string();
    let not_yet = || {
        std::thread::sleep(Duration::from_secs(1));
        let case = agency(&stack, reqwest::Method::GET, &case_path, None);
        assert_eq!(
            case["code"], "not_found",
            "handed over before the agreement"
        );
    };
    answer_request(&stack, mode, &owner, &name, not_yet, true);
    assert!(
        eventually(Duration::from_secs(20), || {
            agency(&stack, reqwest::Method::GET, &case_path, None)["status"] == "received"
        }),
        "handed over once the owner agreed"
    );

    // The registry goes down; the agency decides automatically again and cannot write.
    stack.registry_outage(true);
    let automatic = json!({ "service": SLUG, "mode": "automatic", "delay_ms": 100 });
    agency(
        &stack,
        reqwest::Method::PUT,
        "/admin/modes",
        Some(automatic),
    );
    assert!(eventually(Duration::from_secs(10), || {
        agency(&stack, reqwest::Method::GET, &case_path, None)["status"] == "in_review"
    }));
    std::thread::sleep(Duration::from_secs(3));
    let case = agency(&stack, reqwest::Method::GET, &case_path, None);
    assert_eq!(
        case["status"], "in_review",
        "no decision without the registry"
    );

    stack.registry_outage(false);
    let decision = wait_for_decision(&browser, &stack, &reference);
    assert!(
        decision.contains("Đã đăng ký tạm trú đến ngày"),
        "the agency's line: {decision}"
    );
    let portal = stack.portal_database().to_owned();
    let written: i64 = stack.block_on(async move {
        let db = server::db::connect(&portal).await.unwrap();
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM application_events e JOIN applications a \
             ON a.id = e.application_id WHERE a.reference = $1 \
             AND e.note_en = 'Temporary residence registered'",
        )
        .bind(&reference)
        .fetch_one(&db)
        .await
        .unwrap()
    });
    assert_eq!(written, 1, "the registry write, once on the timeline");
    assert!(
        !decision.contains("Số hồ sơ kết quả"),
        "not a bare record number: {decision}"
    );
    let record = person(&stack, SLUG, &citizen);
    assert_eq!(
        record["temporary_residence"]["commune"], "Phường Dịch Vọng",
        "written to the registry: {record}"
    );
    assert_eq!(registrations_by(&stack, "agency"), 1, "written once");
    assert_eq!(
        registrations_by(&stack, "portal"),
        0,
        "by the agency, not the portal"
    );
}
