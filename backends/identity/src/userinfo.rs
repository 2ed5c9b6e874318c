//! `GET`/`POST /userinfo`: the citizen's claims for a valid access token.

use axum::{
    extract::State,
    http::{header, HeaderMap, HeaderValue},
    response::{IntoResponse, Response},
    Json,
};

use crate::{claims, errors::OAuthError, state::AppState};

pub async fn userinfo(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, OAuthError> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .map(str::trim)
        .ok_or_else(|| OAuthError::new("invalid_token", "a Bearer access token is required"))?;
    let (client_id, authentication) = state
        .records()
        .access_tokens
        .get(token)
        .map(|grant| (grant.client_id.clone(), grant.authentication.clone()))
        .ok_or_else(|| {
            OAuthError::new(
                "invalid_token",
                "the access token is unknown, expired or revoked",
            )
        })?;
    let mut response = Json(claims::identity(&client_id, &authentication)).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}
