//! Sign-in security over real HTTP: the portal, with a real SQLite database, signs in against a
//! rogue OpenID provider run by the test, which hands out whatever ID token the test forges. Every
//! forged or replayed sign-in must be refused (400, no session cookie, an audit row), and the
//! session, the headers, the limits and the logs must hold up around a good one.

use axum::extract::{Json, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use ed25519_dalek::{Signer, SigningKey};
use portal_tests::bare_portal::{assert_security_headers, BarePortal, Routes};
use portal_tests::ui::vi;
use reqwest::header;
use reqwest::redirect::Policy;
use serde_json::{json, Value};
use sqlx::AnyPool;
use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{SystemTime, UNIX_EPOCH};
use tokio::net::TcpListener;

const CLIENT_ID: &str = "portal";
const PERSONAL_ID: &str = "079203001234";
const LEVEL_1: &str = "urn:vneid:loa:1";
const LEVEL_2: &str = "urn:vneid:loa:2";

/// What the rogue provider's token endpoint answers next.
#[derive(Clone)]
enum TokenReply {
    IdToken(String),
    Error(&'static str),
}

/// An OpenID provider that signs whatever the test asks with its published Ed25519 key.
#[derive(Clone)]
struct RogueProvider {
    issuer: String,
    key: Arc<SigningKey>,
    reply: Arc<Mutex<TokenReply>>,
}

const KID: &str = "rogue-key-1";

impl RogueProvider {
    async fn start() -> RogueProvider {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let provider = RogueProvider {
            issuer: format!("http://{}", listener.local_addr().unwrap()),
            key: Arc::new(SigningKey::from_bytes(&[7; 32])),
            reply: Arc::new(Mutex::new(TokenReply::Error("invalid_grant"))),
        };
        let routes = Router::new()
            .route("/.well-known/openid-configuration", get(discovery))
            .route("/jwks", get(jwks))
            .route("/token", post(token))
            .with_state(provider.clone());
        tokio::spawn(async move { axum::serve(listener, routes).await });
        provider
    }

    /// The claims of a good level-2 sign-in for the attempt that sent `nonce`.
    fn claims(&self, nonce: &str) -> Value {
        let now = unix_now();
        json!({
            "iss": self.issuer,
            "sub": "pairwise-subject-1",
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "auth_time": now,
            "nonce": nonce,
            "acr": LEVEL_2,
            "personal_id": PERSONAL_ID,
            "name": "Nguyễn Văn An",
            "birthdate": "2003-04-05",
        })
    }

    /// A compact JWS over `claims` with the given header, signed by the published key.
    fn sign(&self, header: &Value, claims: &Value) -> String {
        self.sign_with(&self.key, header, claims)
    }

    fn sign_with(&self, key: &SigningKey, header: &Value, claims: &Value) -> String {
        let input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let signature = key.sign(input.as_bytes());
        format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature.to_bytes()))
    }

    fn answer_next(&self, reply: TokenReply) {
        *self.reply.lock().unwrap() = reply;
    }
}

fn eddsa_header() -> Value {
    json!({ "alg": "EdDSA", "typ": "JWT", "kid": KID })
}

async fn discovery(State(provider): State<RogueProvider>) -> Json<Value> {
    let issuer = &provider.issuer;
    Json(json!({
        "issuer": issuer,
        "authorization_endpoint": format!("{issuer}/authorize"),
        "token_endpoint": format!("{issuer}/token"),
        "jwks_uri": format!("{issuer}/jwks"),
        "end_session_endpoint": format!("{issuer}/logout"),
        "response_types_supported": ["code"],
        "subject_types_supported": ["pairwise"],
        "id_token_signing_alg_values_supported": ["EdDSA"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic"],
        "code_challenge_methods_supported": ["S256"],
    }))
}

async fn jwks(State(provider): State<RogueProvider>) -> Json<Value> {
    let x = URL_SAFE_NO_PAD.encode(provider.key.verifying_key().as_bytes());
    Json(json!({ "keys": [{
        "kty": "OKP", "crv": "Ed25519", "alg": "EdDSA", "use": "sig", "kid": KID, "x": x,
    }]}))
}

async fn token(
    State(provider): State<RogueProvider>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    // The portal must send a real code exchange with PKCE, whatever the test answers.
    assert_eq!(form["grant_type"], "authorization_code");
    assert!(form.contains_key("code") && form.contains_key("code_verifier"));
    let reply = provider.reply.lock().unwrap().clone();
    match reply {
        TokenReply::IdToken(id_token) => Json(json!({
            "access_token": "rogue-access-token",
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": id_token,
        }))
        .into_response(),
        TokenReply::Error(error) => {
            (StatusCode::BAD_REQUEST, Json(json!({ "error": error }))).into_response()
        }
    }
}

/// The population registry, reduced to the one citizen the tests sign in as.
async fn start_registry() -> String {
    async fn person(Json(subject): Json<Value>) -> Response {
        if subject["personal_id"] != PERSONAL_ID {
            return StatusCode::NOT_FOUND.into_response();
        }
        Json(json!({
            "personal_id": PERSONAL_ID, "full_name": "Nguyễn Văn An", "surname": "Nguyễn",
            "middle_name": "Văn", "given_name": "An", "date_of_birth": "2003-04-05", "sex": "male",
            "place_of_birth": "Quận 1, Thành phố Hồ Chí Minh", "home_town": "Huế",
            "ethnicity": "Kinh", "religion": "Không", "nationality": "Việt Nam",
            "marital_status": "single", "household_id": null, "relation_to_head": null,
            "permanent_residence": null, "temporary_residence": null,
        }))
        .into_response()
    }
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let routes = Router::new()
        .route("/v1/people/get", post(person))
        .fallback(|| async { StatusCode::NOT_FOUND });
    tokio::spawn(async move { axum::serve(listener, routes).await });
    url
}

/// Everything the portal logs, from every test in this file, at debug level (stricter than the
/// `info` the portal runs with).
fn captured_logs() -> &'static Mutex<Vec<u8>> {
    static LOGS: OnceLock<Mutex<Vec<u8>>> = OnceLock::new();
    LOGS.get_or_init(|| {
        struct Capture;
        impl Write for Capture {
            fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
                captured_logs().lock().unwrap().extend_from_slice(bytes);
                Ok(bytes.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let subscriber = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new("debug"))
            .with_ansi(false)
            .with_writer(|| Capture)
            .finish();
        tracing::subscriber::set_global_default(subscriber).unwrap();
        Mutex::new(Vec::new())
    })
}

struct Portal {
    bare: BarePortal,
    db: AnyPool,
    provider: RogueProvider,
}

/// One sign-in under way: what the portal sent the browser off with.
struct Attempt {
    state: String,
    nonce: String,
    /// The `Cookie` header value binding the attempt to this browser.
    cookie: String,
}

impl Portal {
    /// A portal whose sign-in limit is out of the way of tests that sign in many times.
    async fn start() -> Portal {
        Self::start_with(Some("1000")).await
    }

    /// `sign_in_limit`: requests per minute per address, or the default.
    async fn start_with(sign_in_limit: Option<&str>) -> Portal {
        captured_logs();
        let provider = RogueProvider::start().await;
        let registry = start_registry().await;
        let mut settings = vec![
            ("PORTAL_OIDC_ISSUER", provider.issuer.as_str()),
            ("PORTAL_OIDC_CLIENT_ID", CLIENT_ID),
            ("PORTAL_REGISTRY_URL", registry.as_str()),
        ];
        settings.extend(sign_in_limit.map(|limit| ("PORTAL_SIGN_IN_LIMIT_PER_MINUTE", limit)));
        let bare = BarePortal::start(&settings, Routes::AsDeployed).await;
        let db = server::db::connect(&bare.database_url).await.unwrap();
        Portal { bare, db, provider }
    }

    fn url(&self, path: &str) -> String {
        self.bare.url(path)
    }

    async fn get(&self, path: &str, cookie: Option<&str>) -> reqwest::Response {
        let mut request = self.bare.http.get(self.url(path));
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        request.send().await.unwrap()
    }

    /// `GET /auth/login`: the state and nonce from the provider URL, and the login cookie.
    async fn begin(&self, query: &str) -> Attempt {
        let response = self.get(&format!("/auth/login{query}"), None).await;
        assert_eq!(response.status(), 303);
        let location = reqwest::Url::parse(location(&response)).unwrap();
        assert!(location.as_str().starts_with(&self.provider.issuer));
        let param = |name: &str| {
            location
                .query_pairs()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.into_owned())
                .unwrap()
        };
        Attempt {
            state: param("state"),
            nonce: param("nonce"),
            cookie: set_cookie(&response, "portal-login").unwrap(),
        }
    }

    /// `GET /auth/callback` as the provider's redirect back would arrive.
    async fn callback(&self, state: &str, cookie: Option<&str>) -> reqwest::Response {
        self.get(&format!("/auth/callback?code=code-1&state={state}"), cookie)
            .await
    }

    /// Signs in with a token carrying `claims` (given the attempt's nonce); the session cookie.
    async fn sign_in(&self, claims: impl FnOnce(Value) -> Value) -> String {
        let attempt = self.begin("").await;
        let claims = claims(self.provider.claims(&attempt.nonce));
        let id_token = self.provider.sign(&eddsa_header(), &claims);
        self.provider.answer_next(TokenReply::IdToken(id_token));
        let response = self.callback(&attempt.state, Some(&attempt.cookie)).await;
        assert_eq!(response.status(), 303);
        assert_eq!(location(&response), "/account");
        set_cookie(&response, "portal-session").expect("a session cookie")
    }

    /// The audit log's sign-in outcome for the request that got `response`.
    async fn audited_outcome(&self, response: &reqwest::Response) -> String {
        let request_id = response.headers()["x-request-id"].to_str().unwrap();
        sqlx::query_scalar(
            "SELECT outcome FROM audit_log WHERE event = 'sign_in' AND request_id = $1",
        )
        .bind(request_id)
        .fetch_one(&self.db)
        .await
        .unwrap()
    }

    /// A refusal looks the same whatever the reason: the failure page with 400, no session, and
    /// the reason in the audit log (checked, so that a case cannot pass by failing for another).
    async fn assert_refused(&self, case: &str, reason: &str, response: reqwest::Response) {
        assert_eq!(response.status(), 400, "{case}");
        assert!(
            set_cookie(&response, "portal-session").is_none(),
            "{case}: no session"
        );
        let outcome = self.audited_outcome(&response).await;
        assert!(
            outcome.starts_with("refused: ") && outcome.contains(reason),
            "{case}: {outcome}"
        );
        assert!(
            response
                .text()
                .await
                .unwrap()
                .contains(vi().sign_in_failed_title),
            "{case}"
        );
    }
}

fn location(response: &reqwest::Response) -> &str {
    response.headers()[header::LOCATION].to_str().unwrap()
}

/// `name=value` of a non-empty cookie the response sets, ready for a `Cookie` header.
fn set_cookie(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .filter_map(|value| value.split(';').next())
        .find(|pair| {
            pair.strip_prefix(name)
                .and_then(|rest| rest.strip_prefix('='))
                .is_some_and(|value| !value.is_empty())
        })
        .map(str::to_string)
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

#[tokio::test]
async fn callbacks_not_bound_to_this_browsers_sign_in_are_refused() {
    let portal = Portal::start().await;
    let attempt = portal.begin("").await;
    let claims = portal.provider.claims(&attempt.nonce);
    let good = portal.provider.sign(&eddsa_header(), &claims);
    portal.provider.answer_next(TokenReply::IdToken(good));

    const NOT_THIS_BROWSER: &str = "state does not belong to this browser";
    let wrong_state = portal.callback("forged-state", Some(&attempt.cookie)).await;
    portal
        .assert_refused("wrong state", NOT_THIS_BROWSER, wrong_state)
        .await;
    let forged_pair = portal
        .callback("forged-state", Some("portal-login=forged-state"))
        .await;
    portal
        .assert_refused(
            "made-up state and cookie",
            "unknown or used state",
            forged_pair,
        )
        .await;
    let no_cookie = portal.callback(&attempt.state, None).await;
    portal
        .assert_refused("no login cookie", NOT_THIS_BROWSER, no_cookie)
        .await;
    let other = portal.begin("").await;
    let other_browser = portal.callback(&attempt.state, Some(&other.cookie)).await;
    portal
        .assert_refused(
            "another browser's login cookie",
            NOT_THIS_BROWSER,
            other_browser,
        )
        .await;

    // None of that used the attempt up: its own browser still signs in, exactly once.
    let first = portal.callback(&attempt.state, Some(&attempt.cookie)).await;
    assert_eq!(first.status(), 303);
    assert!(set_cookie(&first, "portal-session").is_some());
    assert_eq!(portal.audited_outcome(&first).await, "ok");
    let replayed = portal.callback(&attempt.state, Some(&attempt.cookie)).await;
    portal
        .assert_refused("replayed state", "unknown or used state", replayed)
        .await;
}

#[tokio::test]
async fn forged_and_unacceptable_id_tokens_are_refused() {
    let portal = Portal::start().await;
    let provider = &portal.provider;
    let now = unix_now();
    type Forgery = Box<dyn Fn(&RogueProvider, Value) -> String>;
    let with = |change: fn(&mut Value, u64)| -> Forgery {
        Box::new(move |provider, mut claims| {
            change(&mut claims, now);
            provider.sign(&eddsa_header(), &claims)
        })
    };
    let cases: Vec<(&str, &str, Forgery)> = vec![
        (
            "bad signature",
            "invalid_id_token: Signature verification failed",
            Box::new(|provider, claims| {
                provider.sign_with(&SigningKey::from_bytes(&[9; 32]), &eddsa_header(), &claims)
            }),
        ),
        (
            "alg none",
            "invalid_id_token: Signature verification failed",
            Box::new(|_, claims| {
                let header = json!({ "alg": "none", "typ": "JWT" });
                format!(
                    "{}.{}.",
                    URL_SAFE_NO_PAD.encode(header.to_string()),
                    URL_SAFE_NO_PAD.encode(claims.to_string())
                )
            }),
        ),
        (
            "wrong issuer",
            "invalid_id_token: Invalid issuer",
            with(|claims, _| claims["iss"] = "https://evil.example".into()),
        ),
        (
            "wrong audience",
            "invalid_id_token: Invalid audiences",
            with(|claims, _| claims["aud"] = "another-client".into()),
        ),
        (
            "expired",
            "invalid_id_token: Expired",
            with(|claims, now| {
                claims["iat"] = (now - 3600).into();
                claims["exp"] = (now - 1800).into();
            }),
        ),
        (
            "wrong nonce",
            "invalid_id_token: Invalid nonce",
            with(|claims, _| claims["nonce"] = "someone-elses-nonce".into()),
        ),
        (
            "unknown acr",
            "unknown_acr",
            with(|claims, _| claims["acr"] = "urn:vneid:loa:9".into()),
        ),
        (
            "no acr",
            "unknown_acr",
            with(|claims, _| {
                claims.as_object_mut().unwrap().remove("acr");
            }),
        ),
    ];
    for (case, reason, forge) in cases {
        let attempt = portal.begin("").await;
        let id_token = forge(provider, provider.claims(&attempt.nonce));
        provider.answer_next(TokenReply::IdToken(id_token));
        let response = portal.callback(&attempt.state, Some(&attempt.cookie)).await;
        portal.assert_refused(case, reason, response).await;
    }
}

#[tokio::test]
async fn a_code_the_provider_rejects_is_refused() {
    let portal = Portal::start().await;
    let attempt = portal.begin("").await;
    portal
        .provider
        .answer_next(TokenReply::Error("invalid_grant"));
    let response = portal.callback(&attempt.state, Some(&attempt.cookie)).await;
    portal
        .assert_refused(
            "reused code",
            "token_exchange: Server returned error response: invalid_grant",
            response,
        )
        .await;
}

#[tokio::test]
async fn a_level_1_citizen_signs_in_but_is_sent_to_upgrade_before_a_service() {
    let portal = Portal::start().await;
    let session = portal
        .sign_in(|mut claims| {
            claims["acr"] = LEVEL_1.into();
            claims
        })
        .await;
    let account = portal.get("/account", Some(&session)).await;
    assert_eq!(account.status(), 200);
    assert!(account.text().await.unwrap().contains(vi().level_1));
    let start = portal
        .bare
        .http
        .post(portal.url("/services/driving-licence/start"))
        .header(header::COOKIE, &session)
        .form(&[] as &[(&str, &str)])
        .send()
        .await
        .unwrap();
    assert_eq!(start.status(), 403);
    assert!(start.text().await.unwrap().contains(vi().upgrade_title));
}

#[tokio::test]
async fn cross_site_posts_are_forbidden_and_change_nothing() {
    let portal = Portal::start().await;
    let session = portal.sign_in(|claims| claims).await;
    let cross_site: [(&str, &str); 2] = [
        ("origin", "https://evil.example"),
        ("sec-fetch-site", "cross-site"),
    ];
    for path in ["/auth/logout", "/account/report-error"] {
        for (name, value) in cross_site {
            let response = portal
                .bare
                .http
                .post(portal.url(path))
                .header(header::COOKIE, &session)
                .header(name, value)
                .form(&[("which", "name"), ("details", "Nguyễn Văn Bình")])
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 403, "{path} with {name}: {value}");
        }
    }
    let account = portal.get("/account", Some(&session)).await;
    assert_eq!(account.status(), 200, "the forged sign-out did not happen");
    let corrections = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM data_corrections")
            .fetch_one(&portal.db)
            .await
            .unwrap()
    };
    assert_eq!(corrections().await, 0, "the forged reports were not saved");
    // The same form from the portal's own page goes through.
    let own = portal
        .bare
        .http
        .post(portal.url("/account/report-error"))
        .header(header::COOKIE, &session)
        .header("origin", portal.url(""))
        .header("sec-fetch-site", "same-origin")
        .form(&[("which", "name"), ("details", "Nguyễn Văn Bình")])
        .send()
        .await
        .unwrap();
    assert_eq!(own.status(), 200);
    assert_eq!(corrections().await, 1);
}

#[tokio::test]
async fn sign_in_never_returns_off_site() {
    let portal = Portal::start().await;
    for evil in ["//evil.example", "https://evil.example", "/%5Cevil.example"] {
        let attempt = portal.begin(&format!("?return_to={evil}")).await;
        let claims = portal.provider.claims(&attempt.nonce);
        let id_token = portal.provider.sign(&eddsa_header(), &claims);
        portal.provider.answer_next(TokenReply::IdToken(id_token));
        let response = portal.callback(&attempt.state, Some(&attempt.cookie)).await;
        assert_eq!(response.status(), 303, "{evil}");
        assert_eq!(location(&response), "/account", "{evil}");
    }
}

#[tokio::test]
async fn after_signing_out_the_old_session_cookie_is_anonymous() {
    let portal = Portal::start().await;
    let session = portal.sign_in(|claims| claims).await;
    assert_eq!(portal.get("/account", Some(&session)).await.status(), 200);
    let logout = portal
        .bare
        .http
        .post(portal.url("/auth/logout"))
        .header(header::COOKIE, &session)
        .send()
        .await
        .unwrap();
    assert_eq!(logout.status(), 303);
    assert!(location(&logout).starts_with(&format!("{}/logout?", portal.provider.issuer)));
    assert!(set_cookie(&logout, "portal-session").is_none(), "cleared");
    let replayed = portal.get("/account", Some(&session)).await;
    assert_eq!(replayed.status(), 303);
    assert_eq!(location(&replayed), "/auth/login?return_to=/account");
}

#[tokio::test]
async fn the_eleventh_rapid_sign_in_from_one_address_gets_429() {
    let portal = Portal::start_with(None).await;
    for attempt in 1..=10 {
        let response = portal.get("/auth/login", None).await;
        assert_eq!(response.status(), 303, "attempt {attempt}");
    }
    let limited = portal.get("/auth/login", None).await;
    assert_eq!(limited.status(), 429);
    let retry_after: u64 = limited.headers()[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry_after), "{retry_after}");
}

#[tokio::test]
async fn pages_assets_and_404s_carry_the_security_headers() {
    let portal = Portal::start().await;
    let page = portal.get("/", None).await;
    assert_security_headers(&page);
    let nonce_of = |response: &reqwest::Response| {
        let csp = response.headers()[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap();
        let start = csp.find("'nonce-").unwrap();
        csp[start..start + csp[start..].find("' ").unwrap()].to_string()
    };
    let first_nonce = nonce_of(&page);
    let html = page.text().await.unwrap();
    let start = html.find("/assets/portal.").unwrap();
    let css = &html[start..start + html[start..].find('"').unwrap()];
    let asset = portal.get(css, None).await;
    assert_eq!(asset.status(), 200);
    assert_security_headers(&asset);
    let missing = portal.get("/no-such-page", None).await;
    assert_eq!(missing.status(), 404);
    assert_security_headers(&missing);
    assert_ne!(nonce_of(&missing), first_nonce, "a fresh nonce per request");
}

#[tokio::test]
async fn signed_in_pages_are_never_cached() {
    let portal = Portal::start().await;
    let session = portal.sign_in(|claims| claims).await;
    let account = portal.get("/account", Some(&session)).await;
    assert_eq!(account.status(), 200);
    assert_security_headers(&account);
    assert_eq!(account.headers()[header::CACHE_CONTROL], "no-store");
    assert!(account.text().await.unwrap().contains("Nguyễn Văn An"));
}

#[tokio::test]
async fn personal_id_numbers_and_id_tokens_never_reach_the_logs() {
    let portal = Portal::start().await;
    // A refused sign-in whose token carries the number, then a good one.
    let attempt = portal.begin("").await;
    let mut claims = portal.provider.claims(&attempt.nonce);
    claims["aud"] = "another-client".into();
    let refused_token = portal.provider.sign(&eddsa_header(), &claims);
    portal
        .provider
        .answer_next(TokenReply::IdToken(refused_token.clone()));
    let refused = portal.callback(&attempt.state, Some(&attempt.cookie)).await;
    assert_eq!(refused.status(), 400);

    let attempt = portal.begin("").await;
    let claims = portal.provider.claims(&attempt.nonce);
    let id_token = portal.provider.sign(&eddsa_header(), &claims);
    portal
        .provider
        .answer_next(TokenReply::IdToken(id_token.clone()));
    let signed_in = portal
        .get(
            &format!(
                "/auth/callback?code=code-1&state={}&id_token={id_token}",
                attempt.state
            ),
            Some(&attempt.cookie),
        )
        .await;
    let session = set_cookie(&signed_in, "portal-session").unwrap();

    // The number and the token where a careless log line would pick them up.
    for path in [
        format!("/account?personal_id={PERSONAL_ID}"),
        format!("/?q={PERSONAL_ID}"),
        format!("/services/driving-licence?id_token={id_token}"),
    ] {
        let response = portal
            .bare
            .http
            .get(portal.url(&path))
            .header(header::COOKIE, &session)
            .header(header::AUTHORIZATION, format!("Bearer {id_token}"))
            .send()
            .await
            .unwrap();
        assert!(response.status().is_success(), "{path}");
    }
    for details in [
        String::new(),
        format!("Số của tôi là {PERSONAL_ID}, mã {id_token}"),
    ] {
        let response = portal
            .bare
            .http
            .post(portal.url("/account/report-error"))
            .header(header::COOKIE, &session)
            .form(&[("which", "name"), ("details", details.as_str())])
            .send()
            .await
            .unwrap();
        assert!(response.status().as_u16() < 500);
    }
    let logout = portal
        .bare
        .http
        .post(portal.url("/auth/logout"))
        .header(header::COOKIE, &session)
        .send()
        .await
        .unwrap();
    assert_eq!(logout.status(), 303);

    let logs = String::from_utf8_lossy(&captured_logs().lock().unwrap()).into_owned();
    assert!(
        logs.contains("sign-in refused") && logs.contains("/account/report-error"),
        "the capture sees the portal's logs"
    );
    for (secret, what) in [
        (PERSONAL_ID, "the personal ID number"),
        (id_token.as_str(), "the ID token"),
        (refused_token.as_str(), "the refused ID token"),
        (session.split_once('=').unwrap().1, "the session token"),
    ] {
        assert!(!logs.contains(secret), "{what} was logged");
    }
    // Parts of a token are as telling as the whole (the payload carries the number).
    let payload = id_token.split('.').nth(1).unwrap();
    assert!(!logs.contains(payload), "the ID token's payload was logged");
}

#[tokio::test]
async fn signed_in_pages_state_the_idle_limit_in_both_languages() {
    let portal = Portal::start().await;
    let anonymous = portal.get("/", None).await.text().await.unwrap();
    assert!(!anonymous.contains("tự đăng xuất"));
    let session = portal.sign_in(|claims| claims).await;
    let vietnamese = portal.get("/account", Some(&session)).await;
    let html = vietnamese.text().await.unwrap();
    assert!(html.contains("cổng tự đăng xuất sau 30 phút không có thao tác"));
    // The warning's live region is in the page from the start, empty until it is needed.
    assert!(html.contains(r#"<div role="alert" class="session-timeout"><!></div>"#));
    let english = portal
        .get("/account", Some(&format!("{session}; lang=en")))
        .await;
    let html = english.text().await.unwrap();
    assert!(html.contains("you are signed out after 30 minutes without activity"));
}

#[tokio::test]
async fn forged_request_ids_and_provider_errors_never_reach_the_logs() {
    let portal = Portal::start().await;
    let attempt = portal.begin("").await;
    let forged_line = "FORGED-LINE sign-in ok for 001099000001";
    let response = portal
        .bare
        .http
        .get(portal.url(&format!(
            "/auth/callback?state={}&error=access_denied%0A{}",
            attempt.state,
            forged_line.replace(' ', "%20")
        )))
        .header(header::COOKIE, &attempt.cookie)
        .header("x-request-id", "forged-request-id")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let request_id = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_string();
    assert_ne!(
        request_id, "forged-request-id",
        "the portal makes its own request ids"
    );
    assert_eq!(request_id.len(), 36, "a UUID: {request_id}");
    // The provider's error is recorded as a code the protocol defines, nothing more.
    let outcome = portal.audited_outcome(&response).await;
    assert_eq!(outcome, "refused: provider error unrecognised");
    let logs = String::from_utf8_lossy(&captured_logs().lock().unwrap()).into_owned();
    assert!(logs.contains(&request_id), "the capture sees this request");
    assert!(!logs.contains("FORGED-LINE"), "no line of the client's own");
    assert!(!logs.contains("forged-request-id"));
}

#[tokio::test]
async fn cross_site_posts_without_origin_or_with_another_scheme_are_refused() {
    let portal = Portal::start().await;
    let session = portal.sign_in(|claims| claims).await;
    let bare = reqwest::Client::builder()
        .redirect(Policy::none())
        .build()
        .unwrap();
    let host = portal.bare.addr.to_string();
    for (what, origin) in [
        ("no Origin and no Sec-Fetch-Site", None),
        (
            "the portal's host under https",
            Some(format!("https://{host}")),
        ),
    ] {
        let mut request = bare
            .post(portal.url("/account/report-error"))
            .header(header::COOKIE, &session)
            .form(&[("which", "name"), ("details", "Nguyễn Văn Bình")]);
        if let Some(origin) = origin {
            request = request.header(header::ORIGIN, origin);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 403, "{what}");
    }
    let corrections: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM data_corrections")
        .fetch_one(&portal.db)
        .await
        .unwrap();
    assert_eq!(corrections, 0, "nothing was saved");
}
