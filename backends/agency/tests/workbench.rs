//! The officers' workbench over real HTTP: the real agency, and the real eID stand-in (its
//! citizens looked up in a small in-memory directory instead of the registry) whose sign-in
//! pages a cookie-keeping client fills in as an officer's browser would.

mod support;

use std::{collections::HashMap, sync::Arc};

use domain::personal_id::{PersonalId, Sex};
use identity::{directory::Lookup, Citizen, CitizenDirectory};
use reqwest::{redirect::Policy, Client, StatusCode};
use serde_json::{json, Value};
use support::{application, read, statuses_of, Agency, Answer};

/// Of police-residence:01 (Hà Nội).
fn hanoi_officer() -> PersonalId {
    PersonalId::compose(1, Sex::Female, 1985, 123457)
}

/// Of police-residence:79 (Hồ Chí Minh City).
fn saigon_officer() -> PersonalId {
    PersonalId::compose(79, Sex::Male, 1980, 765431)
}

/// An officer on paper, but an eID of level 1 (the number ends in 0).
fn level_1_officer() -> PersonalId {
    PersonalId::compose(1, Sex::Male, 1990, 222220)
}

/// A level-2 citizen who is no officer.
fn citizen() -> PersonalId {
    PersonalId::compose(1, Sex::Male, 1970, 333331)
}

struct People(HashMap<String, Citizen>);

impl CitizenDirectory for People {
    fn find<'a>(&'a self, id: &'a PersonalId) -> Lookup<'a> {
        Box::pin(async move { Ok(self.0.get(id.as_str()).cloned()) })
    }
}

struct World {
    agency: Agency,
    issuer: String,
    database: tempfile::TempDir,
}

impl World {
    /// The eID knowing the four people, and the agency in manual mode with three officers.
    async fn start() -> Self {
        let people = [
            hanoi_officer(),
            saigon_officer(),
            level_1_officer(),
            citizen(),
        ]
        .into_iter()
        .map(|id| {
            let citizen = Citizen {
                personal_id: id.clone(),
                full_name: "Nguyễn Thị Cán Bộ".into(),
                birthdate: time::macros::date!(1980 - 01 - 01),
                sex: Sex::Female,
            };
            (id.as_str().to_owned(), citizen)
        })
        .collect();
        let listener = stand_in_support::bind("127.0.0.1:0".parse().unwrap())
            .await
            .unwrap();
        let agency_url = listener.public_url(None);
        let identity = identity::start_with_directory(
            identity::Config {
                bind: "127.0.0.1:0".parse().unwrap(),
                clients: vec![identity::Client {
                    redirect_uris: vec![format!("{agency_url}/workbench/callback")],
                    ..identity::Client::agency()
                }],
                ..identity::Config::default()
            },
            Arc::new(People(people)),
        )
        .await
        .unwrap();
        let database = tempfile::tempdir().unwrap();
        let officer = |id: PersonalId, agency: &str| agency::workbench::Officer {
            personal_id: id.as_str().to_owned(),
            agency: agency.to_owned(),
        };
        let config = agency::Config {
            database: Some(database.path().join("agency.sqlite3").display().to_string()),
            workbench: agency::workbench::WorkbenchConfig {
                oidc_issuer: identity.issuer.clone(),
                officers: vec![
                    officer(hanoi_officer(), "police-residence:01"),
                    officer(saigon_officer(), "police-residence:79"),
                    officer(level_1_officer(), "police-residence:01"),
                ],
                ..agency::workbench::WorkbenchConfig::default()
            },
            ..support::config(None)
        };
        let agency = Agency::serving(agency::start_on(listener, config).await.unwrap());
        agency.set_mode(json!({ "mode": "manual" })).await;
        Self {
            agency,
            issuer: identity.issuer,
            database,
        }
    }

    async fn hand_over(&self, reference: &str, service: &str, province: u16) {
        let mut body = application(service);
        body["province"] = json!(province);
        let answer = self.agency.hand_over(reference, &body).await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    }

    /// Signs `who` in through the eID's pages; answers the browser and the callback's answer.
    async fn sign_in(&self, who: &PersonalId) -> (Browser, Answer) {
        let browser = Browser::new(&self.agency.base);
        let start = browser.get("/workbench/sign-in").await;
        assert_eq!(start.status, StatusCode::SEE_OTHER, "{}", start.body);
        let authorize = location(&start);
        assert!(authorize.starts_with(&self.issuer), "{authorize}");
        for parameter in [
            "code_challenge_method=S256",
            "state=",
            "nonce=",
            "prompt=login",
        ] {
            assert!(authorize.contains(parameter), "{parameter} in {authorize}");
        }
        let to_sign_in = browser.get(&authorize).await;
        assert_eq!(
            to_sign_in.status,
            StatusCode::SEE_OTHER,
            "{}",
            to_sign_in.body
        );
        let sign_in = format!("{}/signin", self.issuer);
        let page = browser.get(&sign_in).await;
        let password = format!("Vneid@{}", &who.as_str()[6..]);
        let typed = browser
            .post(
                &sign_in,
                &[
                    ("csrf_token", &hidden(&page.body, "csrf_token")),
                    ("personal_id", who.as_str()),
                    ("password", &password),
                ],
            )
            .await;
        assert_eq!(typed.status, StatusCode::SEE_OTHER, "{}", typed.body);
        let page = browser.get(&sign_in).await;
        let marker = "Mã OTP (môi trường thử nghiệm): ";
        let at = page.body.find(marker).expect("the one-time code") + marker.len();
        let otp = page.body[at..at + 6].to_owned();
        let done = browser
            .post(
                &format!("{}/signin/otp", self.issuer),
                &[
                    ("csrf_token", &hidden(&page.body, "csrf_token")),
                    ("otp", &otp),
                ],
            )
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
        let callback = location(&done);
        assert!(callback.starts_with(&format!("{}/workbench/callback?", self.agency.base)));
        let answer = browser.get(&callback).await;
        (browser, answer)
    }

    async fn officer(&self, who: &PersonalId) -> Browser {
        let (browser, answer) = self.sign_in(who).await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
        assert_eq!(location(&answer), "/workbench");
        browser
    }

    async fn audit(&self) -> Vec<(String, String, Option<String>, String, String)> {
        let url = format!(
            "sqlite://{}",
            self.database.path().join("agency.sqlite3").display()
        );
        let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
        let rows = sqlx::query_as(
            "SELECT officer, agency_id, reference, action, outcome FROM officer_audit ORDER BY id",
        )
        .fetch_all(&pool)
        .await
        .unwrap();
        pool.close().await;
        rows
    }

    /// Puts `reference`'s deadline in the past, as if it had waited too long.
    async fn make_overdue(&self, reference: &str) {
        let url = format!(
            "sqlite://{}",
            self.database.path().join("agency.sqlite3").display()
        );
        let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
        sqlx::query("UPDATE cases SET deadline = '2020-01-02' WHERE reference = ?")
            .bind(reference)
            .execute(&pool)
            .await
            .unwrap();
        pool.close().await;
    }
}

struct Browser {
    base: String,
    http: Client,
}

impl Browser {
    fn new(base: &str) -> Self {
        let http = Client::builder()
            .cookie_store(true)
            .redirect(Policy::none())
            .build()
            .unwrap();
        Self {
            base: base.to_owned(),
            http,
        }
    }

    fn url(&self, path: &str) -> String {
        if path.starts_with("http") {
            path.to_owned()
        } else {
            format!("{}{path}", self.base)
        }
    }

    async fn get(&self, path: &str) -> Answer {
        read(self.http.get(self.url(path)).send().await.unwrap()).await
    }

    async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Answer {
        read(
            self.http
                .post(self.url(path))
                .form(fields)
                .send()
                .await
                .unwrap(),
        )
        .await
    }

    /// Sends the form at `action` on `page`, with its hidden fields and `typed`.
    async fn submit(&self, page: &Answer, action: &str, typed: &[(&str, &str)]) -> Answer {
        let form = page
            .body
            .split("<form ")
            .find(|form| form.contains(&format!(r#"action="{action}""#)))
            .unwrap_or_else(|| panic!("a form posting to {action}: {}", page.body));
        let mut fields: Vec<(&str, String)> = ["csrf", "from", "round"]
            .into_iter()
            .map(|name| (name, hidden(form, name)))
            .collect();
        fields.extend(
            typed
                .iter()
                .map(|(name, value)| (*name, (*value).to_owned())),
        );
        let fields: Vec<(&str, &str)> = fields.iter().map(|(n, v)| (*n, v.as_str())).collect();
        self.post(action, &fields).await
    }
}

fn location(answer: &Answer) -> String {
    answer.headers["location"].to_str().unwrap().to_owned()
}

fn hidden(html: &str, name: &str) -> String {
    let marker = format!(r#"name="{name}" value=""#);
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("{name} in {html}"))
        + marker.len();
    html[start..start + html[start..].find('"').unwrap()].to_owned()
}

#[tokio::test]
async fn a_level_1_account_and_a_citizen_who_is_no_officer_are_refused() {
    let world = World::start().await;
    let (browser, answer) = world.sign_in(&level_1_officer()).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.body);
    assert!(answer.body.contains("level 2"), "{}", answer.body);
    let queue = browser.get("/workbench").await;
    assert!(
        queue.body.contains("/workbench/sign-in"),
        "still signed out"
    );

    let (_, answer) = world.sign_in(&citizen()).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.body);
    assert!(answer.body.contains("not an officer"), "{}", answer.body);

    // A callback whose state this browser was never given signs nobody in.
    let stranger = Browser::new(&world.agency.base);
    let forged = stranger.get("/workbench/callback?code=x&state=y").await;
    assert_eq!(forged.status, StatusCode::BAD_REQUEST, "{}", forged.body);
    let refusals: Vec<_> = world
        .audit()
        .await
        .into_iter()
        .map(|row| (row.0, row.3, row.4))
        .collect();
    let refusal = |id: PersonalId, outcome: &str| {
        (
            id.as_str().to_owned(),
            "sign_in".to_owned(),
            outcome.to_owned(),
        )
    };
    assert_eq!(
        refusals,
        [
            refusal(level_1_officer(), "level_1"),
            refusal(citizen(), "not_an_officer")
        ]
    );
}

#[tokio::test]
async fn an_officer_sees_only_their_agencys_open_cases_by_deadline() {
    let world = World::start().await;
    // police-residence:01 decides these three; id-card takes 7 working days, notify-stay 0,
    // judicial-record 10.
    world
        .hand_over("HS202600000101", "judicial-record", 1)
        .await;
    world.hand_over("HS202600000102", "id-card", 1).await;
    world.hand_over("HS202600000103", "notify-stay", 1).await;
    world.hand_over("HS202600000104", "id-card", 1).await;
    world.make_overdue("HS202600000104").await;
    // Another province's office, and another office of the same province.
    world.hand_over("HS202600000179", "id-card", 79).await;
    world
        .hand_over("HS202600000105", "driving-licence", 1)
        .await;

    let hanoi = world.officer(&hanoi_officer()).await;
    let queue = hanoi.get("/workbench").await;
    assert_eq!(queue.status, StatusCode::OK, "{}", queue.body);
    let csp = queue.headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"));
    assert_eq!(queue.headers["x-frame-options"], "DENY");
    assert_eq!(queue.headers["cache-control"], "no-store");
    let listed: Vec<&str> = queue
        .body
        .match_indices("href=\"/workbench/cases/")
        .map(|(at, _)| &queue.body[at + 23..at + 37])
        .collect();
    assert_eq!(
        listed,
        [
            "HS202600000104",
            "HS202600000103",
            "HS202600000102",
            "HS202600000101"
        ],
        "overdue first, then the nearest deadline"
    );
    let overdue_row = queue
        .body
        .split("<tr>")
        .find(|row| row.contains("HS202600000104"))
        .unwrap();
    assert!(overdue_row.contains("Quá hạn") && overdue_row.contains("Overdue"));
    let next_row = queue
        .body
        .split("<tr>")
        .find(|row| row.contains("HS202600000103"))
        .unwrap();
    assert!(!next_row.contains("Overdue"));

    // Another agency's case is answered as one that does not exist.
    let elsewhere = hanoi.get("/workbench/cases/HS202600000179").await;
    let nowhere = hanoi.get("/workbench/cases/HS202699999999").await;
    assert_eq!(elsewhere.status, StatusCode::NOT_FOUND);
    assert_eq!(nowhere.status, StatusCode::NOT_FOUND);
    assert_eq!(
        elsewhere.body,
        nowhere.body.replace("HS202699999999", "HS202600000179")
    );
    let same_province = hanoi.get("/workbench/cases/HS202600000105").await;
    assert_eq!(same_province.status, StatusCode::NOT_FOUND);

    let saigon = world.officer(&saigon_officer()).await;
    let queue = saigon.get("/workbench").await;
    assert!(queue.body.contains("HS202600000179"));
    assert!(!queue.body.contains("HS202600000101"));

    // The case page: answers labelled, facts, payment, documents, history.
    let page = hanoi.get("/workbench/cases/HS202600000102").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    for shown in [
        "<dt>person.full_name</dt><dd>Nguyễn Văn An</dd>",
        "30000",
        "ảnh.jpg",
        "image/jpeg",
        "Đã tiếp nhận",
    ] {
        assert!(page.body.contains(shown), "{shown} in {}", page.body);
    }
    let audit = world.audit().await;
    let views: Vec<_> = audit.iter().filter(|row| row.3 == "view").collect();
    assert_eq!(views.len(), 4, "{audit:?}");
    assert!(views
        .iter()
        .any(|row| row.2.as_deref() == Some("HS202600000179") && row.4 == "not_found"));
    assert!(views.iter().any(|row| row.0 == hanoi_officer().as_str()
        && row.1 == "police-residence:01"
        && row.4 == "shown"));
}

#[tokio::test]
async fn approve_refuse_and_ask_move_the_case_and_reach_the_feed() {
    let world = World::start().await;
    for reference in [
        "HS202600000201",
        "HS202600000202",
        "HS202600000203",
        "HS202600000204",
    ] {
        world.hand_over(reference, "id-card", 1).await;
    }
    let hanoi = world.officer(&hanoi_officer()).await;

    let page = hanoi.get("/workbench/cases/HS202600000201").await;
    let approved = hanoi
        .submit(&page, "/workbench/cases/HS202600000201/approve", &[])
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.body);
    // The same form again (a double click) takes no second step.
    let again = hanoi
        .submit(&page, "/workbench/cases/HS202600000201/approve", &[])
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER, "{}", again.body);

    let page = hanoi.get("/workbench/cases/HS202600000202").await;
    let missing = hanoi
        .submit(
            &page,
            "/workbench/cases/HS202600000202/refuse",
            &[("reason_vi", "  ")],
        )
        .await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        missing.body.contains(r##"href="#reason_vi""##),
        "{}",
        missing.body
    );
    assert!(missing
        .body
        .contains(r#"aria-describedby="reason_vi-hint reason_vi-error""#));
    let refused = hanoi
        .submit(
            &page,
            "/workbench/cases/HS202600000202/refuse",
            &[("reason_vi", "Ảnh không rõ mặt."), ("reason_en", "")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::SEE_OTHER, "{}", refused.body);

    let page = hanoi.get("/workbench/cases/HS202600000203").await;
    let asked = hanoi
        .submit(
            &page,
            "/workbench/cases/HS202600000203/ask",
            &[
                ("request_vi", "Xin nộp bản chụp giấy khai sinh."),
                ("request_en", "Please upload your birth certificate."),
                ("document", "yes"),
            ],
        )
        .await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER, "{}", asked.body);
    let answered = world
        .agency
        .call(
            reqwest::Method::POST,
            "/v1/applications/HS202600000203/answers",
            Some(json!({ "round": 1, "text": "Đã gửi.", "documents": [{
                "id": "doc-2", "question": "request-1", "name": "khai-sinh.pdf",
                "media_type": "application/pdf", "sha256": "b".repeat(64),
            }] })),
        )
        .await;
    assert_eq!(answered.status, StatusCode::CREATED, "{}", answered.body);
    // The officer reads the answer, and may ask again: any number of rounds.
    let page = hanoi.get("/workbench/cases/HS202600000203").await;
    assert!(page.body.contains("Đã gửi. (giấy tờ"), "{}", page.body);
    assert!(page.body.contains("khai-sinh.pdf"), "{}", page.body);
    let asked = hanoi
        .submit(
            &page,
            "/workbench/cases/HS202600000203/ask",
            &[("request_vi", "Thêm một lần nữa.")],
        )
        .await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER, "{}", asked.body);

    let feed = world.agency.feed().await;
    assert_eq!(
        statuses_of(&feed, "HS202600000201"),
        ["received", "approved"]
    );
    assert_eq!(
        statuses_of(&feed, "HS202600000202"),
        ["received", "refused"]
    );
    assert_eq!(
        statuses_of(&feed, "HS202600000203"),
        [
            "received",
            "more_information_needed",
            "in_review",
            "more_information_needed"
        ]
    );
    let change = |reference: &str, status: &str| -> Value {
        feed.iter()
            .rev()
            .find(|change| change["reference"] == reference && change["status"] == status)
            .unwrap()
            .clone()
    };
    let result = &change("HS202600000201", "approved")["result"];
    // The same decision as the automatic mode's (`decision::approve`): the office, the year and
    // the case's number, and the lines the citizen reads.
    let number = result["number"].as_str().unwrap_or_default();
    assert!(
        number.starts_with("POLICE-RESIDENCE-01/") && number.ends_with("/000001"),
        "{result}"
    );
    assert!(result["lines"].is_array(), "{result}");
    assert!(result["issued_on"]
        .as_str()
        .is_some_and(|day| day.len() == 10));
    let reason = &change("HS202600000202", "refused")["reason"];
    assert_eq!(reason["vi"], "Ảnh không rõ mặt.");
    assert_eq!(reason["en"], "Ảnh không rõ mặt.");
    let asked = change("HS202600000203", "more_information_needed");
    assert_eq!(asked["round"], 2);
    assert_eq!(asked["request"]["vi"], "Thêm một lần nữa.");
    let first = feed
        .iter()
        .find(|change| change["reference"] == "HS202600000203" && change["round"] == 1)
        .unwrap();
    assert_eq!(first["request"]["document"], true);
    assert_eq!(
        first["request"]["en"],
        "Please upload your birth certificate."
    );

    // A page opened before another step: its form is refused, the case stands.
    let stale = hanoi.get("/workbench/cases/HS202600000204").await;
    let fresh = hanoi.get("/workbench/cases/HS202600000204").await;
    let refused = hanoi
        .submit(
            &fresh,
            "/workbench/cases/HS202600000204/refuse",
            &[("reason_vi", "Không đủ điều kiện.")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::SEE_OTHER);
    let conflict = hanoi
        .submit(&stale, "/workbench/cases/HS202600000204/approve", &[])
        .await;
    assert_eq!(conflict.status, StatusCode::CONFLICT, "{}", conflict.body);
    assert!(conflict.body.contains("The case has changed"));
    let case = world
        .agency
        .get("/v1/applications/HS202600000204")
        .await
        .json();
    assert_eq!(case["status"], "refused");

    // Without the session's CSRF token nothing moves.
    world.hand_over("HS202600000205", "id-card", 1).await;
    let forged = hanoi
        .post(
            "/workbench/cases/HS202600000205/approve",
            &[("from", "received"), ("round", "0")],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN, "{}", forged.body);
    let wrong = hanoi
        .post(
            "/workbench/cases/HS202600000205/approve",
            &[
                ("csrf", "not-the-token"),
                ("from", "received"),
                ("round", "0"),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    let case = world
        .agency
        .get("/v1/applications/HS202600000205")
        .await
        .json();
    assert_eq!(case["status"], "received");

    // With a valid token, another agency's case is not found, and the attempt is audited.
    world.hand_over("HS202600000206", "id-card", 79).await;
    let own = hanoi.get("/workbench/cases/HS202600000205").await;
    let form = own
        .body
        .split("<form ")
        .find(|form| form.contains("/approve"))
        .unwrap();
    let csrf = hidden(form, "csrf");
    let elsewhere = hanoi
        .post(
            "/workbench/cases/HS202600000206/approve",
            &[
                ("csrf", csrf.as_str()),
                ("from", "received"),
                ("round", "0"),
            ],
        )
        .await;
    assert_eq!(
        elsewhere.status,
        StatusCode::NOT_FOUND,
        "{}",
        elsewhere.body
    );
    let case = world
        .agency
        .get("/v1/applications/HS202600000206")
        .await
        .json();
    assert_eq!(case["status"], "received");

    // Nobody decides their own case: one the officer applied for is not theirs to see.
    let mut own_application = application("id-card");
    own_application["province"] = json!(1);
    own_application["applicant_id"] = json!(hanoi_officer().as_str());
    let answer = world
        .agency
        .hand_over("HS202600000207", &own_application)
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    let mine = hanoi.get("/workbench/cases/HS202600000207").await;
    assert_eq!(mine.status, StatusCode::NOT_FOUND, "{}", mine.body);
    assert!(!hanoi
        .get("/workbench")
        .await
        .body
        .contains("HS202600000207"));

    let audit = world.audit().await;
    let actions: Vec<(&str, &str)> = audit
        .iter()
        .filter(|row| !matches!(row.3.as_str(), "view" | "queue"))
        .map(|row| (row.3.as_str(), row.4.as_str()))
        .collect();
    assert_eq!(
        actions,
        [
            ("sign_in", "done"),
            ("approve", "done"),
            ("approve", "repeated"),
            ("refuse", "invalid"),
            ("refuse", "done"),
            ("ask", "done"),
            ("ask", "done"),
            ("refuse", "done"),
            ("approve", "conflict"),
            ("approve", "not_found"),
        ]
    );

    // Signing out ends the session: the same cookie opens nothing.
    let queue = hanoi.get("/workbench").await;
    let signed_out = hanoi
        .post(
            "/workbench/sign-out",
            &[("csrf", &hidden(&queue.body, "csrf"))],
        )
        .await;
    assert_eq!(signed_out.status, StatusCode::OK, "{}", signed_out.body);
    let after = hanoi.get("/workbench/cases/HS202600000205").await;
    assert_eq!(after.status, StatusCode::SEE_OTHER);
}
