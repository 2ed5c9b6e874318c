//! The portal's client of the agencies' case systems (`backends/agency`, its OpenAPI document at
//! `/openapi.json`): handing a submitted application over, reading the feed of their cases'
//! changes, and forwarding a citizen's answer to a request for more information.
//!
//! Each call says whether trying again can help ([`AgencyError::Unavailable`]: not reachable, a
//! 5xx, 429) or not ([`AgencyError::Refused`]: a 4xx, with the agency's error code). Retrying is
//! the caller's business (the delivery job keeps its backoff in the database, so that it outlives
//! a restart). The log names the call and the status or code, never a body: hand-overs and
//! answers carry ID numbers, names and the citizen's words.

use super::http::{self, ExtraRoots};
use crate::store::agency_outbox::Document;
use domain::text::OwnedText;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::time::Duration;

/// Why a call did not succeed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AgencyError {
    /// Not reachable, slow, overloaded or failing: the same call may succeed later.
    Unavailable,
    /// Refused with this status and the agency's error code (`reference_conflict`,
    /// `cursor_ahead`, `invalid_request`…): the same call will be refused again.
    Refused { status: u16, code: String },
}

impl AgencyError {
    /// The agency's code, or `unavailable`, for logs and for parking a hand-over.
    pub fn code(&self) -> &str {
        match self {
            Self::Unavailable => "unavailable",
            Self::Refused { code, .. } => code,
        }
    }
}

/// A case as the agency answers a hand-over or an answer.
#[derive(Debug, Clone, Deserialize)]
pub struct Case {
    pub reference: String,
    /// An id of the agency's directory, such as `police-residence:79`.
    pub agency: String,
    pub status: String,
    /// The last day of the statutory period, where the service has one.
    pub deadline: Option<String>,
}

/// One status change of one case, as the feed gives it.
#[derive(Debug, Clone, Deserialize)]
pub struct Change {
    pub sequence: i64,
    pub reference: String,
    /// `received`, `in_review`, `more_information_needed`, `approved` or `refused`.
    pub status: String,
    /// With `more_information_needed`: the round an answer must name, and what is asked.
    pub round: Option<i64>,
    pub request: Option<OwnedText>,
    /// With `refused`.
    pub reason: Option<OwnedText>,
    /// With `approved`: the record issued, such as `{number, issued_on}`.
    pub result: Option<Value>,
}

/// A page of the feed and the cursor for the next one.
#[derive(Debug, Clone, Deserialize)]
pub struct Feed {
    pub changes: Vec<Change>,
    pub next_after: i64,
}

/// The citizen's answer to the open round: words, papers, or both.
#[derive(Debug, Clone, Serialize)]
pub struct Answer<'a> {
    pub round: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<&'a str>,
    pub documents: &'a [Document],
}

/// An agency of the directory, for naming it to citizens.
#[derive(Debug, Clone, Deserialize)]
pub struct Agency {
    pub id: String,
    pub name: OwnedText,
}

#[derive(Deserialize)]
struct Directory {
    agencies: Vec<Agency>,
}

pub struct AgencyClient {
    http: reqwest::Client,
    base_url: String,
    token: String,
}

impl AgencyClient {
    pub fn new(base_url: &str, token: &str, roots: &ExtraRoots) -> Self {
        let http = http::client(roots, Duration::from_secs(2), Duration::from_secs(10));
        Self {
            http,
            base_url: base_url.trim_end_matches('/').to_string(),
            token: token.to_string(),
        }
    }

    /// `PUT /v1/applications/{reference}` with the frozen body exactly as it was stored, so that
    /// a repeat is byte for byte the first attempt (the agency answers it 200, not 409).
    pub async fn hand_over(&self, reference: &str, body: &str) -> Result<Case, AgencyError> {
        let request = self
            .http
            .put(format!("{}/v1/applications/{reference}", self.base_url))
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body.to_string());
        self.send("hand_over", request).await
    }

    /// `GET /v1/changes?after=…`: the changes after the cursor. A cursor beyond the feed's end is
    /// `Refused` with `cursor_ahead`: the feed restarted.
    pub async fn changes(&self, after: i64, limit: u32) -> Result<Feed, AgencyError> {
        let request = self
            .http
            .get(format!("{}/v1/changes", self.base_url))
            .query(&[("after", after.to_string()), ("limit", limit.to_string())]);
        self.send("changes", request).await
    }

    /// `POST /v1/applications/{reference}/answers`; the same answer to the same round again is
    /// accepted, so a retry is safe.
    pub async fn answer(&self, reference: &str, answer: &Answer<'_>) -> Result<Case, AgencyError> {
        let request = self
            .http
            .post(format!(
                "{}/v1/applications/{reference}/answers",
                self.base_url
            ))
            .json(answer);
        self.send("answer", request).await
    }

    /// `GET /v1/agencies`: every agency with its names.
    pub async fn agencies(&self) -> Result<Vec<Agency>, AgencyError> {
        let request = self.http.get(format!("{}/v1/agencies", self.base_url));
        let directory: Directory = self.send("agencies", request).await?;
        Ok(directory.agencies)
    }

    async fn send<T: for<'de> Deserialize<'de>>(
        &self,
        call: &'static str,
        request: reqwest::RequestBuilder,
    ) -> Result<T, AgencyError> {
        let response = request
            .bearer_auth(&self.token)
            .send()
            .await
            .map_err(|_| AgencyError::Unavailable)?;
        let status = response.status();
        if status.is_success() {
            return response.json().await.map_err(|_| {
                tracing::error!(call, "the agency answered with an unexpected shape");
                AgencyError::Refused {
                    status: status.as_u16(),
                    code: "unexpected_response".into(),
                }
            });
        }
        if status.is_server_error() || status == reqwest::StatusCode::TOO_MANY_REQUESTS {
            tracing::warn!(call, status = status.as_u16(), "the agency is unavailable");
            return Err(AgencyError::Unavailable);
        }
        let code = response
            .json::<Value>()
            .await
            .ok()
            .and_then(|error| error["code"].as_str().map(str::to_string))
            .unwrap_or_else(|| status.as_u16().to_string());
        tracing::warn!(call, status = status.as_u16(), %code, "the agency refused a request");
        Err(AgencyError::Refused {
            status: status.as_u16(),
            code,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::agency_outbox::{hand_over, Submission};
    use domain::engine::{Answers, Context};

    /// The body the portal freezes for a passport with a photo and a fee, as JSON.
    fn passport(reason: &str) -> String {
        let mut answers = Answers::default();
        answers.set("reason", reason.into());
        let context = Context::default();
        let submission = Submission {
            id: "a1",
            service: "passport",
            applicant_id: "079090001234",
            subject_id: "079090001234",
            answers: &answers,
            context: &context,
            paid: Some(("p1", 200_000)),
        };
        let photo = Document {
            id: "d1".into(),
            question: "photo".into(),
            name: "anh.jpg".into(),
            media_type: "image/jpeg".into(),
            sha256: "ab".repeat(32),
        };
        serde_json::to_string(&hand_over(&submission, vec![photo], 1_796_437_260)).unwrap()
    }

    #[tokio::test]
    async fn the_agency_takes_the_portals_hand_over_once_and_every_failure_is_classified() {
        let running = agency::start(agency::Config {
            bind: "127.0.0.1:0".parse().unwrap(),
            ..agency::Config::default()
        })
        .await
        .unwrap();
        let client = AgencyClient::new(
            &running.public_url,
            agency::DEVELOPMENT_PORTAL_TOKEN,
            &ExtraRoots::default(),
        );

        let case = client
            .hand_over("HS202600000001", &passport("expiring"))
            .await;
        assert_eq!(case.unwrap().agency, "immigration:79");
        let repeat = client
            .hand_over("HS202600000001", &passport("expiring"))
            .await;
        assert_eq!(repeat.unwrap().reference, "HS202600000001");
        let changed = client.hand_over("HS202600000001", &passport("lost")).await;
        let conflict = AgencyError::Refused {
            status: 409,
            code: "reference_conflict".into(),
        };
        assert_eq!(changed.unwrap_err(), conflict);

        let feed = client.changes(0, 100).await.unwrap();
        assert_eq!(feed.changes[0].status, "received");
        let ahead = client.changes(feed.next_after + 10, 100).await.unwrap_err();
        assert_eq!(ahead.code(), "cursor_ahead");
        let wrong_token = AgencyClient::new(
            &running.public_url,
            "not-the-portal-token",
            &ExtraRoots::default(),
        );
        let refused = wrong_token.changes(0, 1).await.unwrap_err();
        assert!(matches!(refused, AgencyError::Refused { status: 401, .. }));

        running.task.abort();
        let _ = running.task.await;
        assert_eq!(
            client.changes(0, 1).await.unwrap_err(),
            AgencyError::Unavailable
        );
    }
}
