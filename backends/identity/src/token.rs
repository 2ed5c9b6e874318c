//! `POST /token`: exchanges an authorization code for an access token and an ID token. Clients
//! authenticate with `client_secret_basic` or `client_secret_post`; PKCE (S256) is mandatory. A
//! code works once: replaying it fails and revokes the tokens it produced (RFC 6749, 4.1.2).

use std::time::Instant;

use axum::{
    extract::{rejection::FormRejection, State},
    http::{header, HeaderMap, HeaderValue},
    response::{IntoResponse, Response},
    Form, Json,
};
use base64::{
    engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD},
    Engine,
};
use serde::Deserialize;
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::{
    claims::{self, IdTokenContext},
    errors::OAuthError,
    grants::AccessGrant,
    random, secret,
    session::unix_now,
    state::AppState,
};

#[derive(Deserialize)]
pub struct TokenForm {
    grant_type: Option<String>,
    code: Option<String>,
    redirect_uri: Option<String>,
    code_verifier: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
}

pub async fn token(
    State(state): State<AppState>,
    headers: HeaderMap,
    form: Result<Form<TokenForm>, FormRejection>,
) -> Result<Response, OAuthError> {
    let Ok(Form(form)) = form else {
        return Err(OAuthError::new(
            "invalid_request",
            "the body must be application/x-www-form-urlencoded",
        ));
    };
    let client_id = authenticate(&state, &headers, &form)?;
    match form.grant_type.as_deref().filter(|value| !value.is_empty()) {
        None => return Err(OAuthError::new("invalid_request", "grant_type is required")),
        Some("authorization_code") => {}
        Some(_) => {
            return Err(OAuthError::new(
                "unsupported_grant_type",
                "only authorization_code is supported",
            ))
        }
    }
    let code = required(&form.code, "code")?;
    let redirect_uri = required(&form.redirect_uri, "redirect_uri")?;
    let code_verifier = required(&form.code_verifier, "code_verifier")?;

    let (authentication, nonce, access_token) = {
        let mut guard = state.records();
        let records = &mut *guard;
        let invalid_grant = |reason: &str| Err(OAuthError::new("invalid_grant", reason));
        let Some(grant) = records.codes.get_mut(code) else {
            return invalid_grant("the code is unknown or expired");
        };
        if grant.client_id != client_id {
            return invalid_grant("the code was issued to another client");
        }
        if grant.redeemed {
            for token in grant.access_tokens.drain(..) {
                records.access_tokens.remove(&token);
            }
            tracing::warn!(%client_id, "authorization code replayed; its tokens are revoked");
            return invalid_grant("the code has already been used");
        }
        // Any attempt uses the code up, so a wrong verifier cannot be retried.
        grant.redeemed = true;
        if Instant::now() >= grant.expires_at {
            return invalid_grant("the code has expired");
        }
        if grant.redirect_uri != redirect_uri {
            return invalid_grant("redirect_uri differs from the authorization request");
        }
        if !verifier_matches(code_verifier, &grant.code_challenge) {
            return invalid_grant("code_verifier does not match the code_challenge");
        }
        let access_token = random::token();
        grant.access_tokens.push(access_token.clone());
        let authentication = grant.authentication.clone();
        let nonce = grant.nonce.clone();
        records.access_tokens.insert(
            access_token.clone(),
            AccessGrant {
                client_id: client_id.clone(),
                authentication: authentication.clone(),
            },
            state.config.access_token_lifetime,
        );
        (authentication, nonce, access_token)
    };

    let id_token_claims = claims::id_token(
        &IdTokenContext {
            issuer: &state.issuer,
            client_id: &client_id,
            nonce: &nonce,
            issued_at: unix_now(),
            lifetime_secs: state.config.id_token_lifetime.as_secs(),
        },
        &authentication,
    );
    let id_token = state.keys().sign(&id_token_claims);
    tracing::info!(%client_id, "tokens issued");
    let mut response = Json(json!({
        "access_token": access_token,
        "token_type": "Bearer",
        "expires_in": state.config.access_token_lifetime.as_secs(),
        "id_token": id_token,
        "scope": "openid",
    }))
    .into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    Ok(response)
}

fn required<'a>(value: &'a Option<String>, name: &str) -> Result<&'a str, OAuthError> {
    value
        .as_deref()
        .filter(|value| !value.is_empty())
        .ok_or_else(|| OAuthError::new("invalid_request", format!("{name} is required")))
}

/// The client's id once its secret checks out.
fn authenticate(
    state: &AppState,
    headers: &HeaderMap,
    form: &TokenForm,
) -> Result<String, OAuthError> {
    let basic = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Basic "));
    let (client_id, client_secret) = match (basic, &form.client_secret) {
        (Some(_), Some(_)) => {
            return Err(OAuthError::new(
                "invalid_request",
                "use one client authentication method, not two",
            ))
        }
        (Some(credentials), None) => {
            let (id, secret) = decode_basic(credentials)
                .ok_or_else(|| OAuthError::new("invalid_client", "malformed Basic credentials"))?;
            if form
                .client_id
                .as_deref()
                .is_some_and(|form_id| form_id != id)
            {
                return Err(OAuthError::new(
                    "invalid_request",
                    "client_id differs from the credentials",
                ));
            }
            (id, secret)
        }
        (None, Some(secret)) => match &form.client_id {
            Some(id) => (id.clone(), secret.clone()),
            None => return Err(OAuthError::new("invalid_client", "client_id is required")),
        },
        (None, None) => {
            return Err(OAuthError::new(
                "invalid_client",
                "client authentication is required",
            ))
        }
    };
    match state.config.client(&client_id) {
        Some(client) if secret::equal(&client.secret, &client_secret) => Ok(client_id),
        _ => Err(OAuthError::new(
            "invalid_client",
            "client authentication failed",
        )),
    }
}

/// RFC 6749, 2.3.1: id and secret are form-encoded before being joined and base64-encoded.
fn decode_basic(credentials: &str) -> Option<(String, String)> {
    let decoded = String::from_utf8(STANDARD.decode(credentials.trim()).ok()?).ok()?;
    let (id, secret) = decoded.split_once(':')?;
    Some((form_decode(id)?, form_decode(secret)?))
}

fn form_decode(text: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(text.len());
    let mut input = text.bytes();
    while let Some(byte) = input.next() {
        match byte {
            b'+' => bytes.push(b' '),
            b'%' => {
                let high = (input.next()? as char).to_digit(16)?;
                let low = (input.next()? as char).to_digit(16)?;
                bytes.push((high * 16 + low) as u8);
            }
            _ => bytes.push(byte),
        }
    }
    String::from_utf8(bytes).ok()
}

/// RFC 7636: 43 to 128 unreserved characters whose SHA-256, base64url, is the challenge.
fn verifier_matches(verifier: &str, challenge: &str) -> bool {
    let well_formed = (43..=128).contains(&verifier.len())
        && verifier
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_' | b'~'));
    well_formed
        && secret::equal(
            challenge,
            &URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes())),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verifier_must_hash_to_the_challenge() {
        // Challenge computed independently: base64url(sha256(verifier)) without padding.
        assert!(verifier_matches(
            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r7wW1gFWFOEjXk",
            "bwWFMyPfdG9qreDhH2lmftFx_dFeLDalzcT1gb_j68g"
        ));
        assert!(!verifier_matches(
            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r7wW1gFWFOEjXa",
            "bwWFMyPfdG9qreDhH2lmftFx_dFeLDalzcT1gb_j68g"
        ));
        assert!(!verifier_matches(
            "short",
            "bwWFMyPfdG9qreDhH2lmftFx_dFeLDalzcT1gb_j68g"
        ));
    }

    #[test]
    fn basic_credentials_are_form_decoded() {
        let header = STANDARD.encode("my%20client:s%3Acret+x");
        assert_eq!(
            decode_basic(&header),
            Some(("my client".to_owned(), "s:cret x".to_owned()))
        );
        assert_eq!(decode_basic("!!!"), None);
        assert_eq!(decode_basic(&STANDARD.encode("no-colon")), None);
    }
}
