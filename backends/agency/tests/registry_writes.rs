//! Approving writes the decision into the registry, over real HTTP to the real registry
//! stand-in: a temporary residence handed over is registered in the registry under the agencies'
//! own credential and the service's purpose, and the approval on the feed carries the
//! definition's lines and the write's note; while the registry is down the case waits in review
//! and is approved once it is back, the record written exactly once; a write the registry
//! refuses refuses the case with a reason the citizen reads.

mod support;

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{json, Value};
use support::{config, statuses_of, Agency};

/// A registry stand-in of a few citizens, with its admin routes (faults) on.
struct Registry {
    running: registry::Running,
    url: String,
    _dir: tempfile::TempDir,
    database: String,
}

impl Registry {
    async fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let database = dir.path().join("registry.sqlite3").display().to_string();
        let running = registry::start(registry::Config {
            addr: "127.0.0.1:0".parse().unwrap(),
            database: database.clone(),
            citizens: 2_000,
            admin: true,
            ..registry::Config::default()
        })
        .await
        .expect("the registry starts");
        let url = format!("http://{}", running.addr);
        Self {
            running,
            url,
            _dir: dir,
            database,
        }
    }

    async fn outage(&self, down: bool) {
        let client = reqwest::Client::new();
        let url = format!("{}/admin/faults", self.url);
        let request = if down {
            client
                .post(url)
                .json(&json!({ "endpoint": "*", "outage": true }))
        } else {
            client.delete(url)
        };
        assert!(request.send().await.unwrap().status().is_success());
    }

    /// The person's record, read as the portal reads it for the service.
    async fn person(&self, personal_id: &str) -> Value {
        reqwest::Client::new()
            .post(format!("{}/v1/people/get", self.url))
            .bearer_auth("portal-dev-secret")
            .header("x-purpose", "temporary-residence")
            .json(&json!({ "personal_id": personal_id }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    /// The registry's own audit of the writes made with the agencies' credential:
    /// (purpose, resource, outcome) per write actually made.
    async fn agency_writes(&self) -> Vec<(String, String, String)> {
        let pool = sqlx::SqlitePool::connect(&format!("sqlite:{}", self.database))
            .await
            .unwrap();
        let rows = sqlx::query_as(
            "SELECT purpose, resource, outcome FROM access_log WHERE client = 'agency' ORDER BY rowid",
        )
        .fetch_all(&pool)
        .await
        .unwrap();
        pool.close().await;
        rows
    }
}

/// The agency, writing to `registry` with the agencies' development credential.
async fn agency_writing_to(registry: &Registry) -> Agency {
    Agency::start(agency::Config {
        registry_url: registry.url.clone(),
        ..config(None)
    })
    .await
}

/// A temporary residence of `personal_id` in Hà Nội until `until`, as the portal hands it over.
fn temporary_residence(personal_id: &str, street: &str, until: &str) -> Value {
    json!({
        "service": "temporary-residence",
        "province": 1,
        "applicant_id": personal_id,
        "subject_id": personal_id,
        "acting_for": null,
        "answers": { "province": "1", "commune": "Phường Láng", "street": street,
                     "until": until, "home_basis": "rental_contract",
                     "contract_number": "HD-2026-01" },
        "facts": {},
        "documents": [],
        "payment": { "payment_id": "pay-1", "amount": 7000, "paid_at": "2026-12-05T09:00:00+07:00" },
        "submitted_at": "2026-12-05T09:01:00+07:00",
    })
}

fn until() -> String {
    let today = time::OffsetDateTime::now_utc().date();
    (today + time::Duration::days(180)).to_string()
}

#[tokio::test]
async fn an_approval_registers_the_temporary_residence_in_the_registry() {
    let registry = Registry::start().await;
    let citizen = registry.running.generated.personas.plain_adult.clone();
    let agency = agency_writing_to(&registry).await;
    let until = until();
    let street = "Số 7, ngõ 12, phố Chùa Láng";
    let answer = agency
        .hand_over(
            "HS202600000101",
            &temporary_residence(&citizen, street, &until),
        )
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);

    let case = agency.wait_for("HS202600000101", "approved").await;
    let result = &case["history"][2]["result"];
    assert_eq!(
        result["lines"],
        json!([{ "vi": "Đã đăng ký tạm trú đến ngày",
                 "en": "Temporary residence registered until", "value": until }])
    );
    assert_eq!(
        result["notes"],
        json!([{ "vi": "Đã đăng ký tạm trú", "en": "Temporary residence registered" }])
    );
    assert!(result["number"]
        .as_str()
        .unwrap()
        .starts_with("POLICE-RESIDENCE-01/"));

    let person = registry.person(&citizen).await;
    assert_eq!(person["temporary_residence"]["street"], street, "{person}");
    assert_eq!(
        registry.agency_writes().await,
        [(
            "temporary-residence".to_owned(),
            "register_temporary_residence".to_owned(),
            "ok".to_owned()
        )],
        "written once, under the agencies' credential and the service's purpose"
    );
    agency.stop().await;
}

#[tokio::test]
async fn while_the_registry_is_down_the_case_waits_in_review_and_is_written_once_when_it_is_back() {
    let registry = Registry::start().await;
    let citizen = registry.running.generated.personas.plain_adult.clone();
    let agency = agency_writing_to(&registry).await;
    registry.outage(true).await;
    let street = "Số 9, ngõ 3, phố Huế";
    agency
        .hand_over(
            "HS202600000102",
            &temporary_residence(&citizen, street, &until()),
        )
        .await;
    agency.wait_for("HS202600000102", "in_review").await;
    // Several rounds of the worker find the registry down; the case stays in review.
    tokio::time::sleep(Duration::from_millis(2_500)).await;
    let case = agency.get("/v1/applications/HS202600000102").await.json();
    assert_eq!(case["status"], "in_review", "{case}");

    registry.outage(false).await;
    agency.wait_for("HS202600000102", "approved").await;
    assert_eq!(
        statuses_of(&agency.feed().await, "HS202600000102"),
        ["received", "in_review", "approved"],
        "no approval was published while the registry was down"
    );
    let person = registry.person(&citizen).await;
    assert_eq!(person["temporary_residence"]["street"], street, "{person}");
    assert_eq!(registry.agency_writes().await.len(), 1, "written once");
    agency.stop().await;
}

#[tokio::test]
async fn a_write_the_registry_refuses_refuses_the_case_with_a_reason_for_the_citizen() {
    let registry = Registry::start().await;
    let agency = agency_writing_to(&registry).await;
    // A valid ID number nobody in the registry has.
    agency
        .hand_over(
            "HS202600000103",
            &temporary_residence("001090999991", "Số 1, phố Huế", &until()),
        )
        .await;
    let case = agency.wait_for("HS202600000103", "refused").await;
    assert_eq!(
        case["history"][2]["reason"]["en"],
        "The registry did not accept the decision; the agency will contact you"
    );
    agency.stop().await;
}

#[tokio::test]
async fn no_other_step_lands_while_an_approval_is_writing_the_registry() {
    let registry = Registry::start().await;
    let citizen = registry.running.generated.personas.plain_adult.clone();
    let agency = agency_writing_to(&registry).await;
    // Every registry call takes two seconds, so the worker's approval is still writing when an
    // officer refuses the case it found in review.
    let slow = reqwest::Client::new()
        .post(format!("{}/admin/faults", registry.url))
        .json(&json!({ "endpoint": "*", "latency_ms": 2_000 }))
        .send()
        .await
        .unwrap();
    assert!(slow.status().is_success());
    let street = "Số 4, ngõ 8, phố Kim Mã";
    agency
        .hand_over(
            "HS202600000104",
            &temporary_residence(&citizen, street, &until()),
        )
        .await;
    agency.wait_for("HS202600000104", "in_review").await;
    tokio::time::sleep(Duration::from_millis(700)).await;
    let refusal = agency
        .decide(
            "HS202600000104",
            json!({ "status": "refused", "from": "in_review", "round": 0,
                    "reason": { "vi": "Thiếu giấy tờ", "en": "Papers missing" } }),
        )
        .await;
    refusal.assert_error(StatusCode::CONFLICT, "approval_under_way");

    agency.wait_for("HS202600000104", "approved").await;
    assert_eq!(
        statuses_of(&agency.feed().await, "HS202600000104"),
        ["received", "in_review", "approved"],
        "the decision the registry holds is the one the citizen is told"
    );
    registry.outage(false).await;
    let person = registry.person(&citizen).await;
    assert_eq!(person["temporary_residence"]["street"], street, "{person}");
    agency.stop().await;
}
