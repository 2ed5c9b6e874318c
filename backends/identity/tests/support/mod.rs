//! A fake registry, a provider wired to it, and a cookie-keeping browser, all over real HTTP on
//! loopback ports.

use std::{collections::HashMap, net::SocketAddr, sync::Arc, time::Duration};

use axum::{
    extract::State,
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::post,
    Json, Router,
};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use domain::personal_id::{PersonalId, Sex};
use ed25519_dalek::{Signature, VerifyingKey};
use identity::{Client, Config};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use time::{macros::format_description, Date, Duration as Span, OffsetDateTime};

pub const REDIRECT_URI: &str = "http://127.0.0.1:9/auth/callback";
pub const POST_LOGOUT_URI: &str = "http://127.0.0.1:9/";
pub const CLIENT_ID: &str = "portal";
pub const CLIENT_SECRET: &str = "portal-dev-secret";

pub struct Person {
    pub id: PersonalId,
    pub name: &'static str,
    pub birthdate: Date,
    pub sex: Sex,
}

impl Person {
    pub fn password(&self) -> String {
        format!("Vneid@{}", &self.id.as_str()[6..])
    }

    pub fn birthdate_text(&self) -> String {
        self.birthdate
            .format(format_description!("[year]-[month]-[day]"))
            .unwrap()
    }
}

/// Level 2: the ID number does not end in 0.
pub fn adult() -> Person {
    Person {
        id: PersonalId::compose(79, Sex::Male, 1990, 123457),
        name: "Nguyễn Văn An",
        birthdate: time::macros::date!(1990 - 05 - 17),
        sex: Sex::Male,
    }
}

/// Level 1: the ID number ends in 0.
pub fn basic_adult() -> Person {
    Person {
        id: PersonalId::compose(1, Sex::Female, 1985, 654320),
        name: "Trần Thị Bình",
        birthdate: time::macros::date!(1985 - 11 - 02),
        sex: Sex::Female,
    }
}

/// Ten years old today.
pub fn child() -> Person {
    let today = OffsetDateTime::now_utc().date();
    let birthdate = today
        .replace_year(today.year() - 10)
        .unwrap_or(today - Span::days(3653));
    Person {
        id: PersonalId::compose(79, Sex::Female, birthdate.year(), 111111),
        name: "Lê Thị Cúc",
        birthdate,
        sex: Sex::Female,
    }
}

/// The registry's people endpoint as the provider is told it behaves: it insists on the
/// provider's credentials and purpose, and knows only `people`.
pub async fn start_fake_registry(people: Vec<Person>) -> SocketAddr {
    let records: HashMap<String, Value> = people
        .iter()
        .map(|person| {
            (
                person.id.as_str().to_owned(),
                json!({
                    "personal_id": person.id.as_str(),
                    "full_name": person.name,
                    "date_of_birth": person.birthdate_text(),
                    "sex": match person.sex { Sex::Male => "male", Sex::Female => "female" },
                    "nationality": "VN",
                }),
            )
        })
        .collect();
    let app = Router::new()
        .route("/v1/people/get", post(lookup))
        .with_state(Arc::new(records));
    serve(app).await
}

async fn lookup(
    State(records): State<Arc<HashMap<String, Value>>>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    let header = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
    if header("authorization") != Some("Bearer identity-dev-secret") {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    if header("x-purpose") != Some("eid-authentication") {
        return StatusCode::FORBIDDEN.into_response();
    }
    match body["personal_id"].as_str().and_then(|id| records.get(id)) {
        Some(record) => Json(record.clone()).into_response(),
        None => (StatusCode::NOT_FOUND, Json(json!({"code": "not_found"}))).into_response(),
    }
}

async fn serve(app: Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

pub fn test_config(registry: SocketAddr) -> Config {
    Config {
        bind: SocketAddr::from(([127, 0, 0, 1], 0)),
        registry_url: format!("http://{registry}"),
        clients: vec![Client {
            redirect_uris: vec![REDIRECT_URI.into()],
            post_logout_redirect_uris: vec![POST_LOGOUT_URI.into()],
            ..Client::portal()
        }],
        admin_enabled: true,
        ..Config::default()
    }
}

/// A provider with the three test citizens in its registry; returns its base URL.
pub async fn start_provider(adjust: impl FnOnce(&mut Config)) -> String {
    let registry = start_fake_registry(vec![adult(), basic_adult(), child()]).await;
    let mut config = test_config(registry);
    adjust(&mut config);
    identity::start(config).await.unwrap().issuer
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn location(&self) -> &str {
        self.headers
            .get("location")
            .and_then(|value| value.to_str().ok())
            .unwrap_or_else(|| panic!("no Location in a {} reply: {}", self.status, self.body))
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|_| panic!("not JSON: {}", self.body))
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
    }

    /// The value of the hidden `name` input of the page.
    pub fn hidden(&self, name: &str) -> String {
        let marker = format!(r#"name="{name}" value=""#);
        let start = self.body.find(&marker).expect("hidden input") + marker.len();
        self.body[start..].split('"').next().unwrap().to_owned()
    }
}

/// An HTTP client that keeps cookies and never follows redirects, so each hop can be checked.
pub struct Browser {
    http: reqwest::Client,
    cookies: HashMap<String, String>,
    /// Every Set-Cookie header seen, for checking attributes.
    pub set_cookies: Vec<String>,
}

impl Default for Browser {
    fn default() -> Self {
        Self {
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .timeout(Duration::from_secs(10))
                .build()
                .unwrap(),
            cookies: HashMap::new(),
            set_cookies: Vec::new(),
        }
    }
}

impl Browser {
    pub async fn get(&mut self, url: &str) -> Reply {
        let request = self.http.get(url);
        self.send(request).await
    }

    pub async fn http_get_bearer(&mut self, url: &str, token: &str) -> Reply {
        let request = self.http.get(url).bearer_auth(token);
        self.send(request).await
    }

    pub async fn post_form(&mut self, url: &str, fields: &[(&str, &str)]) -> Reply {
        let request = self.http.post(url).form(fields);
        self.send(request).await
    }

    async fn send(&mut self, request: reqwest::RequestBuilder) -> Reply {
        let cookie_header: Vec<String> = self
            .cookies
            .iter()
            .map(|(name, value)| format!("{name}={value}"))
            .collect();
        let request = if cookie_header.is_empty() {
            request
        } else {
            request.header("cookie", cookie_header.join("; "))
        };
        let response = request.send().await.unwrap();
        for value in response.headers().get_all("set-cookie") {
            let text = value.to_str().unwrap().to_owned();
            let (pair, attributes) = text.split_once(';').unwrap_or((&text, ""));
            let (name, value) = pair.split_once('=').unwrap();
            if attributes.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
            self.set_cookies.push(text);
        }
        Reply {
            status: response.status(),
            headers: response.headers().clone(),
            body: response.text().await.unwrap(),
        }
    }
}

pub struct Pkce {
    pub verifier: String,
    pub challenge: String,
}

impl Pkce {
    pub fn new() -> Self {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).unwrap();
        let verifier = URL_SAFE_NO_PAD.encode(bytes);
        let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
        Self {
            verifier,
            challenge,
        }
    }
}

/// An authorization request URL; `overrides` replace defaults, an empty value drops the parameter.
pub fn authorize_url(base: &str, pkce: &Pkce, overrides: &[(&str, &str)]) -> String {
    let mut params: Vec<(&str, &str)> = vec![
        ("response_type", "code"),
        ("client_id", CLIENT_ID),
        ("redirect_uri", REDIRECT_URI),
        ("scope", "openid profile"),
        ("state", "state-xyz"),
        ("nonce", "nonce-123"),
        ("code_challenge", &pkce.challenge),
        ("code_challenge_method", "S256"),
    ];
    for (name, value) in overrides {
        params.retain(|(existing, _)| existing != name);
        if !value.is_empty() {
            params.push((name, value));
        }
    }
    let mut url = url::Url::parse(&format!("{base}/authorize")).unwrap();
    url.query_pairs_mut().extend_pairs(params);
    url.to_string()
}

pub fn query_of(location: &str) -> HashMap<String, String> {
    url::Url::parse(location)
        .unwrap()
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// Drives the sign-in pages from the credentials form to the page showing the one-time code.
pub async fn enter_credentials(
    browser: &mut Browser,
    base: &str,
    id: &str,
    password: &str,
) -> Reply {
    let page = browser.get(&format!("{base}/signin")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let csrf = page.hidden("csrf_token");
    browser
        .post_form(
            &format!("{base}/signin"),
            &[
                ("csrf_token", &csrf),
                ("personal_id", id),
                ("password", password),
            ],
        )
        .await
}

/// The whole sign-in: authorize, credentials, one-time code; returns the callback's query.
pub async fn sign_in(
    browser: &mut Browser,
    base: &str,
    person: &Person,
    authorize: &str,
) -> HashMap<String, String> {
    let start = browser.get(authorize).await;
    assert_eq!(start.status, StatusCode::SEE_OTHER, "{}", start.body);
    assert_eq!(start.location(), "/signin");
    let after_password =
        enter_credentials(browser, base, person.id.as_str(), &person.password()).await;
    assert_eq!(
        after_password.status,
        StatusCode::SEE_OTHER,
        "{}",
        after_password.body
    );
    let otp_page = browser.get(&format!("{base}/signin")).await;
    let otp = one_time_code_on(&otp_page.body);
    let csrf = otp_page.hidden("csrf_token");
    let done = browser
        .post_form(
            &format!("{base}/signin/otp"),
            &[("csrf_token", &csrf), ("otp", &otp)],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert!(
        done.location().starts_with(REDIRECT_URI),
        "{}",
        done.location()
    );
    query_of(done.location())
}

pub fn one_time_code_on(html: &str) -> String {
    let marker = "Mã OTP (môi trường thử nghiệm): ";
    let start = html.find(marker).expect("the page shows the test OTP") + marker.len();
    html[start..start + 6].to_owned()
}

pub struct TokenRequest<'a> {
    pub code: &'a str,
    pub verifier: &'a str,
    pub redirect_uri: &'a str,
    pub secret: &'a str,
}

impl<'a> TokenRequest<'a> {
    pub fn new(code: &'a str, pkce: &'a Pkce) -> Self {
        Self {
            code,
            verifier: &pkce.verifier,
            redirect_uri: REDIRECT_URI,
            secret: CLIENT_SECRET,
        }
    }
}

/// `client_secret_basic`.
pub async fn exchange(base: &str, request: &TokenRequest<'_>) -> Reply {
    let mut browser = Browser::default();
    let response = browser
        .http
        .post(format!("{base}/token"))
        .basic_auth(CLIENT_ID, Some(request.secret))
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", request.code),
            ("redirect_uri", request.redirect_uri),
            ("code_verifier", request.verifier),
        ]);
    browser.send(response).await
}

/// Checks the ID token's EdDSA signature with the key the JWKS publishes under its `kid`, and
/// returns (kid, claims).
pub async fn verify_id_token(base: &str, token: &str) -> (String, Value) {
    let jwks = Browser::default().get(&format!("{base}/jwks")).await.json();
    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(parts.len(), 3);
    let header: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[0]).unwrap()).unwrap();
    assert_eq!(header["alg"], "EdDSA");
    let kid = header["kid"].as_str().unwrap().to_owned();
    let jwk = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|key| key["kid"] == kid.as_str())
        .unwrap_or_else(|| panic!("kid {kid} is not in the JWKS"));
    assert_eq!(
        (jwk["kty"].as_str(), jwk["crv"].as_str()),
        (Some("OKP"), Some("Ed25519"))
    );
    let x: [u8; 32] = URL_SAFE_NO_PAD
        .decode(jwk["x"].as_str().unwrap())
        .unwrap()
        .try_into()
        .unwrap();
    let key = VerifyingKey::from_bytes(&x).unwrap();
    let signature = Signature::from_slice(&URL_SAFE_NO_PAD.decode(parts[2]).unwrap()).unwrap();
    key.verify_strict(format!("{}.{}", parts[0], parts[1]).as_bytes(), &signature)
        .expect("the ID token signature verifies");
    let claims = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
    (kid, claims)
}
