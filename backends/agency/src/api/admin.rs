//! Operator routes, mounted only when the configuration enables them and guarded by the
//! operator's own token: switching an agency or a service between automatic and manual, and acting
//! as an officer on a case until the officer's workbench exists.

use axum::{extract::State, Json};
use serde::Deserialize;
use serde_json::{json, Map, Value};
use time::{macros::format_description, Date, OffsetDateTime};

use super::{
    body::JsonBody,
    error::{ApiError, ApiResult},
    hand_over::{self, Reference},
};
use crate::{
    directory,
    state::AppState,
    store::{
        cases::{self, Case, Move, Moved},
        modes::{self, Mode, Setting, MAXIMUM_DELAY_MS},
        Status,
    },
};

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum ModeName {
    Automatic,
    Manual,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModeRequest {
    agency: Option<String>,
    service: Option<String>,
    mode: ModeName,
    delay_ms: Option<u64>,
}

/// `GET /admin/modes`: the settings made so far.
pub async fn list_modes(State(state): State<AppState>) -> ApiResult<Json<Value>> {
    let mut connection = state.db.pool().acquire().await?;
    let settings = modes::list(&mut connection).await?;
    Ok(Json(json!({
        "default": { "mode": "automatic", "delay_ms": state.config.automatic_delay.as_millis() },
        "settings": settings,
    })))
}

/// `PUT /admin/modes`: sets the mode of an agency, a service, or a service at an agency.
pub async fn set_mode(
    State(state): State<AppState>,
    JsonBody(request): JsonBody<ModeRequest>,
) -> ApiResult<Json<Setting>> {
    if let Some(agency) = &request.agency {
        if directory::by_id(agency).is_none() {
            return Err(ApiError::unprocessable(
                "unknown_agency",
                "agency is not an id of GET /v1/agencies",
            ));
        }
    }
    if let Some(service) = &request.service {
        if domain::definitions::by_slug(service).is_none() {
            return Err(ApiError::unprocessable(
                "unknown_service",
                "service is not the slug of a service the portal offers",
            ));
        }
    }
    let mode = match (request.mode, request.delay_ms) {
        (ModeName::Manual, Some(_)) => {
            return Err(ApiError::unprocessable(
                "invalid_field",
                "delay_ms goes with mode automatic only",
            ))
        }
        (ModeName::Automatic, Some(delay)) if delay > MAXIMUM_DELAY_MS => {
            return Err(ApiError::unprocessable(
                "invalid_field",
                format!("delay_ms must be at most {MAXIMUM_DELAY_MS} (a day)"),
            ))
        }
        (ModeName::Automatic, delay_ms) => Mode::Automatic { delay_ms },
        (ModeName::Manual, None) => Mode::Manual,
    };
    let setting = Setting {
        agency: request.agency,
        service: request.service,
        mode,
    };
    let mut tx = state.db.begin_write().await?;
    let now = OffsetDateTime::now_utc();
    modes::set(&mut tx, &setting, state.config.automatic_delay, now).await?;
    tx.commit().await?;
    state.wake_worker();
    tracing::info!("agency mode set");
    Ok(Json(setting))
}

/// Text in both languages, as an officer writes a request or a reason.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bilingual {
    vi: String,
    en: String,
    /// On a request: whether a document is asked for.
    #[serde(default)]
    document: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    status: Status,
    /// The status the officer saw the case in: a step meant for a case that has moved on since
    /// is refused rather than taken on another status.
    from: Status,
    /// With `more_information_needed`: the case's round as the officer saw it, so that a request
    /// sent again opens no second round.
    round: Option<i64>,
    request: Option<Bilingual>,
    reason: Option<Bilingual>,
    result: Option<Issued>,
}

/// What an approval issues: the record's number and the day it was issued, and nothing else,
/// since the feed carries it to the portal and on to the citizen.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Issued {
    number: String,
    issued_on: String,
}

fn issued(result: &Issued) -> Result<Value, ApiError> {
    hand_over::text("result.number", &result.number, 64)?;
    Date::parse(
        &result.issued_on,
        format_description!("[year]-[month]-[day]"),
    )
    .map_err(|_| {
        ApiError::unprocessable(
            "invalid_field",
            "result.issued_on must be a date such as 2026-12-05",
        )
    })?;
    Ok(json!({ "number": result.number, "issued_on": result.issued_on }))
}

fn bilingual(field: &str, text: &Bilingual) -> Result<Value, ApiError> {
    for (language, value) in [("vi", &text.vi), ("en", &text.en)] {
        let at = format!("{field}.{language}");
        hand_over::plain(&at, value, true)?;
        let length = value.chars().count();
        if value.trim().is_empty() || length > 2000 {
            return Err(ApiError::unprocessable(
                "invalid_field",
                format!("{at} must be 1 to 2000 characters"),
            ));
        }
    }
    Ok(json!({ "vi": text.vi, "en": text.en }))
}

/// What goes on the feed beside the status, or why the decision is incomplete.
fn detail(decision: Decision) -> Result<Map<String, Value>, ApiError> {
    let mut detail = Map::new();
    let missing = |field: &str| {
        ApiError::unprocessable(
            "missing_field",
            format!("{field} is needed with status {}", decision.status.as_str()),
        )
    };
    match decision.status {
        Status::MoreInformationNeeded => {
            if decision.round.is_none() {
                return Err(missing("round"));
            }
            let request = decision
                .request
                .as_ref()
                .ok_or_else(|| missing("request"))?;
            let mut value = bilingual("request", request)?;
            if request.document {
                value["document"] = Value::Bool(true);
            }
            detail.insert("request".into(), value);
        }
        Status::Refused => {
            let reason = decision.reason.as_ref().ok_or_else(|| missing("reason"))?;
            detail.insert("reason".into(), bilingual("reason", reason)?);
        }
        Status::Approved => {
            let result = decision.result.as_ref().ok_or_else(|| missing("result"))?;
            detail.insert("result".into(), issued(result)?);
        }
        Status::InReview => {}
        Status::Received => {
            return Err(ApiError::unprocessable(
                "invalid_field",
                "status received is where a case starts; an officer moves it on",
            ))
        }
    }
    Ok(detail)
}

/// `POST /admin/applications/{reference}/status`: an officer's step on a case, taken only from
/// the status (and round) the officer saw; the same step sent again answers with the case.
pub async fn decide(
    State(state): State<AppState>,
    Reference(reference): Reference,
    JsonBody(decision): JsonBody<Decision>,
) -> ApiResult<Json<Case>> {
    let (to, from) = (decision.status, decision.from);
    let step = Move {
        from: Some(from),
        round: decision.round,
        to,
        automatic: false,
        detail: detail(decision)?,
        hold: None,
    };
    match cases::change(&state.db, &reference, step, state.config.automatic_delay).await? {
        Moved::Done(case) => {
            state.wake_worker();
            Ok(Json(case))
        }
        Moved::Repeated(case) => Ok(Json(case)),
        Moved::NotFound => Err(ApiError::not_found(
            "no application was handed over with this reference",
        )),
        Moved::NotAllowed(current) => Err(ApiError::conflict(
            "status_conflict",
            format!(
                "the case is in status {}: a step from {} (at the round given) to {} does not \
                 apply to it",
                current.as_str(),
                from.as_str(),
                to.as_str()
            ),
        )),
        Moved::Held => Err(ApiError::conflict(
            "approval_under_way",
            "the case is being approved: its records are being written into the registry; \
             read the case again once it is decided",
        )),
    }
}
