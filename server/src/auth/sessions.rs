//! Server-side sessions in the portal's database, so that they survive a restart and work across
//! several portal instances. The cookie is `__Host-` prefixed and `Secure` when the portal is served
//! over https; over plain http on localhost (development, tests) the prefix is dropped, as browsers
//! require.

use crate::auth::citizen::Citizen;
use crate::auth::session_cache::{Cached, SessionCache};
use crate::clock::now;
use crate::tokens::{hash, random_token};
use crate::web::language;
use axum::http::{header, HeaderMap, HeaderValue};
use sqlx::AnyPool;
use std::time::Duration;

#[derive(Clone, Debug)]
pub struct SessionPolicy {
    pub idle_timeout: Duration,
    pub absolute_lifetime: Duration,
    pub secure_cookie: bool,
}

impl SessionPolicy {
    pub fn cookie_name(&self) -> &'static str {
        if self.secure_cookie {
            "__Host-session"
        } else {
            "portal-session"
        }
    }

    /// Binds a sign-in under way to the browser that started it, so that a callback carrying
    /// someone else's `state` (login forgery) is refused.
    pub fn login_cookie_name(&self) -> &'static str {
        if self.secure_cookie {
            "__Host-login"
        } else {
            "portal-login"
        }
    }

    /// A `Set-Cookie` value: HttpOnly, SameSite=Lax (the eID's redirect back is a cross-site
    /// navigation, which Strict would strip), Secure over https.
    pub fn cookie(&self, name: &str, value: &str, max_age: Duration) -> HeaderValue {
        let secure = if self.secure_cookie { "; Secure" } else { "" };
        let cookie = format!(
            "{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
            max_age.as_secs()
        );
        HeaderValue::from_str(&cookie).expect("ASCII cookie")
    }

    /// The `Set-Cookie` that starts a session; the browser drops it with the absolute lifetime.
    pub fn set_cookie(&self, token: &str) -> HeaderValue {
        self.cookie(self.cookie_name(), token, self.absolute_lifetime)
    }

    pub fn clear_cookie(&self) -> HeaderValue {
        self.cookie(self.cookie_name(), "", Duration::ZERO)
    }

    /// Seconds until `citizen`'s session ends for inactivity: `current` ends it in the first
    /// second in which more than the idle timeout has passed since the last recorded activity.
    pub fn seconds_left(&self, citizen: &Citizen) -> u64 {
        let ends_at = citizen.last_seen_at + self.idle_timeout.as_secs() as i64 + 1;
        u64::try_from(ends_at - now()).unwrap_or(0)
    }
}

pub struct NewSession<'a> {
    pub personal_id: &'a str,
    pub full_name: &'a str,
    pub birthdate: &'a str,
    pub assurance_level: u8,
}

/// Creates a session and returns the cookie token. Always a new token: a session id chosen before
/// sign-in (fixation) can never become a signed-in one.
pub async fn create(db: &AnyPool, session: NewSession<'_>) -> Result<String, sqlx::Error> {
    let token = random_token();
    let now = now();
    sqlx::query(
        "INSERT INTO sessions (token_hash, personal_id, full_name, birthdate, assurance_level, created_at, last_seen_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(hash(&token))
    .bind(session.personal_id)
    .bind(session.full_name)
    .bind(session.birthdate)
    .bind(i64::from(session.assurance_level))
    .bind(now)
    .bind(now)
    .execute(db)
    .await?;
    Ok(token)
}

/// The citizen of the request's session cookie, if it names a live session. Expired sessions are
/// deleted on sight.
pub async fn current(
    db: &AnyPool,
    cache: &SessionCache,
    policy: &SessionPolicy,
    headers: &HeaderMap,
) -> Option<Citizen> {
    let token = language::cookie(headers, policy.cookie_name()).filter(|t| !t.is_empty())?;
    let token_hash = hash(&token);
    let citizen = match cache.get(&token_hash) {
        Cached::Live(citizen) => citizen,
        Cached::Unknown => {
            let ticket = cache.ticket();
            let citizen = stored(db, token_hash).await?;
            cache.put(&citizen, ticket);
            citizen
        }
    };
    let now = now();
    let idle = now - citizen.last_seen_at > policy.idle_timeout.as_secs() as i64;
    let too_old = now - citizen.created_at > policy.absolute_lifetime.as_secs() as i64;
    if idle || too_old {
        let _ = end(db, cache, &citizen.token_hash).await;
        return None;
    }
    Some(citizen)
}

async fn stored(db: &AnyPool, token_hash: String) -> Option<Citizen> {
    let row: (String, String, String, i64, i64, i64) = sqlx::query_as(
        "SELECT personal_id, full_name, birthdate, assurance_level, created_at, last_seen_at \
         FROM sessions WHERE token_hash = $1",
    )
    .bind(&token_hash)
    .fetch_optional(db)
    .await
    .ok()??;
    let (personal_id, full_name, birthdate, level, created_at, last_seen_at) = row;
    Some(Citizen {
        personal_id,
        full_name,
        birthdate,
        assurance_level: u8::try_from(level).unwrap_or(1),
        created_at,
        last_seen_at,
        token_hash,
    })
}

/// Marks activity. Written at most once a minute per session: the idle timeout has minute
/// precision and pages should not each cost a write. `citizen.last_seen_at` follows what is
/// stored, so that the time left before the timeout can be told.
pub async fn touch(db: &AnyPool, cache: &SessionCache, citizen: &mut Citizen) {
    if now() - citizen.last_seen_at >= 60 {
        let _ = record_activity(db, cache, citizen).await;
    }
}

/// Extends the idle timeout now, when the citizen asks to stay signed in.
pub async fn extend(
    db: &AnyPool,
    cache: &SessionCache,
    citizen: &Citizen,
) -> Result<(), sqlx::Error> {
    record_activity(db, cache, &mut citizen.clone()).await
}

async fn record_activity(
    db: &AnyPool,
    cache: &SessionCache,
    citizen: &mut Citizen,
) -> Result<(), sqlx::Error> {
    let now = now();
    let ticket = cache.ticket();
    let updated = sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
        .bind(now)
        .bind(&citizen.token_hash)
        .execute(db)
        .await?;
    citizen.last_seen_at = now;
    // A session deleted meanwhile (signed out in another tab) stays ended.
    if updated.rows_affected() == 1 {
        cache.put(citizen, ticket);
    }
    Ok(())
}

pub async fn sign_out(
    db: &AnyPool,
    cache: &SessionCache,
    citizen: &Citizen,
) -> Result<(), sqlx::Error> {
    end(db, cache, &citizen.token_hash).await
}

/// Ends a session: in the cache first, so that no request is let in once the ending has begun,
/// and again once the row is gone (see [`SessionCache::end`]).
async fn end(db: &AnyPool, cache: &SessionCache, token_hash: &str) -> Result<(), sqlx::Error> {
    cache.end(token_hash);
    let deleted = sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(db)
        .await;
    cache.end(token_hash);
    deleted.map(drop)
}

/// Adds `Cache-Control: no-store`: a page with personal data must not stay in any cache.
pub fn no_store(headers: &mut HeaderMap) {
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
}
