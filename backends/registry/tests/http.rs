//! The API over real HTTP on loopback, against a real SQLite population.

mod common;

use common::{fresh_database, FreshDatabase, AS_OF};
use registry::facilities::signing_key;
use registry::health_check::{ClassGroup, HealthCheck};
use registry::{start, Config, Personas, Running};
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

const SEED: u64 = 21;

struct Registry {
    running: Running,
    http: reqwest::Client,
    _database: FreshDatabase,
}

async fn registry(admin: bool) -> Registry {
    let database = fresh_database().await;
    let config = Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        database: database.path.to_str().unwrap().to_owned(),
        seed: SEED,
        citizens: 2_000,
        admin,
        as_of: Some(AS_OF),
        ..Config::default()
    };
    Registry {
        running: start(config).await.expect("registry starts"),
        http: reqwest::Client::new(),
        _database: database,
    }
}

impl Registry {
    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.running.addr)
    }

    fn personas(&self) -> &Personas {
        &self.running.generated.personas
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> (StatusCode, Value) {
        let response = request.send().await.unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    /// A read by the portal for `purpose`.
    async fn read(&self, purpose: &str, path: &str, body: Value) -> (StatusCode, Value) {
        self.read_as("portal-dev-secret", purpose, path, body).await
    }

    async fn read_as(
        &self,
        secret: &str,
        purpose: &str,
        path: &str,
        body: Value,
    ) -> (StatusCode, Value) {
        let request = self
            .http
            .post(self.url(path))
            .bearer_auth(secret)
            .header("X-Purpose", purpose)
            .json(&body);
        self.send(request).await
    }

    async fn write_as(
        &self,
        secret: &str,
        key: &str,
        path: &str,
        body: Value,
    ) -> (StatusCode, Value) {
        let request = self
            .http
            .post(self.url(path))
            .bearer_auth(secret)
            .header("Idempotency-Key", key)
            .json(&body);
        self.send(request).await
    }

    async fn write(&self, key: &str, path: &str, body: Value) -> (StatusCode, Value) {
        self.write_as("portal-dev-secret", key, path, body).await
    }

    async fn access_log_count(&self) -> i64 {
        let (_, body) = self
            .send(self.http.get(self.url("/admin/access-log")))
            .await;
        body["count"].as_i64().unwrap()
    }
}

fn by(id: &str) -> Value {
    json!({ "personal_id": id })
}

#[tokio::test]
async fn reads_return_the_records_the_personas_promise() {
    let registry = registry(true).await;
    let personas = registry.personas().clone();

    let (status, person) = registry
        .read("account", "/v1/people/get", by(&personas.plain_adult))
        .await;
    assert_eq!(status, StatusCode::OK, "{person}");
    assert_eq!(person["personal_id"], personas.plain_adult.as_str());
    assert!(person["permanent_residence"]["full"]
        .as_str()
        .unwrap()
        .contains(", "));
    assert!(person["full_name"].as_str().unwrap().split(' ').count() >= 3);

    let (_, household) = registry
        .read(
            "birth-registration",
            "/v1/households/get",
            by(&personas.mother_with_birth_notice),
        )
        .await;
    assert_eq!(
        household["head_id"],
        personas.father_with_birth_notice.as_str()
    );
    let relations: Vec<&str> = household["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["relation_to_head"].as_str().unwrap())
        .collect();
    assert_eq!(relations, ["head", "wife"]);

    let (_, household) = registry
        .read(
            "birth-registration",
            "/v1/households/get",
            by(&personas.mother_head_elsewhere),
        )
        .await;
    let (_, mother) = registry
        .read(
            "birth-registration",
            "/v1/people/get",
            by(&personas.mother_head_elsewhere),
        )
        .await;
    assert_eq!(
        household["head_id"], mother["father_id"],
        "her father heads her household"
    );

    let (_, relatives) = registry
        .read(
            "birth-registration",
            "/v1/people/relatives",
            by(&personas.parent_of_young_child),
        )
        .await;
    let children: Vec<&str> = relatives["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["personal_id"].as_str().unwrap())
        .collect();
    assert!(children.contains(&personas.young_child.as_str()));
    assert!(relatives["spouse"]["personal_id"].is_string());

    let (_, licences) = registry
        .read(
            "driving-licence",
            "/v1/licences/list",
            by(&personas.driver_expiring),
        )
        .await;
    let licence = &licences[0];
    assert_eq!(licence["validity"], "expiring_soon");
    assert_eq!(licence["status"], "active");
    let (_, by_number) = registry
        .read(
            "driving-licence",
            "/v1/licences/get",
            json!({ "licence_number": licence["licence_number"] }),
        )
        .await;
    assert_eq!(by_number["holder_id"], personas.driver_expiring.as_str());
    let (_, lost) = registry
        .read(
            "driving-licence",
            "/v1/licences/list",
            by(&personas.driver_lost_licence),
        )
        .await;
    assert_eq!(lost[0]["status"], "lost");

    // The health check verifies with the key the registry publishes for its facility.
    let (_, checks) = registry
        .read(
            "driving-licence",
            "/v1/health-checks/list",
            by(&personas.driver_expiring),
        )
        .await;
    let check = &checks[0];
    assert_eq!(check["result"], "fit");
    let (status, facilities) = registry
        .send(
            registry
                .http
                .get(registry.url("/v1/health-facilities"))
                .bearer_auth("portal-dev-secret"),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let key = facilities
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == check["facility_id"])
        .unwrap()["public_key"]
        .as_str()
        .unwrap()
        .to_owned();
    let key: [u8; 32] = base64_decode(&key).try_into().unwrap();
    let key = ed25519_dalek::VerifyingKey::from_bytes(&key).unwrap();
    let signature: [u8; 64] = base64_decode(check["signature"].as_str().unwrap())
        .try_into()
        .unwrap();
    use ed25519_dalek::Verifier;
    key.verify(
        check["signed_payload"].as_str().unwrap().as_bytes(),
        &ed25519_dalek::Signature::from_bytes(&signature),
    )
    .unwrap();
    let (_, unfit) = registry
        .read(
            "driving-licence",
            "/v1/health-checks/list",
            by(&personas.driver_unfit),
        )
        .await;
    assert_eq!(unfit[0]["result"], "unfit");
    let (_, none) = registry
        .read(
            "driving-licence",
            "/v1/health-checks/list",
            by(&personas.driver_no_health_check),
        )
        .await;
    assert_eq!(none, json!([]));

    let (_, twins) = registry
        .read(
            "birth-registration",
            "/v1/birth-notices/list",
            by(&personas.mother_twins),
        )
        .await;
    assert_eq!(twins.as_array().unwrap().len(), 2);
    let (_, unmarried) = registry
        .read(
            "birth-registration",
            "/v1/birth-notices/list",
            by(&personas.mother_unmarried_notice),
        )
        .await;
    assert!(unmarried[0]["father_id"].is_null());
    let (_, as_father) = registry
        .read(
            "birth-registration",
            "/v1/birth-notices/list",
            by(&personas.father_with_birth_notice),
        )
        .await;
    assert_eq!(
        as_father[0]["mother_id"],
        personas.mother_with_birth_notice.as_str()
    );
    let (_, marriages) = registry
        .read(
            "birth-registration",
            "/v1/marriages/list",
            by(&personas.mother_with_birth_notice),
        )
        .await;
    assert_eq!(
        marriages[0]["husband_id"],
        personas.father_with_birth_notice.as_str()
    );

    let (_, fines) = registry
        .read(
            "traffic-fines",
            "/v1/fines/list",
            by(&personas.owner_with_unpaid_fines),
        )
        .await;
    let unpaid = fines
        .as_array()
        .unwrap()
        .iter()
        .filter(|fine| fine["paid"] == false)
        .count();
    assert_eq!((fines.as_array().unwrap().len(), unpaid), (3, 2));
    let (_, vehicles) = registry
        .read(
            "traffic-fines",
            "/v1/vehicles/list",
            by(&personas.owner_with_unpaid_fines),
        )
        .await;
    assert_eq!(vehicles[0]["kind"], "car");
    let (_, contracts) = registry
        .read(
            "electricity-connection",
            "/v1/electricity-contracts/list",
            by(&personas.electricity_holder),
        )
        .await;
    assert_eq!(
        contracts[0]["holder_id"],
        personas.electricity_holder.as_str()
    );
    let (_, cards) = registry
        .read(
            "household-health-insurance",
            "/v1/insurance-cards/list",
            by(&personas.young_child),
        )
        .await;
    assert!(cards[0]["card_number"].as_str().unwrap().starts_with("TE"));

    let (status, error) = registry
        .read("account", "/v1/people/get", by("001099999999"))
        .await;
    assert_eq!(
        (status, error["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("not_found"))
    );
    let (status, error) = registry
        .read("account", "/v1/people/get", by("12345"))
        .await;
    assert_eq!(
        (status, error["code"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("invalid_personal_id")
        )
    );
    let (status, error) = registry
        .read(
            "driving-licence",
            "/v1/licences/get",
            json!({ "licence_number": "031234567890" }),
        )
        .await;
    assert_eq!(
        (status, error["code"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("invalid_licence_number")
        )
    );
}

#[tokio::test]
async fn verify_answers_only_whether_the_details_match() {
    let registry = registry(false).await;
    let id = registry.personas().plain_adult.clone();
    let (_, person) = registry.read("account", "/v1/people/get", by(&id)).await;
    let name = person["full_name"].as_str().unwrap().to_uppercase();
    let body = json!({ "personal_id": id, "full_name": format!(" {name} "), "date_of_birth": person["date_of_birth"] });
    let (status, answer) = registry
        .read_as(
            "identity-dev-secret",
            "eid-authentication",
            "/v1/people/verify",
            body,
        )
        .await;
    assert_eq!((status, answer), (StatusCode::OK, json!({ "match": true })));
    let body = json!({ "personal_id": id, "full_name": name, "date_of_birth": "1900-01-01" });
    let (_, answer) = registry.read("account", "/v1/people/verify", body).await;
    assert_eq!(answer, json!({ "match": false }));
    let body = json!({ "personal_id": "001099999999", "full_name": "Ai Đó", "date_of_birth": "1990-01-01" });
    let (_, answer) = registry.read("account", "/v1/people/verify", body).await;
    assert_eq!(answer, json!({ "match": false }));
}

#[tokio::test]
async fn authentication_purpose_and_audit_are_enforced() {
    let registry = registry(true).await;
    let id = registry.personas().plain_adult.clone();
    let before = registry.access_log_count().await;

    let (status, error) = registry
        .send(
            registry
                .http
                .post(registry.url("/v1/people/get"))
                .header("X-Purpose", "account")
                .json(&by(&id)),
        )
        .await;
    assert_eq!(
        (status, error["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("unauthorized"))
    );
    let (status, _) = registry
        .read_as("wrong-secret", "account", "/v1/people/get", by(&id))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    let request = registry
        .http
        .post(registry.url("/v1/people/get"))
        .bearer_auth("portal-dev-secret")
        .json(&by(&id));
    let (status, error) = registry.send(request).await;
    assert_eq!(
        (status, error["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("purpose_required"))
    );
    let (status, error) = registry
        .read("traffic-fines", "/v1/licences/list", by(&id))
        .await;
    assert_eq!(
        (status, error["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("purpose_not_allowed"))
    );
    let (status, _) = registry
        .read("no-such-service", "/v1/people/get", by(&id))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = registry
        .read_as(
            "identity-dev-secret",
            "driving-licence",
            "/v1/people/get",
            by(&id),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "the eID provider may not read for the portal's services"
    );
    let (status, _) = registry
        .read_as("hospital-dev-secret", "account", "/v1/people/get", by(&id))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = registry.read("account", "/v1/people/get", by(&id)).await;
    assert_eq!(status, StatusCode::OK);

    // Every authenticated read was logged, allowed or not (the two 401s never reached a client).
    assert_eq!(registry.access_log_count().await - before, 6);
}

#[tokio::test]
async fn a_parent_is_told_only_of_their_children_under_14_for_services_that_allow_it() {
    let registry = registry(true).await;
    let personas = registry.personas().clone();
    let before = registry.access_log_count().await;
    let (status, children) = registry
        .read(
            "passport",
            "/v1/people/children-under-14",
            by(&personas.parent_of_young_child),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let ids: Vec<&str> = children
        .as_array()
        .unwrap()
        .iter()
        .map(|child| child["personal_id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids.len(),
        2,
        "the daughter of 9 and the son of 4: {children}"
    );
    assert!(ids.contains(&personas.young_child.as_str()));
    assert!(
        !ids.contains(&personas.older_child.as_str()),
        "15 is past the age a parent acts for"
    );
    assert_eq!(
        children[0].as_object().unwrap().len(),
        5,
        "ID, name, birth, sex, alive: nothing more of the family"
    );
    let (_, none) = registry
        .read(
            "passport",
            "/v1/people/children-under-14",
            by(&personas.plain_adult),
        )
        .await;
    assert_eq!(none, json!([]));
    let (status, error) = registry
        .read(
            "driving-licence",
            "/v1/people/children-under-14",
            by(&personas.parent_of_young_child),
        )
        .await;
    assert_eq!(
        (status, error["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("purpose_not_allowed")),
        "a service no parent uses for a child may not ask"
    );

    // On the elder child's 14th birthday only the younger one is left; the day before, both.
    let born = children[0]["date_of_birth"].as_str().unwrap();
    let birthday = format!("{}{}", born[..4].parse::<i32>().unwrap() + 14, &born[4..]);
    let day_before = time::Date::parse(
        &birthday,
        &time::format_description::well_known::Iso8601::DATE,
    )
    .unwrap()
    .previous_day()
    .unwrap()
    .to_string();
    for (today, expected) in [(day_before.as_str(), 2), (birthday.as_str(), 1)] {
        let set = registry
            .http
            .put(registry.url("/admin/today"))
            .json(&json!({ "date": today }))
            .send()
            .await
            .unwrap();
        assert_eq!(set.status(), StatusCode::OK);
        let (_, children) = registry
            .read(
                "passport",
                "/v1/people/children-under-14",
                by(&personas.parent_of_young_child),
            )
            .await;
        assert_eq!(children.as_array().unwrap().len(), expected, "on {today}");
    }
    let (status, error) = registry
        .send(
            registry
                .http
                .put(registry.url("/admin/today"))
                .json(&json!({ "date": "31/12/2030" })),
        )
        .await;
    assert_eq!(
        (status, error["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_date"))
    );
    assert_eq!(registry.access_log_count().await - before, 5);
}

#[tokio::test]
async fn malformed_requests_get_json_errors_not_500s() {
    let registry = registry(false).await;
    let post = |body: &'static str| {
        registry
            .http
            .post(registry.url("/v1/people/get"))
            .bearer_auth("portal-dev-secret")
            .header("X-Purpose", "account")
            .header("content-type", "application/json")
            .body(body)
    };
    let (status, error) = registry.send(post("{not json")).await;
    assert_eq!(
        (status, error["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("malformed_json"))
    );
    let (status, error) = registry.send(post(r#"{"personal_id": 5}"#)).await;
    assert_eq!(
        (status, error["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_request"))
    );
    let (status, error) = registry
        .send(
            registry
                .http
                .get(registry.url("/v1/nothing-here"))
                .bearer_auth("portal-dev-secret"),
        )
        .await;
    assert_eq!(
        (status, error["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("not_found"))
    );
    let (status, error) = registry
        .send(
            registry
                .http
                .get(registry.url("/v1/people/get"))
                .bearer_auth("portal-dev-secret"),
        )
        .await;
    assert_eq!(
        (status, error["code"].as_str()),
        (StatusCode::METHOD_NOT_ALLOWED, Some("method_not_allowed"))
    );
    let (status, error) = registry
        .send(registry.http.get(registry.url("/admin/personas")))
        .await;
    assert_eq!(
        (status, error["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("not_found")),
        "admin is off"
    );

    let (status, document) = registry
        .send(registry.http.get(registry.url("/openapi.json")))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(document["openapi"], "3.0.3");
    assert!(document["paths"]["/v1/births"]["post"]["requestBody"].is_object());
    assert!(document["paths"].as_object().unwrap().len() >= 24);
}

#[tokio::test]
async fn birth_registration_is_idempotent_and_links_the_child() {
    let registry = registry(false).await;
    let personas = registry.personas().clone();
    let (_, notices) = registry
        .read(
            "birth-registration",
            "/v1/birth-notices/list",
            by(&personas.mother_with_birth_notice),
        )
        .await;
    let notice = notices[0]["notice_number"].as_str().unwrap().to_owned();
    let body = json!({ "notice_number": notice, "middle_name": "Minh", "given_name": "An" });

    let (status, error) = registry
        .send(
            registry
                .http
                .post(registry.url("/v1/births"))
                .bearer_auth("portal-dev-secret")
                .json(&body),
        )
        .await;
    assert_eq!(
        (status, error["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("idempotency_key_required"))
    );

    let (status, first) = registry.write("birth-1", "/v1/births", body.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    let (status, again) = registry.write("birth-1", "/v1/births", body.clone()).await;
    assert_eq!(
        (status, &again),
        (StatusCode::CREATED, &first),
        "a retry gets the same answer"
    );
    let (status, error) = registry
        .write(
            "birth-1",
            "/v1/births",
            json!({ "notice_number": notice, "given_name": "Bình" }),
        )
        .await;
    assert_eq!(
        (status, error["code"].as_str()),
        (StatusCode::CONFLICT, Some("idempotency_conflict"))
    );
    let (status, error) = registry.write("birth-2", "/v1/births", body.clone()).await;
    assert_eq!(
        (status, error["code"].as_str()),
        (StatusCode::CONFLICT, Some("already_registered"))
    );

    let child = first["personal_id"].as_str().unwrap();
    let parsed = domain::personal_id::PersonalId::parse(child).unwrap();
    assert_eq!(parsed.birth_year(), AS_OF.year());
    assert!(first["birth_certificate_number"]
        .as_str()
        .unwrap()
        .ends_with("/KS"));
    let (_, relatives) = registry
        .read(
            "birth-registration",
            "/v1/people/relatives",
            by(&personas.father_with_birth_notice),
        )
        .await;
    let children: Vec<&str> = relatives["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["personal_id"].as_str().unwrap())
        .collect();
    assert_eq!(children, [child], "one child, registered once");
    let (_, person) = registry
        .read("birth-registration", "/v1/people/get", by(child))
        .await;
    assert_eq!(
        person["mother_id"],
        personas.mother_with_birth_notice.as_str()
    );
    assert!(person["full_name"].as_str().unwrap().ends_with("Minh An"));

    // The bundle goes on: permanent residence with the father, then a TE insurance card.
    let residence = json!({ "personal_id": child, "head_personal_id": personas.father_with_birth_notice, "relation_to_head": "son" });
    let (status, joined) = registry
        .write("residence-1", "/v1/residence/permanent", residence)
        .await;
    assert_eq!(status, StatusCode::OK, "{joined}");
    assert_eq!(joined["household"]["members"].as_array().unwrap().len(), 3);
    let (status, card) = registry
        .write("card-1", "/v1/insurance-cards", by(child))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{card}");
    assert!(domain::insurance::is_valid_card_number(
        card["card_number"].as_str().unwrap()
    ));
    assert_eq!(card["group_code"], "TE");
    let (status, error) = registry
        .write("card-2", "/v1/insurance-cards", by(child))
        .await;
    assert_eq!(
        (status, error["code"].as_str()),
        (StatusCode::CONFLICT, Some("card_exists"))
    );
}

#[tokio::test]
async fn hospitals_send_signed_health_checks_and_birth_notices() {
    let registry = registry(false).await;
    let driver = registry.personas().driver_no_health_check.clone();
    let check = HealthCheck {
        certificate_id: "GKSK-TEST-1".into(),
        facility_id: "BV-01-003".into(),
        personal_id: driver.clone(),
        examined_on: "2025-11-18".into(),
        class_group: ClassGroup::Car,
        fit: true,
        valid_until: "2026-11-18".into(),
    };
    let signature = check.sign(&signing_key(SEED, "BV-01-003"));
    let mut body = serde_json::to_value(&check).unwrap();
    body["signature"] = json!(signature);

    let (status, error) = registry
        .write("hc-portal", "/v1/health-checks", body.clone())
        .await;
    assert_eq!(
        (status, error["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("operation_not_allowed"))
    );
    let mut forged = body.clone();
    forged["fit"] = json!(false);
    let (status, error) = registry
        .write_as(
            "hospital-dev-secret",
            "hc-forged",
            "/v1/health-checks",
            forged,
        )
        .await;
    assert_eq!(
        (status, error["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_signature"))
    );
    let (status, _) = registry
        .write_as(
            "hospital-dev-secret",
            "hc-1",
            "/v1/health-checks",
            body.clone(),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, error) = registry
        .write_as("hospital-dev-secret", "hc-2", "/v1/health-checks", body)
        .await;
    assert_eq!(
        (status, error["code"].as_str()),
        (StatusCode::CONFLICT, Some("duplicate_certificate"))
    );
    let (_, checks) = registry
        .read("driving-licence", "/v1/health-checks/list", by(&driver))
        .await;
    assert_eq!(checks[0]["certificate_id"], "GKSK-TEST-1");

    let mother = registry.personas().single_partner.clone();
    let notice = json!({ "facility_id": "BV-79-002", "mother_id": mother, "child_sex": "female", "weight_grams": 3100, "born_at": "2025-11-19T08:30" });
    let (status, created) = registry
        .write_as(
            "hospital-dev-secret",
            "notice-1",
            "/v1/birth-notices",
            notice,
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["place_of_birth"], "Bệnh viện Từ Dũ");
    let (_, notices) = registry
        .read("birth-registration", "/v1/birth-notices/list", by(&mother))
        .await;
    assert_eq!(notices[0]["notice_number"], created["notice_number"]);
    let bad = json!({ "facility_id": "BV-79-002", "mother_id": registry.personas().single_adult, "child_sex": "male", "weight_grams": 3100, "born_at": "2025-11-19T08:30" });
    let (status, error) = registry
        .write_as("hospital-dev-secret", "notice-2", "/v1/birth-notices", bad)
        .await;
    assert_eq!(
        (status, error["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_parent"))
    );
}

#[tokio::test]
async fn licences_fines_deaths_marriages_and_residence_writes() {
    let registry = registry(false).await;
    let personas = registry.personas().clone();

    let (_, licences) = registry
        .read(
            "driving-licence",
            "/v1/licences/list",
            by(&personas.driver_expiring),
        )
        .await;
    let old = licences[0]["licence_number"].as_str().unwrap().to_owned();
    let renew = json!({ "licence_number": old, "personal_id": personas.driver_expiring, "reason": "expiring" });
    let (status, renewed) = registry
        .write("renew-1", "/v1/licences/renew", renew.clone())
        .await;
    assert_eq!(status, StatusCode::CREATED, "{renewed}");
    let new = renewed["licence"]["licence_number"].as_str().unwrap();
    assert!(domain::licence::is_valid_licence_number(new));
    let codes: Vec<&str> = renewed["licence"]["classes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["A", "B"], "old A1 and B2 exchange for A and B");
    assert_eq!(renewed["licence"]["expires_on"], "2035-11-20");
    let (_, licences) = registry
        .read(
            "driving-licence",
            "/v1/licences/list",
            by(&personas.driver_expiring),
        )
        .await;
    assert_eq!(licences.as_array().unwrap().len(), 2);
    let replaced = licences
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["licence_number"] == old.as_str())
        .unwrap();
    assert_eq!(
        (
            replaced["status"].as_str(),
            replaced["replaced_by"].as_str()
        ),
        (Some("replaced"), Some(new))
    );
    let (status, error) = registry.write("renew-2", "/v1/licences/renew", renew).await;
    assert_eq!(
        (status, error["code"].as_str()),
        (StatusCode::CONFLICT, Some("licence_replaced"))
    );
    let theft =
        json!({ "licence_number": new, "personal_id": personas.plain_adult, "reason": "lost" });
    let (status, error) = registry.write("renew-3", "/v1/licences/renew", theft).await;
    assert_eq!(
        (status, error["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("holder_mismatch"))
    );

    let (_, fines) = registry
        .read(
            "traffic-fines",
            "/v1/fines/list",
            by(&personas.owner_with_unpaid_fines),
        )
        .await;
    let fine = fines[0]["fine_id"].as_str().unwrap().to_owned();
    let pay = json!({ "fine_id": fine, "payment_reference": "VNPAY-123" });
    let (status, paid) = registry.write("pay-1", "/v1/fines/pay", pay.clone()).await;
    assert_eq!(
        (status, paid["paid"].as_bool()),
        (StatusCode::OK, Some(true))
    );
    let (status, error) = registry.write("pay-2", "/v1/fines/pay", pay).await;
    assert_eq!(
        (status, error["code"].as_str()),
        (StatusCode::CONFLICT, Some("already_paid"))
    );

    let marriage = json!({ "husband_id": personas.single_adult, "wife_id": personas.single_partner, "place": "UBND Phường Bến Nghé, TP Hồ Chí Minh" });
    let (status, recorded) = registry
        .write("marry-1", "/v1/marriages", marriage.clone())
        .await;
    assert_eq!(status, StatusCode::CREATED, "{recorded}");
    let (_, wife) = registry
        .read(
            "marriage-registration",
            "/v1/people/get",
            by(&personas.single_partner),
        )
        .await;
    assert_eq!(
        (wife["marital_status"].as_str(), wife["spouse_id"].as_str()),
        (Some("married"), Some(personas.single_adult.as_str()))
    );
    let (status, error) = registry.write("marry-2", "/v1/marriages", marriage).await;
    assert_eq!(
        (status, error["code"].as_str()),
        (StatusCode::CONFLICT, Some("already_married"))
    );
    let bigamy = json!({ "husband_id": personas.parent_of_young_child, "wife_id": personas.plain_adult, "place": "UBND" });
    let (status, error) = registry.write("marry-3", "/v1/marriages", bigamy).await;
    assert_eq!(
        (status, error["code"].as_str()),
        (StatusCode::CONFLICT, Some("already_married"))
    );

    let death = json!({ "personal_id": personas.elderly_married, "date_of_death": "2025-11-15" });
    let (status, died) = registry.write("death-1", "/v1/deaths", death.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{died}");
    let (_, spouse) = registry
        .read(
            "death-registration",
            "/v1/people/get",
            by(&personas.elderly_spouse),
        )
        .await;
    assert_eq!(spouse["marital_status"], "widowed");
    let (status, error) = registry.write("death-2", "/v1/deaths", death).await;
    assert_eq!(
        (status, error["code"].as_str()),
        (StatusCode::CONFLICT, Some("already_deceased"))
    );
    let future = json!({ "personal_id": personas.plain_adult, "date_of_death": "2099-01-01" });
    let (status, error) = registry.write("death-3", "/v1/deaths", future).await;
    assert_eq!(
        (status, error["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_date"))
    );

    let stay = json!({ "personal_id": personas.plain_adult, "province_code": 79, "commune": "Phường Bến Nghé", "street": "Số 1 Lê Lợi", "until": "2026-06-30" });
    let (status, _) = registry
        .write("temp-1", "/v1/residence/temporary", stay)
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, person) = registry
        .read(
            "temporary-residence",
            "/v1/people/get",
            by(&personas.plain_adult),
        )
        .await;
    assert_eq!(person["temporary_residence"]["until"], "2026-06-30");
    let join = json!({ "personal_id": personas.plain_adult, "head_personal_id": personas.young_child, "relation_to_head": "other" });
    let (status, error) = registry
        .write("perm-1", "/v1/residence/permanent", join)
        .await;
    assert_eq!(
        (status, error["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("not_household_head"))
    );
}

#[tokio::test]
async fn a_parent_sees_and_pays_the_hospital_bills_of_their_children_under_14() {
    let registry = registry(false).await;
    let personas = registry.personas().clone();
    let (status, bills) = registry
        .read(
            "hospital-fees",
            "/v1/hospital-bills/list",
            by(&personas.parent_of_young_child),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{bills}");
    let bills = bills.as_array().unwrap().clone();
    let patients: Vec<(&str, bool)> = bills
        .iter()
        .map(|bill| (bill["patient_id"].as_str().unwrap(), bill["paid"] == true))
        .collect();
    // The parent's own bill and the four-year-old's (recorded by card only) unpaid, the
    // nine-year-old's paid; the fifteen-year-old's is theirs to see, not the parent's.
    assert_eq!(patients.len(), 3, "{patients:?}");
    assert!(patients.contains(&(personas.parent_of_young_child.as_str(), false)));
    assert!(patients.contains(&(personas.young_child.as_str(), false)));
    assert!(patients.iter().all(|(id, _)| *id != personas.older_child));
    // Unpaid first.
    assert_eq!(
        patients.iter().map(|(_, paid)| *paid).collect::<Vec<_>>(),
        [false, false, true]
    );
    let child_bill = bills
        .iter()
        .find(|bill| bill["patient_id"] == personas.young_child.as_str())
        .unwrap();
    let share = child_bill["patient_share_vnd"].as_i64().unwrap();
    assert_eq!(
        share,
        child_bill["total_vnd"].as_i64().unwrap() - child_bill["insurance_vnd"].as_i64().unwrap()
    );
    let (_, older) = registry
        .read(
            "hospital-fees",
            "/v1/hospital-bills/list",
            by(&personas.older_child),
        )
        .await;
    assert_eq!(older.as_array().unwrap().len(), 1, "{older}");

    let bill_id = child_bill["bill_id"].as_str().unwrap();
    let short = json!({ "bill_id": bill_id, "amount_vnd": share - 1, "payment_reference": "GW-1" });
    let (status, error) = registry
        .write("bill-1", "/v1/hospital-bills/pay", short)
        .await;
    assert_eq!(
        (status, error["code"].as_str()),
        (StatusCode::CONFLICT, Some("amount_mismatch"))
    );
    let pay = json!({ "bill_id": bill_id, "amount_vnd": share, "payment_reference": "GW-2" });
    let (status, paid) = registry
        .write("bill-2", "/v1/hospital-bills/pay", pay.clone())
        .await;
    assert_eq!(
        (status, paid["paid"].as_bool()),
        (StatusCode::OK, Some(true))
    );
    let (status, replay) = registry
        .write("bill-2", "/v1/hospital-bills/pay", pay.clone())
        .await;
    assert_eq!((status, replay), (StatusCode::OK, paid));
    let (status, error) = registry
        .write("bill-3", "/v1/hospital-bills/pay", pay)
        .await;
    assert_eq!(
        (status, error["code"].as_str()),
        (StatusCode::CONFLICT, Some("already_paid"))
    );
    // Another service's purpose may not read bills.
    let (status, _) = registry
        .read(
            "traffic-fines",
            "/v1/hospital-bills/list",
            by(&personas.parent_of_young_child),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn faults_add_latency_failures_and_outages_until_cleared() {
    let registry = registry(true).await;
    let id = registry.personas().plain_adult.clone();
    let set = |fault: Value| {
        registry.send(
            registry
                .http
                .post(registry.url("/admin/faults"))
                .json(&fault),
        )
    };

    let (status, _) = set(json!({ "endpoint": "/v1/people/get", "latency_ms": 300 })).await;
    assert_eq!(status, StatusCode::CREATED);
    let started = Instant::now();
    let (status, _) = registry.read("account", "/v1/people/get", by(&id)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(started.elapsed() >= Duration::from_millis(300));
    let started = Instant::now();
    registry
        .read(
            "household-health-insurance",
            "/v1/insurance-cards/list",
            by(&id),
        )
        .await;
    assert!(
        started.elapsed() < Duration::from_millis(300),
        "other endpoints are not slowed"
    );

    set(json!({ "endpoint": "*", "outage": true })).await;
    let (status, error) = registry
        .read(
            "household-health-insurance",
            "/v1/insurance-cards/list",
            by(&id),
        )
        .await;
    assert_eq!(
        (status, error["code"].as_str()),
        (StatusCode::SERVICE_UNAVAILABLE, Some("unavailable"))
    );

    registry
        .send(registry.http.delete(registry.url("/admin/faults")))
        .await;
    set(json!({ "endpoint": "/v1/people/get", "error_rate": 0.5 })).await;
    let mut failures = 0;
    for _ in 0..200 {
        let (status, _) = registry.read("account", "/v1/people/get", by(&id)).await;
        if status == StatusCode::SERVICE_UNAVAILABLE {
            failures += 1;
        } else {
            assert_eq!(status, StatusCode::OK);
        }
    }
    assert!(
        (60..=140).contains(&failures),
        "about half fail: {failures}"
    );

    let (status, error) = set(json!({ "endpoint": "*", "error_rate": 1.5 })).await;
    assert_eq!(
        (status, error["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_fault"))
    );
    let (status, _) = registry
        .send(registry.http.delete(registry.url("/admin/faults")))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = registry.read("account", "/v1/people/get", by(&id)).await;
    assert_eq!(status, StatusCode::OK);

    let (status, personas) = registry
        .send(registry.http.get(registry.url("/admin/personas")))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(personas["plain_adult"], id.as_str());
    registry.running.stop().await.unwrap();
}

fn base64_decode(text: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .unwrap()
}
