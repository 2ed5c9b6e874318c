//! The gateway end to end over real HTTP on a loopback port: a merchant creates payments and
//! reads their status, a browser-like client uses the checkout page's forms, and every answer is
//! checked the way a merchant or a browser would check it.

use payment::{Config, Merchant};
use reqwest::{header, redirect, Client, StatusCode};
use serde_json::{json, Value};
use std::net::SocketAddr;

const SECRET: &str = "portal-pay-secret";
const RETURN_URL: &str = "http://portal.test/applications/HS-1/payment";

struct Gateway {
    base: String,
    http: Client,
}

/// Plain HTTP answers, read once.
struct Answer {
    status: StatusCode,
    headers: header::HeaderMap,
    body: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|_| panic!("not JSON ({}): {}", self.status, self.body))
    }

    fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
    }

    /// Asserts an API error: its status and `code`, with a message for people.
    fn assert_error(&self, status: StatusCode, code: &str) {
        assert_eq!(self.status, status, "{}", self.body);
        let body = self.json();
        assert_eq!(body["code"], code, "{body}");
        assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
}

async fn read(response: reqwest::Response) -> Answer {
    Answer {
        status: response.status(),
        headers: response.headers().clone(),
        body: response.text().await.expect("a body"),
    }
}

async fn start_gateway(admin: bool) -> Gateway {
    let running = payment::start(Config {
        bind: SocketAddr::from(([127, 0, 0, 1], 0)),
        merchants: vec![
            Merchant {
                return_url_prefixes: vec!["http://portal.test/".into()],
                ..Merchant::portal()
            },
            Merchant {
                id: "hospital".into(),
                secret: "hospital-pay-secret".into(),
                display_name: "Bệnh viện".into(),
                return_url_prefixes: vec!["http://hospital.test/".into()],
            },
        ],
        admin_enabled: admin,
        ..Config::default()
    })
    .await
    .expect("the gateway starts");
    Gateway {
        base: running.public_url,
        // A browser that shows each redirect instead of following it, so tests can check it.
        http: Client::builder()
            .redirect(redirect::Policy::none())
            .build()
            .unwrap(),
    }
}

fn order(amount: Value) -> Value {
    json!({
        "amount_vnd": amount,
        "description": "Lệ phí cấp lại căn cước — HS-1",
        "reference": "HS-1",
        "return_url": RETURN_URL,
    })
}

impl Gateway {
    async fn create_as(&self, secret: Option<&str>, key: Option<&str>, body: &Value) -> Answer {
        let mut request = self.http.post(format!("{}/v1/payments", self.base));
        if let Some(secret) = secret {
            request = request.bearer_auth(secret);
        }
        if let Some(key) = key {
            request = request.header("Idempotency-Key", key);
        }
        read(request.json(body).send().await.unwrap()).await
    }

    async fn create(&self, key: &str, body: &Value) -> Answer {
        self.create_as(Some(SECRET), Some(key), body).await
    }

    /// A new pending payment of 135,000 đ: its id and checkout URL.
    async fn pending(&self, key: &str) -> (String, String) {
        let created = self.create(key, &order(json!(135_000))).await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
        let body = created.json();
        assert_eq!(body["status"], "pending");
        let id = body["payment_id"].as_str().unwrap().to_owned();
        let redirect_url = body["redirect_url"].as_str().unwrap().to_owned();
        (id, redirect_url)
    }

    async fn status_as(&self, secret: Option<&str>, id: &str) -> Answer {
        let mut request = self.http.get(format!("{}/v1/payments/{id}", self.base));
        if let Some(secret) = secret {
            request = request.bearer_auth(secret);
        }
        read(request.send().await.unwrap()).await
    }

    async fn status(&self, id: &str) -> Value {
        let answer = self.status_as(Some(SECRET), id).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
        answer.json()
    }

    async fn get(&self, url: &str) -> Answer {
        read(self.http.get(url).send().await.unwrap()).await
    }

    async fn post_form(&self, url: &str, form: &[(&str, &str)]) -> Answer {
        read(self.http.post(url).form(form).send().await.unwrap()).await
    }

    async fn set_outage(&self, outage: bool) -> Answer {
        let url = format!("{}/admin/faults", self.base);
        read(
            self.http
                .post(url)
                .json(&json!({ "outage": outage }))
                .send()
                .await
                .unwrap(),
        )
        .await
    }
}

/// The CSRF token of the checkout page's forms.
fn csrf_token(html: &str) -> String {
    let marker = r#"name="csrf_token" value=""#;
    let start = html.find(marker).expect("a CSRF field") + marker.len();
    let end = start + html[start..].find('"').unwrap();
    html[start..end].to_owned()
}

/// Opens the checkout page and submits one of its forms as a browser would.
async fn choose(gateway: &Gateway, checkout_url: &str, method: &str) -> Answer {
    let page = gateway.get(checkout_url).await;
    assert_eq!(page.status, StatusCode::OK);
    let csrf = csrf_token(&page.body);
    gateway
        .post_form(checkout_url, &[("csrf_token", &csrf), ("method", method)])
        .await
}

async fn cancel(gateway: &Gateway, checkout_url: &str) -> Answer {
    let page = gateway.get(checkout_url).await;
    let csrf = csrf_token(&page.body);
    gateway
        .post_form(&format!("{checkout_url}/cancel"), &[("csrf_token", &csrf)])
        .await
}

fn back_to_merchant(id: &str) -> String {
    format!("{RETURN_URL}?payment_id={id}")
}

#[tokio::test]
async fn a_payment_is_created_paid_on_the_checkout_page_and_confirmed() {
    let gateway = start_gateway(false).await;
    let (id, checkout_url) = gateway.pending("attempt-1").await;
    assert!(id.starts_with("pay_") && id.len() > 20, "{id}");
    assert_eq!(checkout_url, format!("{}/pay/{id}", gateway.base));
    let status = gateway.status(&id).await;
    assert_eq!(
        status,
        json!({ "payment_id": id, "status": "pending", "amount_vnd": 135_000, "reference": "HS-1" })
    );

    let page = gateway.get(&checkout_url).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.header("content-type").starts_with("text/html"));
    let csp = page.header("content-security-policy");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(
        csp.contains("form-action 'self' http://portal.test"),
        "{csp}"
    );
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(page.header("x-frame-options"), "DENY");
    assert_eq!(page.header("cache-control"), "no-store");
    for expected in [
        r#"<html lang="vi">"#,
        "135.000 đ",
        "Lệ phí cấp lại căn cước — HS-1",
        "Cổng dịch vụ công",
        "<legend>Chọn ngân hàng hoặc ví",
        r#"<label for="method-vietcombank">Vietcombank</label>"#,
        r#"<label for="method-bidv">BIDV</label>"#,
        r#"<label for="method-vnpt-money">Ví VNPT Money</label>"#,
        r#"<label for="method-test-decline">Ngân hàng thử nghiệm (luôn từ chối)</label>"#,
        r#">Thanh toán</button>"#,
        r#">Hủy thanh toán</button>"#,
        &format!(r#"<form method="post" action="/pay/{id}" "#),
        &format!(r#"<form method="post" action="/pay/{id}/cancel""#),
    ] {
        assert!(page.body.contains(expected), "missing {expected}");
    }
    assert!(!page.body.contains("<script"));
    let stylesheet = gateway
        .get(&format!("{}/assets/payment.css", gateway.base))
        .await;
    assert_eq!(stylesheet.status, StatusCode::OK);
    assert!(stylesheet.header("content-type").starts_with("text/css"));

    let paid = choose(&gateway, &checkout_url, "vietcombank").await;
    assert_eq!(paid.status, StatusCode::SEE_OTHER);
    assert_eq!(paid.header("location"), back_to_merchant(&id));

    let status = gateway.status(&id).await;
    assert_eq!(status["status"], "paid");
    assert_eq!(status["amount_vnd"], 135_000);
    assert_eq!(status["reference"], "HS-1");
    let paid_at = status["paid_at"].as_str().expect("paid_at");
    assert!(paid_at.len() >= 20 && paid_at.contains('T'), "{paid_at}");
    assert!(status.get("failure_reason").is_none());
}

#[tokio::test]
async fn the_test_bank_always_declines() {
    let gateway = start_gateway(false).await;
    let (id, checkout_url) = gateway.pending("attempt-1").await;
    let csrf = csrf_token(&gateway.get(&checkout_url).await.body);
    let declined = gateway
        .post_form(
            &checkout_url,
            &[("csrf_token", &csrf), ("method", "test-decline")],
        )
        .await;
    assert_eq!(declined.status, StatusCode::SEE_OTHER);
    assert_eq!(declined.header("location"), back_to_merchant(&id));
    let status = gateway.status(&id).await;
    assert_eq!(status["status"], "failed");
    assert_eq!(status["failure_reason"], "declined");
    assert!(status.get("paid_at").is_none());

    let page = gateway.get(&checkout_url).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Thanh toán không thành công"));
    assert!(!page.body.contains("<form"));

    // Failed stays failed: a retry is a new payment, under a new key.
    let again = gateway
        .post_form(&checkout_url, &[("csrf_token", &csrf), ("method", "bidv")])
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let (retry, _) = gateway.pending("attempt-2").await;
    assert_ne!(retry, id);
    assert_eq!(gateway.status(&id).await["status"], "failed");
}

#[tokio::test]
async fn cancelling_returns_to_the_merchant_and_ends_the_payment() {
    let gateway = start_gateway(false).await;
    let (id, checkout_url) = gateway.pending("attempt-1").await;
    let cancelled = cancel(&gateway, &checkout_url).await;
    assert_eq!(cancelled.status, StatusCode::SEE_OTHER);
    assert_eq!(cancelled.header("location"), back_to_merchant(&id));
    let status = gateway.status(&id).await;
    assert_eq!(status["status"], "cancelled");
    assert!(status.get("paid_at").is_none());
    let page = gateway.get(&checkout_url).await;
    assert!(page.body.contains("Bạn đã hủy thanh toán"));
    assert!(page
        .body
        .contains(&format!(r#"href="{}""#, back_to_merchant(&id))));
}

#[tokio::test]
async fn a_paid_payment_cannot_be_paid_or_cancelled_again() {
    let gateway = start_gateway(false).await;
    let (id, checkout_url) = gateway.pending("attempt-1").await;
    let page = gateway.get(&checkout_url).await;
    let csrf = csrf_token(&page.body);
    let form = [("csrf_token", csrf.as_str()), ("method", "bidv")];
    let first = gateway.post_form(&checkout_url, &form).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);

    // The same form sent again (a double click, the back button) is refused, and says why.
    let second = gateway.post_form(&checkout_url, &form).await;
    assert_eq!(second.status, StatusCode::CONFLICT);
    assert!(second.body.contains("Khoản này đã được thanh toán"));
    let cancel = gateway
        .post_form(
            &format!("{checkout_url}/cancel"),
            &[("csrf_token", csrf.as_str())],
        )
        .await;
    assert_eq!(cancel.status, StatusCode::CONFLICT);
    assert_eq!(gateway.status(&id).await["status"], "paid");

    let page = gateway.get(&checkout_url).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Khoản này đã được thanh toán"));
    assert!(!page.body.contains(">Thanh toán</button>"));
}

#[tokio::test]
async fn paying_without_a_choice_asks_for_one() {
    let gateway = start_gateway(false).await;
    let (id, checkout_url) = gateway.pending("attempt-1").await;
    for method in ["", "paypal"] {
        let answer = choose(&gateway, &checkout_url, method).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST);
        assert!(answer.body.contains("<title>Lỗi: "));
        assert!(answer
            .body
            .contains(r##"<a href="#method-vietcombank">Chọn ngân hàng hoặc ví để thanh toán."##));
        assert!(answer
            .body
            .contains(r#"aria-describedby="method-hint method-error""#));
    }
    assert_eq!(gateway.status(&id).await["status"], "pending");
}

#[tokio::test]
async fn forms_without_the_payments_token_are_refused() {
    let gateway = start_gateway(false).await;
    let (id, checkout_url) = gateway.pending("attempt-1").await;
    let (_, other_url) = gateway.pending("attempt-2").await;
    let other_token = csrf_token(&gateway.get(&other_url).await.body);
    for token in ["", "forged", other_token.as_str()] {
        let pay = gateway
            .post_form(&checkout_url, &[("csrf_token", token), ("method", "bidv")])
            .await;
        assert_eq!(pay.status, StatusCode::FORBIDDEN, "token {token:?}");
        let cancel = gateway
            .post_form(&format!("{checkout_url}/cancel"), &[("csrf_token", token)])
            .await;
        assert_eq!(cancel.status, StatusCode::FORBIDDEN, "token {token:?}");
    }
    let unreadable = read(
        gateway
            .http
            .post(&checkout_url)
            .header(header::CONTENT_TYPE, "application/json")
            .body("{}")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(unreadable.status, StatusCode::BAD_REQUEST);
    assert_eq!(gateway.status(&id).await["status"], "pending");
}

#[tokio::test]
async fn an_idempotency_key_returns_its_payment_and_refuses_another_order() {
    let gateway = start_gateway(false).await;
    let body = order(json!(135_000));
    let first = gateway.create("attempt-1", &body).await;
    let again = gateway.create("attempt-1", &body).await;
    assert_eq!(again.status, StatusCode::CREATED);
    assert_eq!(again.json(), first.json());
    assert_eq!(again.header("idempotent-replayed"), "true");
    assert_eq!(first.header("idempotent-replayed"), "");

    let mut changed = body.clone();
    changed["amount_vnd"] = json!(200_000);
    gateway
        .create("attempt-1", &changed)
        .await
        .assert_error(StatusCode::CONFLICT, "idempotency_key_reused");
    let other = gateway.create("attempt-2", &body).await;
    assert_ne!(other.json()["payment_id"], first.json()["payment_id"]);

    // Keys belong to a merchant: another merchant's same key is its own payment.
    let mut hospital_order = body.clone();
    hospital_order["return_url"] = json!("http://hospital.test/paid");
    let hospital = gateway
        .create_as(
            Some("hospital-pay-secret"),
            Some("attempt-1"),
            &hospital_order,
        )
        .await;
    assert_eq!(hospital.status, StatusCode::CREATED);
    assert_ne!(hospital.json()["payment_id"], first.json()["payment_id"]);

    gateway
        .create_as(Some(SECRET), None, &body)
        .await
        .assert_error(StatusCode::BAD_REQUEST, "idempotency_key_required");
    for bad_key in ["", "   ", &"k".repeat(256)] {
        gateway
            .create(bad_key, &body)
            .await
            .assert_error(StatusCode::BAD_REQUEST, "invalid_idempotency_key");
    }
}

#[tokio::test]
async fn the_api_demands_a_known_merchant() {
    let gateway = start_gateway(false).await;
    let (id, _) = gateway.pending("attempt-1").await;
    let body = order(json!(1_000));
    for secret in [None, Some("wrong"), Some("")] {
        let create = gateway.create_as(secret, Some("k"), &body).await;
        create.assert_error(StatusCode::UNAUTHORIZED, "unauthorized");
        assert!(create.header("www-authenticate").starts_with("Bearer"));
        gateway
            .status_as(secret, &id)
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "unauthorized");
    }
    let basic = read(
        gateway
            .http
            .get(format!("{}/v1/payments/{id}", gateway.base))
            .basic_auth("portal", Some(SECRET))
            .send()
            .await
            .unwrap(),
    )
    .await;
    basic.assert_error(StatusCode::UNAUTHORIZED, "unauthorized");

    // Another merchant cannot learn of the payment, nor can anyone read one that does not exist.
    gateway
        .status_as(Some("hospital-pay-secret"), &id)
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
    gateway
        .status_as(Some(SECRET), "pay_doesnotexist")
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
    let page = gateway
        .get(&format!("{}/pay/pay_doesnotexist", gateway.base))
        .await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.body.contains("Không tìm thấy khoản thanh toán"));
}

#[tokio::test]
async fn return_urls_must_lead_back_to_the_merchant() {
    let gateway = start_gateway(false).await;
    let with = |url: &str| {
        let mut body = order(json!(1_000));
        body["return_url"] = json!(url);
        body
    };
    for refused in [
        "http://evil.test/applications",
        "http://portal.test.evil.test/",
        "http://portal.test@evil.test/",
        "https://portal.test/",
        "http://hospital.test/paid",
    ] {
        gateway
            .create("refused", &with(refused))
            .await
            .assert_error(StatusCode::BAD_REQUEST, "return_url_not_allowed");
    }
    for invalid in [
        "not a url",
        "ftp://portal.test/",
        "/relative",
        "javascript:alert(1)",
    ] {
        gateway
            .create("invalid", &with(invalid))
            .await
            .assert_error(StatusCode::BAD_REQUEST, "invalid_return_url");
    }
    let mut missing = order(json!(1_000));
    missing.as_object_mut().unwrap().remove("return_url");
    gateway
        .create("missing", &missing)
        .await
        .assert_error(StatusCode::BAD_REQUEST, "invalid_return_url");

    // A return URL with a query of its own keeps it; the payment id is added.
    let created = gateway
        .create("query", &with("http://portal.test/back?step=pay"))
        .await
        .json();
    let id = created["payment_id"].as_str().unwrap();
    let checkout_url = created["redirect_url"].as_str().unwrap();
    let paid = choose(&gateway, checkout_url, "vnpt-money").await;
    assert_eq!(
        paid.header("location"),
        format!("http://portal.test/back?step=pay&payment_id={id}")
    );
}

#[tokio::test]
async fn amounts_must_be_whole_dong_within_the_limits() {
    let gateway = start_gateway(false).await;
    for accepted in [1, 100_000_000] {
        let answer = gateway
            .create(&format!("ok-{accepted}"), &order(json!(accepted)))
            .await;
        assert_eq!(answer.status, StatusCode::CREATED, "{accepted}");
        let id = answer.json()["payment_id"].as_str().unwrap().to_owned();
        assert_eq!(gateway.status(&id).await["amount_vnd"], accepted);
    }
    for (key, refused) in [
        ("zero", json!(0)),
        ("over", json!(100_000_001)),
        ("negative", json!(-5)),
        ("fraction", json!(1.5)),
        ("huge", json!(1e30)),
        ("null", Value::Null),
    ] {
        gateway
            .create(key, &order(refused))
            .await
            .assert_error(StatusCode::BAD_REQUEST, "amount_out_of_range");
    }
    gateway
        .create("text", &order(json!("135000")))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "invalid_body");
}

#[tokio::test]
async fn descriptions_references_and_bodies_are_checked() {
    let gateway = start_gateway(false).await;
    let with = |field: &str, value: Value| {
        let mut body = order(json!(1_000));
        body[field] = value;
        body
    };
    for (key, body, code) in [
        ("d1", with("description", json!("")), "invalid_description"),
        (
            "d2",
            with("description", json!("x".repeat(201))),
            "invalid_description",
        ),
        (
            "d3",
            with("description", json!("a\u{0}b")),
            "invalid_description",
        ),
        ("r1", with("reference", json!("  ")), "invalid_reference"),
        (
            "r2",
            with("reference", json!("x".repeat(65))),
            "invalid_reference",
        ),
        ("r3", with("reference", json!(42)), "invalid_body"),
        ("b1", json!([1, 2]), "invalid_body"),
    ] {
        gateway
            .create(key, &body)
            .await
            .assert_error(StatusCode::BAD_REQUEST, code);
    }
    let not_json = read(
        gateway
            .http
            .post(format!("{}/v1/payments", gateway.base))
            .bearer_auth(SECRET)
            .header("Idempotency-Key", "raw")
            .header(header::CONTENT_TYPE, "application/json")
            .body("{\"amount_vnd\": 5,")
            .send()
            .await
            .unwrap(),
    )
    .await;
    not_json.assert_error(StatusCode::BAD_REQUEST, "invalid_body");
    let no_type = read(
        gateway
            .http
            .post(format!("{}/v1/payments", gateway.base))
            .bearer_auth(SECRET)
            .header("Idempotency-Key", "raw")
            .body(order(json!(5)).to_string())
            .send()
            .await
            .unwrap(),
    )
    .await;
    no_type.assert_error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
    gateway
        .get(&format!("{}/v2/nothing", gateway.base))
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test]
async fn an_injected_outage_takes_the_api_down_until_lifted() {
    let gateway = start_gateway(true).await;
    let (id, _) = gateway.pending("before").await;
    let on = gateway.set_outage(true).await;
    assert_eq!(on.status, StatusCode::OK);
    assert_eq!(on.json(), json!({ "outage": true }));

    let create = gateway.create("during", &order(json!(1_000))).await;
    create.assert_error(StatusCode::SERVICE_UNAVAILABLE, "unavailable");
    assert!(!create.header("retry-after").is_empty());
    gateway
        .status_as(Some(SECRET), &id)
        .await
        .assert_error(StatusCode::SERVICE_UNAVAILABLE, "unavailable");

    gateway.set_outage(false).await;
    assert_eq!(gateway.status(&id).await["status"], "pending");
    gateway.pending("after").await;

    let bad = read(
        gateway
            .http
            .post(format!("{}/admin/faults", gateway.base))
            .json(&json!({ "outage": "yes" }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    bad.assert_error(StatusCode::BAD_REQUEST, "invalid_body");
}

#[tokio::test]
async fn fault_injection_exists_only_when_admin_is_enabled() {
    let gateway = start_gateway(false).await;
    gateway
        .set_outage(true)
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
    gateway.pending("still-up").await;
}
