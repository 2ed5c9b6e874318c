//! Signing in with the national eID and out again: `/auth/login` starts the code flow,
//! `/auth/callback` finishes it, `/auth/logout` ends the portal's session and then the provider's,
//! `/auth/extend` keeps an idle session alive when the citizen asks.

use crate::auth::sessions::{self, NewSession};
use crate::clock::now;
use crate::state::AppState;
use crate::store::audit::{self, AuditEvent};
use crate::tokens::hash;
use crate::web::language::{self, is_local_path};
use crate::web::rate_limit::{self, too_many_requests};
use crate::web::rendering::PageContext;
use app::layout::percent_encode;
use app::strings::strings;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Duration;

/// How long a sign-in may take between leaving for the eID and coming back.
pub const SIGN_IN_WINDOW: Duration = Duration::from_secs(600);

/// The address the limit counts: the connection's peer, or behind a configured trusted proxy
/// the client that proxy names (see [`rate_limit::client_address`]).
pub struct ClientAddress(pub IpAddr);

impl axum::extract::FromRequestParts<AppState> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |info| info.0.ip());
        Ok(ClientAddress(rate_limit::client_address(
            peer,
            &parts.headers,
            &state.config.trusted_proxies,
        )))
    }
}

#[derive(Deserialize)]
pub struct LoginQuery {
    return_to: Option<String>,
}

pub async fn login(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    page: PageContext,
    Query(query): Query<LoginQuery>,
) -> Response {
    if let Err(wait) = state.sign_in_limiter.check(client) {
        return too_many_requests(wait);
    }
    let return_to = query
        .return_to
        .filter(|path| is_local_path(path))
        .unwrap_or_else(|| "/account".to_string());
    let pending = match state.oidc.begin().await {
        Ok(pending) => pending,
        Err(_) => return failed(&state, &page, StatusCode::SERVICE_UNAVAILABLE),
    };
    let stored = sqlx::query(
        "INSERT INTO login_attempts (state_hash, nonce, pkce_verifier, return_to, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(hash(&pending.state))
    .bind(&pending.nonce)
    .bind(&pending.pkce_verifier)
    .bind(&return_to)
    .bind(now())
    .execute(&state.db)
    .await;
    if stored.is_err() {
        return failed(&state, &page, StatusCode::SERVICE_UNAVAILABLE);
    }
    // Old attempts are useless after their window; clearing them here keeps the table small.
    let _ = sqlx::query("DELETE FROM login_attempts WHERE created_at < $1")
        .bind(now() - SIGN_IN_WINDOW.as_secs() as i64)
        .execute(&state.db)
        .await;
    let mut response = Redirect::to(&pending.authorize_url).into_response();
    let policy = &state.sessions;
    response.headers_mut().insert(
        header::SET_COOKIE,
        policy.cookie(policy.login_cookie_name(), &pending.state, SIGN_IN_WINDOW),
    );
    response
}

#[derive(Deserialize)]
pub struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

pub async fn callback(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    page: PageContext,
    headers: HeaderMap,
    Query(query): Query<CallbackQuery>,
) -> Response {
    if let Err(wait) = state.sign_in_limiter.check(client) {
        return too_many_requests(wait);
    }
    match finish_sign_in(&state, &headers, query).await {
        Ok((token, return_to, personal_id)) => {
            audit_sign_in(&state, &page, Some(&personal_id), "ok").await;
            if let Some(previous) = &page.citizen {
                let _ = sessions::sign_out(&state.db, &state.session_cache, previous).await;
            }
            let mut response = Redirect::to(&return_to).into_response();
            let policy = &state.sessions;
            let cookies = response.headers_mut();
            cookies.append(header::SET_COOKIE, policy.set_cookie(&token));
            cookies.append(
                header::SET_COOKIE,
                policy.cookie(policy.login_cookie_name(), "", Duration::ZERO),
            );
            response
        }
        Err(reason) => {
            // Reasons can quote what a provider sent: kept to one printable line.
            let reason: String = reason
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .take(200)
                .collect();
            tracing::warn!(%reason, "sign-in refused");
            audit_sign_in(&state, &page, None, &format!("refused: {reason}")).await;
            failed(&state, &page, StatusCode::BAD_REQUEST)
        }
    }
}

/// The error codes an OpenID provider may send back (RFC 6749 §4.1.2.1, OpenID Connect Core
/// §3.1.2.6).
const PROVIDER_ERRORS: [&str; 12] = [
    "invalid_request",
    "unauthorized_client",
    "access_denied",
    "unsupported_response_type",
    "invalid_scope",
    "server_error",
    "temporarily_unavailable",
    "interaction_required",
    "login_required",
    "account_selection_required",
    "consent_required",
    "registration_not_supported",
];

/// Checks the callback and creates the session: the session token, where to go, and who it is.
async fn finish_sign_in(
    state: &AppState,
    headers: &HeaderMap,
    query: CallbackQuery,
) -> Result<(String, String, String), String> {
    if let Some(error) = query.error {
        // The value comes from the address bar: only a code the protocol defines is written down,
        // so that nobody can put a line of their own into the log or the audit table.
        let code = PROVIDER_ERRORS
            .into_iter()
            .find(|code| *code == error)
            .unwrap_or("unrecognised");
        return Err(format!("provider error {code}"));
    }
    let (Some(code), Some(returned_state)) = (query.code, query.state) else {
        return Err("missing code or state".into());
    };
    let cookie_state =
        language::cookie(headers, state.sessions.login_cookie_name()).unwrap_or_default();
    if hash(&cookie_state) != hash(&returned_state) {
        return Err("state does not belong to this browser".into());
    }
    // Deleting while reading makes the attempt single-use even under concurrent callbacks.
    let attempt: Option<(String, String, String, i64)> = sqlx::query_as(
        "DELETE FROM login_attempts WHERE state_hash = $1 RETURNING nonce, pkce_verifier, return_to, created_at",
    )
    .bind(hash(&returned_state))
    .fetch_optional(&state.db)
    .await
    .map_err(|error| format!("database: {error}"))?;
    let Some((nonce, verifier, return_to, created_at)) = attempt else {
        return Err("unknown or used state".into());
    };
    if now() - created_at > SIGN_IN_WINDOW.as_secs() as i64 {
        return Err("sign-in took too long".into());
    }
    let identity = state
        .oidc
        .complete(&code, &nonce, &verifier)
        .await
        .map_err(|error| error.reason())?;
    let token = sessions::create(
        &state.db,
        NewSession {
            personal_id: &identity.personal_id,
            full_name: &identity.full_name,
            birthdate: &identity.birthdate,
            assurance_level: identity.assurance_level,
        },
    )
    .await
    .map_err(|error| format!("database: {error}"))?;
    Ok((token, return_to, identity.personal_id))
}

async fn audit_sign_in(state: &AppState, page: &PageContext, who: Option<&str>, outcome: &str) {
    audit::record(
        &state.db,
        AuditEvent {
            event: "sign_in",
            actor: who,
            subject: who,
            purpose: None,
            outcome,
            request_id: page.request_id.as_deref(),
        },
    )
    .await;
}

fn failed(state: &AppState, page: &PageContext, status: StatusCode) -> Response {
    let body = app::account::sign_in_failed(page.lang);
    page.page_with_status(state, status, strings(page.lang).sign_in_failed_title, body)
}

pub async fn logout(State(state): State<AppState>, page: PageContext) -> Response {
    let Some(citizen) = &page.citizen else {
        return Redirect::to("/").into_response();
    };
    let _ = sessions::sign_out(&state.db, &state.session_cache, citizen).await;
    audit::record(
        &state.db,
        AuditEvent {
            event: "sign_out",
            actor: Some(&citizen.personal_id),
            subject: Some(&citizen.personal_id),
            purpose: None,
            outcome: "ok",
            request_id: page.request_id.as_deref(),
        },
    )
    .await;
    let target = state
        .oidc
        .logout_url()
        .await
        .unwrap_or_else(|| "/".to_string());
    let mut response = Redirect::to(&target).into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, state.sessions.clear_cookie());
    response
}

#[derive(Deserialize)]
pub struct ExtendForm {
    return_to: Option<String>,
}

pub async fn extend(
    State(state): State<AppState>,
    page: PageContext,
    Form(form): Form<ExtendForm>,
) -> Response {
    let return_to = form
        .return_to
        .filter(|path| is_local_path(path))
        .unwrap_or_else(|| "/account".to_string());
    match &page.citizen {
        Some(citizen)
            if sessions::extend(&state.db, &state.session_cache, citizen)
                .await
                .is_ok() =>
        {
            Redirect::to(&return_to).into_response()
        }
        _ => sign_in_redirect(&return_to),
    }
}

/// Every action that changes something needs eID level 2: a level-1 account may look, not act.
/// The refusal (403, saying how to reach level 2) is audited under `purpose`; `None` lets the
/// request go on (an anonymous one to its own sign-in redirect).
pub async fn level_1_refused(
    state: &AppState,
    page: &PageContext,
    purpose: Option<&str>,
) -> Option<Response> {
    let citizen = page
        .citizen
        .as_ref()
        .filter(|citizen| !citizen.may_use_services())?;
    audit::record(
        &state.db,
        AuditEvent {
            event: "access_denied",
            actor: Some(&citizen.personal_id),
            subject: Some(&citizen.personal_id),
            purpose,
            outcome: "assurance_level_1",
            request_id: page.request_id.as_deref(),
        },
    )
    .await;
    let body = app::account::upgrade_needed(page.lang);
    Some(page.page_with_status(
        state,
        StatusCode::FORBIDDEN,
        strings(page.lang).upgrade_title,
        body,
    ))
}

/// Sends an anonymous visitor to sign in, coming back to `path` afterwards.
pub fn sign_in_redirect(path: &str) -> Response {
    Redirect::to(&format!("/auth/login?return_to={}", percent_encode(path))).into_response()
}
