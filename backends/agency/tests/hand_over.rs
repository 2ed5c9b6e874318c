//! The hand-over API over real HTTP: the token, idempotent hand-overs, refusals of bad input,
//! routing of every service, and reading the feed through its cursor.

mod support;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use support::{application, config, statuses_of, Agency, ADMIN_TOKEN, TOKEN};

#[tokio::test]
async fn every_route_needs_its_token_but_the_openapi_document_is_public() {
    let agency = Agency::start(config(None)).await;
    let routes = [
        (Method::GET, "/v1/agencies"),
        (Method::GET, "/v1/route?service=passport&province=1"),
        (Method::GET, "/v1/changes"),
        (Method::GET, "/v1/applications/HS1"),
        (Method::PUT, "/v1/applications/HS1"),
        (Method::POST, "/v1/applications/HS1/answers"),
        (Method::GET, "/admin/modes"),
        (Method::PUT, "/admin/modes"),
        (Method::POST, "/admin/applications/HS1/status"),
    ];
    for (method, path) in routes {
        let url = format!("{}{path}", agency.base);
        // Each side's token opens its own routes only.
        let other = if path.starts_with("/admin/") {
            TOKEN
        } else {
            ADMIN_TOKEN
        };
        for token in [
            None,
            Some("portal-agency-dev-secreT"),
            Some(""),
            Some(other),
        ] {
            let mut request = agency.http.request(method.clone(), &url);
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            let answer = support::read(request.send().await.unwrap()).await;
            answer.assert_error(StatusCode::UNAUTHORIZED, "unauthorized");
        }
        // The token in another scheme is no token.
        let basic = agency
            .http
            .request(method.clone(), &url)
            .header("authorization", format!("Basic {TOKEN}"));
        let answer = support::read(basic.send().await.unwrap()).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{path}");
    }
    // The scheme's name is case-insensitive (RFC 9110, section 11.1).
    let lower = agency
        .http
        .get(format!("{}/v1/agencies", agency.base))
        .header("authorization", format!("bearer {TOKEN}"));
    assert_eq!(lower.send().await.unwrap().status(), StatusCode::OK);
    let public = agency.http.get(format!("{}/openapi.json", agency.base));
    let document = support::read(public.send().await.unwrap()).await;
    assert_eq!(document.status, StatusCode::OK);
    let paths = &document.json()["paths"];
    for path in [
        "/v1/applications/{reference}",
        "/v1/applications/{reference}/answers",
        "/v1/changes",
        "/v1/agencies",
        "/v1/route",
        "/admin/modes",
        "/admin/applications/{reference}/status",
    ] {
        assert!(paths[path].is_object(), "{path} is not documented");
    }
    agency.stop().await;
}

#[tokio::test]
async fn a_hand_over_is_created_once_repeated_as_is_and_never_changed() {
    let agency = Agency::start(config(None)).await;
    agency
        .set_mode(json!({ "service": "passport", "mode": "manual" }))
        .await;
    let body = application("passport");
    let first = agency.hand_over("HS202600000001", &body).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    assert_eq!(first.headers["cache-control"], "no-store");
    assert_eq!(first.headers["x-content-type-options"], "nosniff");
    let case = first.json();
    assert_eq!(case["agency"], "immigration:01");
    assert_eq!(case["status"], "received");
    assert_eq!(case["service"], "passport");
    assert!(case["deadline"].as_str().is_some_and(|d| d.len() == 10));
    assert_eq!(
        statuses_of(case["history"].as_array().unwrap(), "HS202600000001"),
        ["received"]
    );

    // The same body again; `tests/repeats.rs` sends it laid out differently, as raw bytes.
    let again = agency.hand_over("HS202600000001", &body).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert_eq!(again.json()["history"], case["history"]);

    let mut changed = body.clone();
    changed["answers"]["delivery"] = json!("office");
    agency
        .hand_over("HS202600000001", &changed)
        .await
        .assert_error(StatusCode::CONFLICT, "reference_conflict");
    // The stored case is the first one still, and the feed has one line for it.
    assert_eq!(
        statuses_of(&agency.feed().await, "HS202600000001"),
        ["received"]
    );
    agency
        .get("/v1/applications/HS209900000009")
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
    agency.stop().await;
}

#[tokio::test]
async fn bad_hand_overs_are_refused_with_a_4xx_that_names_the_field() {
    let agency = Agency::start(config(None)).await;
    let with = |edit: &dyn Fn(&mut Value)| {
        let mut body = application("id-card");
        edit(&mut body);
        body
    };
    let cases: Vec<(Value, StatusCode, &str, &str)> = vec![
        (
            with(&|b| b["service"] = json!("teleportation")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown_service",
            "service",
        ),
        (
            with(&|b| b["province"] = json!(3)),
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown_province",
            "province",
        ),
        (
            with(&|b| b["province"] = json!("01")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_request",
            "u16",
        ),
        (
            with(&|b| b["province"] = json!(70000)),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_request",
            "u16",
        ),
        (
            with(&|b| {
                b.as_object_mut().unwrap().remove("service");
            }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_request",
            "service",
        ),
        (
            with(&|b| b["extra"] = json!(true)),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_request",
            "extra",
        ),
        (
            with(&|b| b["applicant_id"] = json!("12345")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_personal_id",
            "applicant_id",
        ),
        (
            with(&|b| b["subject_id"] = json!("999090000001")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_personal_id",
            "subject_id",
        ),
        (
            with(&|b| b["documents"][0]["sha256"] = json!("../../etc/passwd")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_field",
            "documents[0].sha256",
        ),
        (
            with(&|b| b["documents"][0]["name"] = json!("x".repeat(256))),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_field",
            "255",
        ),
        (
            with(&|b| b["acting_for"] = json!({ "applicant_name": "", "relation": "mother" })),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_field",
            "acting_for.applicant_name",
        ),
        (
            with(&|b| b["payment"]["amount"] = json!(-1)),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_request",
            "u64",
        ),
        (
            with(&|b| b["payment"]["paid_at"] = json!("yesterday")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_field",
            "payment.paid_at",
        ),
        (
            with(&|b| b["submitted_at"] = json!("2026-13-45T99:00:00Z")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_field",
            "submitted_at",
        ),
        (
            with(&|b| b["answers"] = json!(["not", "an", "object"])),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_request",
            "map",
        ),
        (
            json!([]),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_request",
            "struct",
        ),
        (
            json!(null),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_request",
            "struct",
        ),
    ];
    for (index, (body, status, code, named)) in cases.into_iter().enumerate() {
        let answer = agency.hand_over(&format!("HS-BAD-{index}"), &body).await;
        answer.assert_error(status, code);
        let message = answer.json()["message"].as_str().unwrap().to_owned();
        assert!(message.contains(named), "case {index}: {message}");
        // Refusals never echo a personal ID number.
        assert!(!answer.body.contains(support::APPLICANT), "{}", answer.body);
    }

    let hostile: Vec<(Vec<u8>, StatusCode, &str)> = vec![
        (b"".to_vec(), StatusCode::BAD_REQUEST, "malformed_json"),
        (
            b"{\"service\": ".to_vec(),
            StatusCode::BAD_REQUEST,
            "malformed_json",
        ),
        (
            vec![0xff, 0xfe, 0x00],
            StatusCode::BAD_REQUEST,
            "malformed_json",
        ),
        // Nested past the parser's depth limit inside the opaque facts.
        (
            format!("{{\"facts\": {{\"a\": {}", "[".repeat(100_000)).into_bytes(),
            StatusCode::BAD_REQUEST,
            "malformed_json",
        ),
        (
            format!("{{\"service\": \"{}\"}}", "x".repeat(1024 * 1024)).into_bytes(),
            StatusCode::PAYLOAD_TOO_LARGE,
            "body_too_large",
        ),
    ];
    for (body, status, code) in hostile {
        let answer = agency.hand_over_raw("HS-HOSTILE", body).await;
        answer.assert_error(status, code);
    }
    let too_large = agency
        .hand_over_raw("HS-HOSTILE", vec![b' '; 2 * 1024 * 1024])
        .await;
    assert!(too_large.json()["message"]
        .as_str()
        .unwrap()
        .contains("1 MiB"));

    for reference in [
        "a".repeat(41),
        "HS%2F..%2Fx".to_owned(),
        "HS%20202".to_owned(),
    ] {
        let answer = agency.hand_over(&reference, &application("id-card")).await;
        answer.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_reference");
    }
    // Nothing refused reached the feed.
    assert!(agency.feed().await.is_empty());
    agency.stop().await;
}

/// A distinctive personal ID number sent where it does not belong.
const STRAY_NUMBER: &str = "079188877766";

/// Whether `message` gives back any four digits in a row of `STRAY_NUMBER`.
fn echoes_stray_number(message: &str) -> bool {
    STRAY_NUMBER
        .as_bytes()
        .windows(4)
        .any(|digits| message.contains(std::str::from_utf8(digits).unwrap()))
}

#[tokio::test]
async fn refusals_of_the_wrong_shape_never_echo_the_value_sent() {
    let agency = Agency::start(config(None)).await;
    let with = |edit: &dyn Fn(&mut Value)| {
        let mut body = application("id-card");
        edit(&mut body);
        body
    };
    let number: u64 = STRAY_NUMBER.parse().unwrap();
    let bodies = [
        with(&|b| b["province"] = json!(STRAY_NUMBER)),
        with(&|b| b["applicant_id"] = json!(number)),
        with(&|b| b[STRAY_NUMBER] = json!(STRAY_NUMBER)),
        with(&|b| b["acting_for"] = json!(STRAY_NUMBER)),
        with(&|b| b["documents"][0][STRAY_NUMBER] = json!(true)),
        with(&|b| b["payment"]["amount"] = json!(STRAY_NUMBER)),
    ];
    for (index, body) in bodies.into_iter().enumerate() {
        let answer = agency.hand_over(&format!("HS-ECHO-{index}"), &body).await;
        answer.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_request");
        assert!(
            !echoes_stray_number(&answer.body),
            "case {index}: {}",
            answer.body
        );
    }
    agency.hand_over("HS-ECHO", &application("id-card")).await;
    let answer = agency
        .call(
            Method::POST,
            "/v1/applications/HS-ECHO/answers",
            Some(json!({ "round": STRAY_NUMBER, "text": "x" })),
        )
        .await;
    answer.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_request");
    assert!(!echoes_stray_number(&answer.body), "{}", answer.body);
    let answer = agency
        .decide("HS-ECHO", json!({ "status": STRAY_NUMBER }))
        .await;
    answer.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_request");
    assert!(!echoes_stray_number(&answer.body), "{}", answer.body);
    agency.stop().await;
}

#[tokio::test]
async fn every_registered_service_routes_to_a_listed_agency_for_every_province() {
    let agency = Agency::start(config(None)).await;
    let listed = agency.get("/v1/agencies").await.json();
    let listed: Vec<&str> = listed["agencies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|agency| agency["id"].as_str().unwrap())
        .collect();
    for definition in domain::definitions::all() {
        let slug = definition.service.slug;
        for province in domain::provinces::PROVINCES {
            let path = format!("/v1/route?service={slug}&province={}", province.code);
            let answer = agency.get(&path).await;
            assert_eq!(answer.status, StatusCode::OK, "{path}: {}", answer.body);
            let id = answer.json()["agency"].as_str().unwrap().to_owned();
            assert!(
                listed.contains(&id.as_str()),
                "{slug} routes to unlisted {id}"
            );
        }
    }
    agency
        .get("/v1/route?service=teleportation&province=1")
        .await
        .assert_error(StatusCode::UNPROCESSABLE_ENTITY, "unknown_service");
    agency
        .get("/v1/route?service=passport&province=3")
        .await
        .assert_error(StatusCode::UNPROCESSABLE_ENTITY, "unknown_province");
    agency
        .get("/v1/route?service=passport")
        .await
        .assert_error(StatusCode::BAD_REQUEST, "invalid_query");
    agency.stop().await;
}

#[tokio::test]
async fn the_feed_resumes_after_its_cursor() {
    let agency = Agency::start(config(None)).await;
    agency
        .set_mode(json!({ "mode": "manual", "service": "id-card" }))
        .await;
    for number in 1..=3 {
        let reference = format!("HS20260000000{number}");
        let answer = agency.hand_over(&reference, &application("id-card")).await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    }
    let all = agency.get("/v1/changes?after=0").await.json();
    let changes = all["changes"].as_array().unwrap();
    let sequences: Vec<i64> = changes
        .iter()
        .map(|c| c["sequence"].as_i64().unwrap())
        .collect();
    assert_eq!(sequences.len(), 3);
    assert_eq!(all["next_after"], sequences[2]);
    let references: Vec<&str> = changes
        .iter()
        .map(|c| c["reference"].as_str().unwrap())
        .collect();
    assert_eq!(
        references,
        ["HS202600000001", "HS202600000002", "HS202600000003"]
    );
    assert!(changes
        .iter()
        .all(|c| c["status"] == "received" && c["at"].is_string()));

    let rest = agency
        .get(&format!("/v1/changes?after={}", sequences[0]))
        .await
        .json();
    assert_eq!(rest["changes"].as_array().unwrap().len(), 2);
    assert_eq!(rest["changes"][0]["sequence"], sequences[1]);
    let one = agency.get("/v1/changes?after=0&limit=1").await.json();
    assert_eq!(one["changes"].as_array().unwrap().len(), 1);
    assert_eq!(one["next_after"], sequences[0]);
    let none = agency
        .get(&format!("/v1/changes?after={}", sequences[2]))
        .await
        .json();
    assert_eq!(none["changes"], json!([]));
    assert_eq!(none["next_after"], sequences[2]);
    // A cursor past the end means the feed restarted under the poller: it must resynchronise.
    agency
        .get(&format!("/v1/changes?after={}", sequences[2] + 1))
        .await
        .assert_error(StatusCode::CONFLICT, "cursor_ahead");

    // An officer's step lands after them, once.
    let answer = agency
        .decide("HS202600000002", json!({ "status": "refused", "from": "received", "reason": { "vi": "Ảnh không hợp lệ", "en": "The photo is not valid" } }))
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let next = agency
        .get(&format!("/v1/changes?after={}", sequences[2]))
        .await
        .json();
    assert_eq!(next["changes"][0]["reference"], "HS202600000002");
    assert_eq!(next["changes"][0]["status"], "refused");
    assert_eq!(next["changes"][0]["reason"]["en"], "The photo is not valid");

    for query in ["after=-1", "after=abc", "limit=0", "limit=501", "limit=1.5"] {
        agency
            .get(&format!("/v1/changes?{query}"))
            .await
            .assert_error(StatusCode::BAD_REQUEST, "invalid_query");
    }
    agency.stop().await;
}
