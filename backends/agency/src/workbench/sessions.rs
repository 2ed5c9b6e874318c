//! Officers' sessions, kept in the agency's database: the browser holds a random id in an
//! `HttpOnly`, `SameSite=Lax` cookie, the database its SHA-256, the officer, their agency and the
//! CSRF token of their forms. Sign-ins under way are kept the same way, found by `state` and
//! bound to the browser that started them by a cookie of their own.

use axum::http::{header, HeaderMap};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use time::OffsetDateTime;

use crate::store::{unix_ms, Database};
use crate::tokens;

pub const SESSION_COOKIE: &str = "workbench_session";
pub const SIGN_IN_COOKIE: &str = "workbench_sign_in";

/// A working day; a new sign-in after it.
const SESSION_MS: i64 = 8 * 60 * 60 * 1000;
/// Time to type the password and the one-time code at the eID.
const SIGN_IN_MS: i64 = 10 * 60 * 1000;

fn digest(id: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(id.as_bytes()))
}

/// Whether two secrets are equal, in time that does not tell how much of them is.
pub fn same_secret(expected: &str, given: &str) -> bool {
    bool::from(
        Sha256::digest(expected.as_bytes())
            .as_slice()
            .ct_eq(Sha256::digest(given.as_bytes()).as_slice()),
    )
}

/// The value of cookie `name` in the request.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find_map(|(key, value)| (key == name).then_some(value))
}

/// A `Set-Cookie` value: `HttpOnly`, `SameSite=Lax` (the eID's redirect back is a cross-site
/// navigation, which `Strict` would send without it), `Secure` on an `https` origin.
pub fn set_cookie(name: &str, value: &str, max_age_secs: i64, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}")
}

pub fn session_cookie(id: &str, secure: bool) -> String {
    set_cookie(SESSION_COOKIE, id, SESSION_MS / 1000, secure)
}

pub fn sign_in_cookie(state: &str, secure: bool) -> String {
    set_cookie(SIGN_IN_COOKIE, state, SIGN_IN_MS / 1000, secure)
}

/// A signed-in officer.
#[derive(Debug, Clone)]
pub struct Session {
    pub personal_id: String,
    pub agency: String,
    pub csrf: String,
}

/// Opens a session; answers the id the cookie carries.
pub async fn open(
    db: &Database,
    personal_id: &str,
    agency: &str,
    now: OffsetDateTime,
) -> Result<String, sqlx::Error> {
    let id = tokens::random();
    let mut tx = db.begin_write().await?;
    // Expired sessions go as new ones come: nothing else needs a timer.
    sqlx::query("DELETE FROM officer_sessions WHERE expires_at <= ?")
        .bind(unix_ms(now))
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO officer_sessions (id_hash, personal_id, agency_id, csrf, expires_at) \
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(digest(&id))
    .bind(personal_id)
    .bind(agency)
    .bind(tokens::random())
    .bind(unix_ms(now) + SESSION_MS)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The session the request's cookie names, while it lasts.
pub async fn find(
    db: &Database,
    headers: &HeaderMap,
    now: OffsetDateTime,
) -> Result<Option<Session>, sqlx::Error> {
    let Some(id) = cookie(headers, SESSION_COOKIE) else {
        return Ok(None);
    };
    let row: Option<(String, String, String)> = sqlx::query_as(
        "SELECT personal_id, agency_id, csrf FROM officer_sessions \
         WHERE id_hash = ? AND expires_at > ?",
    )
    .bind(digest(id))
    .bind(unix_ms(now))
    .fetch_optional(db.pool())
    .await?;
    Ok(row.map(|(personal_id, agency, csrf)| Session {
        personal_id,
        agency,
        csrf,
    }))
}

/// Ends the session the request's cookie names.
pub async fn close(db: &Database, headers: &HeaderMap) -> Result<(), sqlx::Error> {
    if let Some(id) = cookie(headers, SESSION_COOKIE) {
        sqlx::query("DELETE FROM officer_sessions WHERE id_hash = ?")
            .bind(digest(id))
            .execute(db.pool())
            .await?;
    }
    Ok(())
}

/// Keeps what the callback of sign-in `state` must find again.
pub async fn begin_sign_in(
    db: &Database,
    state: &str,
    nonce: &str,
    pkce_verifier: &str,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin_write().await?;
    // Sign-ins nobody finished go as new ones start, so that following the sign-in link again
    // and again cannot fill the table: at most those of the last ten minutes stay.
    sqlx::query("DELETE FROM officer_sign_ins WHERE expires_at <= ?")
        .bind(unix_ms(now))
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO officer_sign_ins (state, nonce, pkce_verifier, expires_at) VALUES (?, ?, ?, ?)",
    )
    .bind(state)
    .bind(nonce)
    .bind(pkce_verifier)
    .bind(unix_ms(now) + SIGN_IN_MS)
    .execute(&mut *tx)
    .await?;
    tx.commit().await
}

/// Takes sign-in `state` once: its nonce and PKCE verifier, while it lasts.
pub async fn take_sign_in(
    db: &Database,
    state: &str,
    now: OffsetDateTime,
) -> Result<Option<(String, String)>, sqlx::Error> {
    sqlx::query_as(
        "DELETE FROM officer_sign_ins WHERE state = ? AND expires_at > ? \
         RETURNING nonce, pkce_verifier",
    )
    .bind(state)
    .bind(unix_ms(now))
    .fetch_optional(db.pool())
    .await
}
