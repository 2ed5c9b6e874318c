//! `GET /logout`: RP-initiated logout. Ends the provider's own session and sends the browser back
//! only to a post-logout URI registered for the client the ID token hint was issued to; anything
//! else gets a page, so the endpoint cannot serve as an open redirector.

use axum::{
    extract::{rejection::QueryRejection, Query, State},
    http::{header, HeaderMap, StatusCode},
    response::Response,
};
use domain::text::Text;
use serde::Deserialize;

use crate::{callback, cookies, pages, session::SESSION_COOKIE, state::AppState};

#[derive(Deserialize)]
pub struct LogoutParams {
    id_token_hint: Option<String>,
    post_logout_redirect_uri: Option<String>,
    client_id: Option<String>,
    state: Option<String>,
}

fn refuse(message: Text) -> Response {
    pages::problem_response(
        StatusCode::BAD_REQUEST,
        Text::new("Không thể đăng xuất", "Sign-out cannot continue"),
        message,
    )
}

pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<LogoutParams>, QueryRejection>,
) -> Response {
    let Ok(Query(params)) = query else {
        return refuse(Text::new(
            "Yêu cầu đăng xuất không đọc được.",
            "The sign-out request cannot be read.",
        ));
    };
    let hinted_client = match params
        .id_token_hint
        .as_deref()
        .filter(|hint| !hint.is_empty())
    {
        None => None,
        Some(hint) => match state.keys().verify(hint) {
            Some(claims) if claims["iss"] == state.issuer.as_str() => {
                claims["aud"].as_str().map(str::to_owned)
            }
            _ => {
                return refuse(Text::new(
                    "Mã định danh (id_token_hint) không hợp lệ.",
                    "The id_token_hint is not valid.",
                ))
            }
        },
    };
    let client_id = match (hinted_client, params.client_id) {
        (Some(hinted), Some(named)) if hinted != named => {
            return refuse(Text::new(
                "Yêu cầu đăng xuất không nhất quán.",
                "The sign-out request is inconsistent.",
            ))
        }
        (hinted, named) => hinted.or(named),
    };
    let destination = match params
        .post_logout_redirect_uri
        .filter(|uri| !uri.is_empty())
    {
        None => None,
        Some(uri) => {
            let registered = client_id
                .as_deref()
                .and_then(|id| state.config.client(id))
                .is_some_and(|client| client.post_logout_redirect_uris.contains(&uri));
            if !registered {
                return refuse(Text::new(
                    "Địa chỉ quay lại sau khi đăng xuất không được đăng ký.",
                    "The post-logout redirect URI is not registered.",
                ));
            }
            Some(uri)
        }
    };

    if let Some(session_id) = cookies::read(&headers, SESSION_COOKIE) {
        state.records().sessions.remove(session_id);
    }
    let mut response = match destination {
        Some(uri) => {
            let request_state = params.state.unwrap_or_default();
            let query: &[(&str, &str)] = if request_state.is_empty() {
                &[]
            } else {
                &[("state", &request_state)]
            };
            callback::redirect(&uri, query)
        }
        None => pages::signed_out(),
    };
    response.headers_mut().append(
        header::SET_COOKIE,
        cookies::clear(SESSION_COOKIE, state.secure_cookies),
    );
    response
}
