//! Starts the agency on a free loopback port and speaks to it as the portal would.

#![allow(dead_code)] // Each test file uses its own part of the harness.

use std::{net::SocketAddr, time::Duration};

use agency::{Config, Running};
use reqwest::{Client, Method, StatusCode};
use serde_json::{json, Value};

pub const TOKEN: &str = agency::DEVELOPMENT_PORTAL_TOKEN;
pub const ADMIN_TOKEN: &str = agency::DEVELOPMENT_ADMIN_TOKEN;

/// A personal ID number of the right shape (Hà Nội's province code).
pub const APPLICANT: &str = "001090000001";

pub struct Agency {
    pub base: String,
    pub http: Client,
    running: Running,
}

/// Plain HTTP answers, read once.
pub struct Answer {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|_| panic!("not JSON ({}): {}", self.status, self.body))
    }

    /// Asserts an API error: its status and `code`, with a message for people.
    pub fn assert_error(&self, status: StatusCode, code: &str) {
        assert_eq!(self.status, status, "{}", self.body);
        let body = self.json();
        assert_eq!(body["code"], code, "{body}");
        assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
}

/// The agency's settings in tests: a free port, operator routes on, quick automatic steps.
pub fn config(database: Option<String>) -> Config {
    Config {
        bind: SocketAddr::from(([127, 0, 0, 1], 0)),
        database,
        automatic_delay: Duration::from_millis(50),
        admin_enabled: true,
        ..Config::default()
    }
}

impl Agency {
    pub async fn start(config: Config) -> Self {
        Self::serving(agency::start(config).await.expect("the agency starts"))
    }

    /// The agency `running` serves, however it was started.
    pub fn serving(running: Running) -> Self {
        Self {
            base: running.public_url.clone(),
            http: Client::new(),
            running,
        }
    }

    /// Stops serving and the worker, and waits until both have let go.
    pub async fn stop(self) {
        self.running.task.abort();
        let _ = self.running.task.await;
    }

    pub async fn call(&self, method: Method, path: &str, body: Option<Value>) -> Answer {
        let token = if path.starts_with("/admin/") {
            ADMIN_TOKEN
        } else {
            TOKEN
        };
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        read(request.send().await.expect("the agency answers")).await
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.call(Method::GET, path, None).await
    }

    pub async fn hand_over(&self, reference: &str, body: &Value) -> Answer {
        let path = format!("/v1/applications/{reference}");
        self.call(Method::PUT, &path, Some(body.clone())).await
    }

    /// Sends `body` as raw bytes to the hand-over route, for layouts a `Value` cannot keep.
    pub async fn hand_over_raw(&self, reference: &str, body: Vec<u8>) -> Answer {
        let request = self
            .http
            .put(format!("{}/v1/applications/{reference}", self.base))
            .bearer_auth(TOKEN)
            .header("content-type", "application/json")
            .body(body);
        read(request.send().await.expect("the agency answers")).await
    }

    /// Sets a mode through the operator route.
    pub async fn set_mode(&self, setting: Value) {
        let answer = self.call(Method::PUT, "/admin/modes", Some(setting)).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    }

    /// An officer's step on a case.
    pub async fn decide(&self, reference: &str, decision: Value) -> Answer {
        let path = format!("/admin/applications/{reference}/status");
        self.call(Method::POST, &path, Some(decision)).await
    }

    /// Polls the case until it has `status`, for at most ten seconds.
    pub async fn wait_for(&self, reference: &str, status: &str) -> Value {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            let case = self
                .get(&format!("/v1/applications/{reference}"))
                .await
                .json();
            if case["status"] == status {
                return case;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "{reference} never reached {status}: {case}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// The whole feed from the start, followed through its cursor a page at a time.
    pub async fn feed(&self) -> Vec<Value> {
        let mut changes = Vec::new();
        let mut after = 0;
        loop {
            let page = self
                .get(&format!("/v1/changes?after={after}&limit=2"))
                .await
                .json();
            let items = page["changes"].as_array().expect("changes").clone();
            if items.is_empty() {
                assert_eq!(page["next_after"], after);
                return changes;
            }
            after = page["next_after"].as_i64().expect("next_after");
            changes.extend(items);
        }
    }
}

pub async fn read(response: reqwest::Response) -> Answer {
    Answer {
        status: response.status(),
        headers: response.headers().clone(),
        body: response.text().await.expect("a body"),
    }
}

/// A well-formed hand-over of `service`.
pub fn application(service: &str) -> Value {
    json!({
        "service": service,
        "province": 1,
        "applicant_id": APPLICANT,
        "subject_id": APPLICANT,
        "acting_for": null,
        "answers": { "reason": "expiring", "delivery": "post" },
        "facts": { "person": { "full_name": "Nguyễn Văn An" } },
        "documents": [{
            "id": "doc-1",
            "question": "photo",
            "name": "ảnh.jpg",
            "media_type": "image/jpeg",
            "sha256": "a".repeat(64),
        }],
        "payment": { "payment_id": "pay-1", "amount": 30000, "paid_at": "2026-12-05T09:00:00+07:00" },
        "submitted_at": "2026-12-05T09:01:00+07:00",
    })
}

/// The statuses of `reference`'s changes on `feed`, in order.
pub fn statuses_of(feed: &[Value], reference: &str) -> Vec<String> {
    feed.iter()
        .filter(|change| change["reference"] == reference)
        .map(|change| change["status"].as_str().expect("status").to_owned())
        .collect()
}
