//! `GET /authorize`: checks the authorization request and either answers at once from the
//! provider's session or starts a sign-in. Until the client and redirect URI are known good the
//! browser is never sent anywhere: errors show a page. After that, errors go back to the client.

use std::time::Instant;

use axum::{
    extract::{Query, State},
    http::{header, HeaderMap, StatusCode},
    response::Response,
};
use domain::text::Text;

use crate::{
    callback, cookies,
    grants::CodeGrant,
    interaction::{
        AuthorizationRequest, Interaction, Step, INTERACTION_COOKIE, INTERACTION_LIFETIME,
    },
    pages, random,
    session::{Authentication, SESSION_COOKIE},
    state::AppState,
};

/// Query parameters as sent; OAuth forbids repeating one, which a map would hide.
struct Params(Vec<(String, String)>);

enum Param<'a> {
    Missing,
    Repeated,
    Value(&'a str),
}

impl Params {
    /// An empty value counts as absent (RFC 6749, section 3.1).
    fn get(&self, name: &str) -> Param<'_> {
        let mut values = self
            .0
            .iter()
            .filter(|(key, value)| key == name && !value.is_empty());
        match (values.next(), values.next()) {
            (None, _) => Param::Missing,
            (Some(_), Some(_)) => Param::Repeated,
            (Some((_, value)), None) => Param::Value(value),
        }
    }

    fn value(&self, name: &str) -> Option<&str> {
        match self.get(name) {
            Param::Value(value) => Some(value),
            _ => None,
        }
    }
}

enum Rejection {
    /// The client or its redirect URI cannot be trusted: tell the citizen, redirect nowhere.
    Page(Text),
    Redirect {
        error: &'static str,
        description: &'static str,
    },
}

#[derive(PartialEq, Eq)]
enum Prompt {
    Default,
    None,
    Login,
}

pub async fn authorize(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<Vec<(String, String)>>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Ok(Query(pairs)) = query else {
        return page_error(Text::new(
            "Yêu cầu đăng nhập không đọc được.",
            "The sign-in request cannot be read.",
        ));
    };
    let params = Params(pairs);
    let (client_id, redirect_uri) = match trusted_client(&state, &params) {
        Ok(pair) => pair,
        Err(message) => return page_error(message),
    };
    let request_state = params.value("state").unwrap_or_default().to_owned();
    let (request, prompt) = match validate(&params, client_id, redirect_uri) {
        Ok(valid) => valid,
        Err(Rejection::Page(message)) => return page_error(message),
        Err(Rejection::Redirect { error, description }) => {
            return error_redirect(&state, redirect_uri, error, description, &request_state)
        }
    };

    let session = cookies::read(&headers, SESSION_COOKIE)
        .and_then(|id| state.records().sessions.get(id).cloned());
    match (session, prompt) {
        (Some(authentication), Prompt::Default | Prompt::None) => {
            issue_code(&state, request, authentication)
        }
        (None, Prompt::None) => error_redirect(
            &state,
            redirect_uri,
            "login_required",
            "the citizen has no session with the provider",
            &request_state,
        ),
        _ => start_interaction(&state, request),
    }
}

fn page_error(message: Text) -> Response {
    pages::problem_response(StatusCode::BAD_REQUEST, pages::CANNOT_CONTINUE, message)
}

fn trusted_client<'a>(state: &AppState, params: &'a Params) -> Result<(&'a str, &'a str), Text> {
    let client_id = params.value("client_id").ok_or(Text::new(
        "Yêu cầu đăng nhập thiếu mã dịch vụ (client_id).",
        "The sign-in request has no client_id.",
    ))?;
    let client = state.config.client(client_id).ok_or(Text::new(
        "Dịch vụ yêu cầu đăng nhập chưa được đăng ký với hệ thống định danh.",
        "The service asking you to sign in is not registered with the identity provider.",
    ))?;
    let redirect_uri = params
        .value("redirect_uri")
        .filter(|uri| {
            client
                .redirect_uris
                .iter()
                .any(|registered| registered == uri)
        })
        .ok_or(Text::new(
            "Địa chỉ quay lại (redirect_uri) không được đăng ký cho dịch vụ này.",
            "The redirect_uri is not registered for this service.",
        ))?;
    Ok((client_id, redirect_uri))
}

fn validate(
    params: &Params,
    client_id: &str,
    redirect_uri: &str,
) -> Result<(AuthorizationRequest, Prompt), Rejection> {
    let reject = |error, description| Err(Rejection::Redirect { error, description });
    if let Some((name, _)) = params
        .0
        .iter()
        .find(|(name, _)| matches!(params.get(name), Param::Repeated))
    {
        return match name.as_str() {
            "client_id" | "redirect_uri" => Err(Rejection::Page(Text::new(
                "Yêu cầu đăng nhập lặp lại tham số.",
                "The sign-in request repeats a parameter.",
            ))),
            _ => reject("invalid_request", "a parameter is repeated"),
        };
    }
    if params.value("request").is_some() {
        return reject("request_not_supported", "request objects are not supported");
    }
    if params.value("request_uri").is_some() {
        return reject("request_uri_not_supported", "request_uri is not supported");
    }
    match params.value("response_type") {
        None => return reject("invalid_request", "response_type is required"),
        Some("code") => {}
        Some(_) => {
            return reject(
                "unsupported_response_type",
                "only response_type=code is supported",
            )
        }
    }
    if params
        .value("response_mode")
        .is_some_and(|mode| mode != "query")
    {
        return reject("invalid_request", "only response_mode=query is supported");
    }
    if !params
        .value("scope")
        .is_some_and(|scope| scope.split(' ').any(|item| item == "openid"))
    {
        return reject("invalid_scope", "scope must include openid");
    }
    let Some(state) = params.value("state") else {
        return reject("invalid_request", "state is required");
    };
    let Some(nonce) = params.value("nonce") else {
        return reject("invalid_request", "nonce is required");
    };
    let Some(code_challenge) = params.value("code_challenge") else {
        return reject("invalid_request", "code_challenge is required (PKCE)");
    };
    if params.value("code_challenge_method") != Some("S256") {
        return reject("invalid_request", "code_challenge_method must be S256");
    }
    if !is_s256_challenge(code_challenge) {
        return reject(
            "invalid_request",
            "code_challenge is not a base64url SHA-256 digest",
        );
    }
    let prompt = match params.value("prompt") {
        None => Prompt::Default,
        Some(value) => {
            let values: Vec<&str> = value.split(' ').filter(|v| !v.is_empty()).collect();
            if values.contains(&"none") && values.len() > 1 {
                return reject("invalid_request", "prompt=none cannot be combined");
            }
            if values.contains(&"none") {
                Prompt::None
            } else if values.contains(&"login") {
                Prompt::Login
            } else {
                Prompt::Default
            }
        }
    };
    let request = AuthorizationRequest {
        client_id: client_id.to_owned(),
        redirect_uri: redirect_uri.to_owned(),
        state: state.to_owned(),
        nonce: nonce.to_owned(),
        code_challenge: code_challenge.to_owned(),
    };
    Ok((request, prompt))
}

/// A SHA-256 digest in base64url without padding is exactly 43 characters.
fn is_s256_challenge(challenge: &str) -> bool {
    challenge.len() == 43
        && challenge
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
}

pub fn error_redirect(
    state: &AppState,
    redirect_uri: &str,
    error: &str,
    description: &str,
    request_state: &str,
) -> Response {
    let mut params = vec![("error", error), ("error_description", description)];
    if !request_state.is_empty() {
        params.push(("state", request_state));
    }
    params.push(("iss", &state.issuer));
    callback::redirect(redirect_uri, &params)
}

fn start_interaction(state: &AppState, request: AuthorizationRequest) -> Response {
    let id = random::token();
    let interaction = Interaction {
        csrf_token: random::token(),
        request,
        step: Step::Credentials,
    };
    state
        .records()
        .interactions
        .insert(id.clone(), interaction, INTERACTION_LIFETIME);
    let mut response = callback::see_other("/signin");
    response.headers_mut().append(
        header::SET_COOKIE,
        cookies::set(INTERACTION_COOKIE, &id, state.secure_cookies),
    );
    response
}

/// Answers the request with a fresh authorization code.
pub fn issue_code(
    state: &AppState,
    request: AuthorizationRequest,
    authentication: Authentication,
) -> Response {
    let AuthorizationRequest {
        client_id,
        redirect_uri,
        state: request_state,
        nonce,
        code_challenge,
    } = request;
    tracing::info!(%client_id, "authorization code issued");
    let code = random::token();
    let config = &state.config;
    let grant = CodeGrant {
        client_id,
        redirect_uri: redirect_uri.clone(),
        code_challenge,
        nonce,
        authentication,
        expires_at: Instant::now() + config.code_lifetime,
        redeemed: false,
        access_tokens: Vec::new(),
    };
    // Kept past the code's expiry so that a replay can still revoke the tokens it produced.
    let retention = config.code_lifetime.max(config.access_token_lifetime);
    state.records().codes.insert(code.clone(), grant, retention);
    callback::redirect(
        &redirect_uri,
        &[
            ("code", &code),
            ("state", &request_state),
            ("iss", &state.issuer),
        ],
    )
}
