//! The hand-over routes: the portal hands an application over, reads its case, and forwards the
//! citizen's answers to requests for more information.

use axum::{extract::State, http::StatusCode, Json};
use time::OffsetDateTime;

use super::{
    body::JsonBody,
    error::{ApiError, ApiResult},
    hand_over::{Answer, HandOver, Reference},
};
use crate::{
    deadlines, directory,
    state::AppState,
    store::cases::{self, Answered, Case, HandedOver, NewCase},
};

/// `PUT /v1/applications/{reference}`: 201 with the new case, 200 with the case when the same
/// body comes again, 409 when the reference came with another body. A known reference is
/// answered before the body is checked: a hand-over taken is never refused afterwards.
pub async fn put(
    State(state): State<AppState>,
    Reference(reference): Reference,
    JsonBody(body): JsonBody<HandOver>,
) -> ApiResult<(StatusCode, Json<Case>)> {
    let canonical = body.canonical();
    let handed_over = match cases::handed_over_before(&state.db, &reference, &canonical).await? {
        Some(earlier) => earlier,
        None => take_over(&state, &reference, &body, &canonical).await?,
    };
    match handed_over {
        HandedOver::Created(case) => {
            state.wake_worker();
            Ok((StatusCode::CREATED, Json(case)))
        }
        HandedOver::Repeated(case) => Ok((StatusCode::OK, Json(case))),
        HandedOver::Conflict => Err(ApiError::conflict(
            "reference_conflict",
            "this reference was handed over with a different body; a reference names one \
             application, and a hand-over is never changed",
        )),
    }
}

/// Checks and routes a hand-over under a reference not seen before, and takes it over.
async fn take_over(
    state: &AppState,
    reference: &str,
    body: &HandOver,
    canonical: &str,
) -> ApiResult<HandedOver> {
    body.check()?;
    let agency = directory::route(&body.service, body.province).map_err(|error| {
        // Unreachable after `check`, but a refusal rather than a panic if the tables drift.
        ApiError::unprocessable("unroutable", format!("no agency decides this: {error:?}"))
    })?;
    let limit = deadlines::limit(&body.service).ok_or_else(|| {
        ApiError::unprocessable("unroutable", "no processing time is known for service")
    })?;
    let now = OffsetDateTime::now_utc();
    let new = NewCase {
        reference,
        agency: &agency,
        service: &body.service,
        hand_over: canonical,
        deadline: deadlines::deadline(limit, now),
    };
    Ok(cases::hand_over(&state.db, &new, now, state.config.automatic_delay).await?)
}

/// `GET /v1/applications/{reference}`: the case, its deadline and its history.
pub async fn get(
    State(state): State<AppState>,
    Reference(reference): Reference,
) -> ApiResult<Json<Case>> {
    cases::find(&state.db, &reference)
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::not_found("no application was handed over with this reference"))
}

/// `POST /v1/applications/{reference}/answers`: 201 when the answer reopens the review, 200 when
/// the same answer to the same round comes again, 409 for another round or another answer.
pub async fn answer(
    State(state): State<AppState>,
    Reference(reference): Reference,
    JsonBody(body): JsonBody<Answer>,
) -> ApiResult<(StatusCode, Json<Case>)> {
    body.check()?;
    let now = OffsetDateTime::now_utc();
    let answered = cases::answer(
        &state.db,
        &reference,
        body.round,
        &body.canonical(),
        now,
        state.config.automatic_delay,
    )
    .await?;
    match answered {
        Answered::Created(case) => {
            state.wake_worker();
            Ok((StatusCode::CREATED, Json(case)))
        }
        Answered::Repeated(case) => Ok((StatusCode::OK, Json(case))),
        Answered::NotFound => Err(ApiError::not_found(
            "no application was handed over with this reference",
        )),
        Answered::Conflict => Err(ApiError::conflict(
            "answer_conflict",
            format!(
                "round {} was already answered differently; an answer is never changed",
                body.round
            ),
        )),
        Answered::WrongRound { open: Some(open) } => Err(ApiError::conflict(
            "wrong_round",
            format!(
                "round {} is not open; the open request is round {open}",
                body.round
            ),
        )),
        Answered::WrongRound { open: None } => Err(ApiError::conflict(
            "wrong_round",
            format!(
                "round {} is not open; no request for more information is open",
                body.round
            ),
        )),
    }
}
