//! The provider end to end over HTTP: a browser-like client drives the sign-in forms, a relying
//! party exchanges the code, and every answer is checked the way a real client would check it.

mod support;

use std::time::Duration;

use reqwest::StatusCode;
use support::*;

#[tokio::test]
async fn discovery_and_jwks_describe_an_eddsa_provider() {
    let base = start_provider(|_| {}).await;
    let mut browser = Browser::default();
    let discovery = browser
        .get(&format!("{base}/.well-known/openid-configuration"))
        .await
        .json();
    assert_eq!(discovery["issuer"], base.as_str());
    assert_eq!(discovery["token_endpoint"], format!("{base}/token"));
    assert_eq!(discovery["jwks_uri"], format!("{base}/jwks"));
    assert_eq!(discovery["end_session_endpoint"], format!("{base}/logout"));
    assert_eq!(
        discovery["code_challenge_methods_supported"],
        serde_json::json!(["S256"])
    );
    assert_eq!(
        discovery["id_token_signing_alg_values_supported"],
        serde_json::json!(["EdDSA"])
    );

    let jwks = browser.get(&format!("{base}/jwks")).await.json();
    let keys = jwks["keys"].as_array().unwrap();
    assert_eq!(keys.len(), 1);
    for (field, value) in [
        ("kty", "OKP"),
        ("crv", "Ed25519"),
        ("alg", "EdDSA"),
        ("use", "sig"),
    ] {
        assert_eq!(keys[0][field], value);
    }
    assert!(keys[0]["kid"].as_str().is_some_and(|kid| !kid.is_empty()));
}

#[tokio::test]
async fn code_flow_yields_a_verifiable_id_token_and_userinfo() {
    let base = start_provider(|_| {}).await;
    let person = adult();
    let pkce = Pkce::new();
    let mut browser = Browser::default();

    let start = browser.get(&authorize_url(&base, &pkce, &[])).await;
    let page = browser.get(&format!("{base}/signin")).await;
    let csp = page.header("content-security-policy");
    assert!(
        csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert_eq!(page.header("x-content-type-options"), "nosniff");
    assert!(page.body.contains(r#"<html lang="vi">"#));
    assert!(page
        .body
        .contains(r#"<label for="personal_id">Số định danh cá nhân"#));
    assert!(page.body.contains(r#"<label for="password">Mật khẩu"#));
    assert!(page.body.contains(">Đăng nhập</button>"));
    assert_eq!(start.status, StatusCode::SEE_OTHER);

    let callback = sign_in(
        &mut browser,
        &base,
        &person,
        &authorize_url(&base, &pkce, &[]),
    )
    .await;
    assert!(browser
        .set_cookies
        .iter()
        .all(|cookie| cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax")));
    assert_eq!(callback["state"], "state-xyz");
    assert_eq!(callback["iss"], base);

    let reply = exchange(&base, &TokenRequest::new(&callback["code"], &pkce)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.header("cache-control"), "no-store");
    let tokens = reply.json();
    assert_eq!(tokens["token_type"], "Bearer");
    assert!(tokens["expires_in"].as_u64().unwrap() > 0);

    let (_, claims) = verify_id_token(&base, tokens["id_token"].as_str().unwrap()).await;
    assert_eq!(claims["iss"], base.as_str());
    assert_eq!(claims["aud"], CLIENT_ID);
    assert_eq!(claims["nonce"], "nonce-123");
    assert_eq!(claims["acr"], "urn:vneid:loa:2");
    assert_eq!(claims["personal_id"], person.id.as_str());
    assert_eq!(claims["name"], person.name);
    assert_eq!(claims["birthdate"], person.birthdate_text());
    assert_eq!(claims["gender"], "male");
    let (iat, exp) = (
        claims["iat"].as_u64().unwrap(),
        claims["exp"].as_u64().unwrap(),
    );
    assert_eq!(exp - iat, 300);
    assert!(claims["auth_time"].as_u64().unwrap() <= iat);
    let sub = claims["sub"].as_str().unwrap();
    assert!(!sub.contains(person.id.as_str()));

    let userinfo = Browser::default()
        .http_get_bearer(
            &format!("{base}/userinfo"),
            tokens["access_token"].as_str().unwrap(),
        )
        .await;
    assert_eq!(userinfo.status, StatusCode::OK, "{}", userinfo.body);
    let info = userinfo.json();
    assert_eq!(info["sub"], sub);
    assert_eq!(info["personal_id"], person.id.as_str());
    assert_eq!(info["name"], person.name);
    assert!(info.get("nonce").is_none());
}

#[tokio::test]
async fn level_one_account_gets_the_level_one_acr() {
    let base = start_provider(|_| {}).await;
    let pkce = Pkce::new();
    let person = basic_adult();
    let callback = sign_in(
        &mut Browser::default(),
        &base,
        &person,
        &authorize_url(&base, &pkce, &[]),
    )
    .await;
    let tokens = exchange(&base, &TokenRequest::new(&callback["code"], &pkce))
        .await
        .json();
    let (_, claims) = verify_id_token(&base, tokens["id_token"].as_str().unwrap()).await;
    assert_eq!(claims["acr"], "urn:vneid:loa:1");
    assert_eq!(claims["gender"], "female");
}

#[tokio::test]
async fn client_secret_post_is_accepted() {
    let base = start_provider(|_| {}).await;
    let pkce = Pkce::new();
    let callback = sign_in(
        &mut Browser::default(),
        &base,
        &adult(),
        &authorize_url(&base, &pkce, &[]),
    )
    .await;
    let reply = Browser::default()
        .post_form(
            &format!("{base}/token"),
            &[
                ("grant_type", "authorization_code"),
                ("code", &callback["code"]),
                ("redirect_uri", REDIRECT_URI),
                ("code_verifier", &pkce.verifier),
                ("client_id", CLIENT_ID),
                ("client_secret", CLIENT_SECRET),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
}

#[tokio::test]
async fn a_reused_code_is_refused_and_revokes_its_access_token() {
    let base = start_provider(|_| {}).await;
    let pkce = Pkce::new();
    let callback = sign_in(
        &mut Browser::default(),
        &base,
        &adult(),
        &authorize_url(&base, &pkce, &[]),
    )
    .await;
    let request = TokenRequest::new(&callback["code"], &pkce);
    let first = exchange(&base, &request).await.json();
    let access_token = first["access_token"].as_str().unwrap();
    let before = Browser::default()
        .http_get_bearer(&format!("{base}/userinfo"), access_token)
        .await;
    assert_eq!(before.status, StatusCode::OK);

    let replay = exchange(&base, &request).await;
    assert_eq!(replay.status, StatusCode::BAD_REQUEST);
    assert_eq!(replay.json()["error"], "invalid_grant");
    let after = Browser::default()
        .http_get_bearer(&format!("{base}/userinfo"), access_token)
        .await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
    assert!(after.header("www-authenticate").starts_with("Bearer"));
}

#[tokio::test]
async fn a_wrong_pkce_verifier_is_invalid_grant() {
    let base = start_provider(|_| {}).await;
    let pkce = Pkce::new();
    let callback = sign_in(
        &mut Browser::default(),
        &base,
        &adult(),
        &authorize_url(&base, &pkce, &[]),
    )
    .await;
    let other = Pkce::new();
    let reply = exchange(
        &base,
        &TokenRequest {
            verifier: &other.verifier,
            ..TokenRequest::new(&callback["code"], &pkce)
        },
    )
    .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.json()["error"], "invalid_grant");
    assert_eq!(reply.json()["code"], "invalid_grant");
}

#[tokio::test]
async fn a_different_redirect_uri_at_the_token_endpoint_is_invalid_grant() {
    let base = start_provider(|config| {
        config.clients[0]
            .redirect_uris
            .push("http://127.0.0.1:9/other".into());
    })
    .await;
    let pkce = Pkce::new();
    let callback = sign_in(
        &mut Browser::default(),
        &base,
        &adult(),
        &authorize_url(&base, &pkce, &[]),
    )
    .await;
    let reply = exchange(
        &base,
        &TokenRequest {
            redirect_uri: "http://127.0.0.1:9/other",
            ..TokenRequest::new(&callback["code"], &pkce)
        },
    )
    .await;
    assert_eq!(reply.json()["error"], "invalid_grant");
}

#[tokio::test]
async fn a_wrong_client_secret_is_invalid_client() {
    let base = start_provider(|_| {}).await;
    let pkce = Pkce::new();
    let callback = sign_in(
        &mut Browser::default(),
        &base,
        &adult(),
        &authorize_url(&base, &pkce, &[]),
    )
    .await;
    let reply = exchange(
        &base,
        &TokenRequest {
            secret: "not-the-secret",
            ..TokenRequest::new(&callback["code"], &pkce)
        },
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(reply.json()["error"], "invalid_client");
    assert!(reply.header("www-authenticate").starts_with("Basic"));
    // A failed client authentication does not use the code up.
    let good = exchange(&base, &TokenRequest::new(&callback["code"], &pkce)).await;
    assert_eq!(good.status, StatusCode::OK, "{}", good.body);
}

#[tokio::test]
async fn an_expired_code_is_invalid_grant() {
    let base = start_provider(|config| config.code_lifetime = Duration::from_secs(1)).await;
    let pkce = Pkce::new();
    let callback = sign_in(
        &mut Browser::default(),
        &base,
        &adult(),
        &authorize_url(&base, &pkce, &[]),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let reply = exchange(&base, &TokenRequest::new(&callback["code"], &pkce)).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.json()["error"], "invalid_grant");
}

#[tokio::test]
async fn token_endpoint_names_unsupported_grants_and_missing_parameters() {
    let base = start_provider(|_| {}).await;
    let mut rp = Browser::default();
    let credentials = [("client_id", CLIENT_ID), ("client_secret", CLIENT_SECRET)];
    let refresh = rp
        .post_form(
            &format!("{base}/token"),
            &[
                credentials[0],
                credentials[1],
                ("grant_type", "refresh_token"),
            ],
        )
        .await;
    assert_eq!(refresh.json()["error"], "unsupported_grant_type");
    let missing = rp
        .post_form(
            &format!("{base}/token"),
            &[
                credentials[0],
                credentials[1],
                ("grant_type", "authorization_code"),
            ],
        )
        .await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST);
    assert_eq!(missing.json()["error"], "invalid_request");
    let unknown = rp
        .post_form(
            &format!("{base}/token"),
            &[
                credentials[0],
                credentials[1],
                ("grant_type", "authorization_code"),
                ("code", "made-up"),
                ("redirect_uri", REDIRECT_URI),
                ("code_verifier", &Pkce::new().verifier),
            ],
        )
        .await;
    assert_eq!(unknown.json()["error"], "invalid_grant");
}

#[tokio::test]
async fn plain_or_missing_pkce_is_refused_back_to_the_client() {
    let base = start_provider(|_| {}).await;
    let pkce = Pkce::new();
    let mut browser = Browser::default();
    for overrides in [
        [("code_challenge_method", "plain")],
        [("code_challenge", "")],
        [("nonce", "")],
        [("scope", "profile")],
    ] {
        let reply = browser.get(&authorize_url(&base, &pkce, &overrides)).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
        assert!(reply.location().starts_with(REDIRECT_URI));
        let query = query_of(reply.location());
        let expected = if overrides[0].0 == "scope" {
            "invalid_scope"
        } else {
            "invalid_request"
        };
        assert_eq!(query["error"], expected, "{overrides:?}");
        assert_eq!(query["state"], "state-xyz");
    }
}

#[tokio::test]
async fn an_unregistered_client_or_redirect_uri_gets_a_page_not_a_redirect() {
    let base = start_provider(|_| {}).await;
    let pkce = Pkce::new();
    let mut browser = Browser::default();
    for overrides in [
        [("redirect_uri", "http://127.0.0.1:9/auth/callback/evil")],
        [("client_id", "stranger")],
        [("redirect_uri", "")],
    ] {
        let reply = browser.get(&authorize_url(&base, &pkce, &overrides)).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{overrides:?}");
        assert!(reply.headers.get("location").is_none());
        assert!(reply.body.contains("<title>"));
    }
}

#[tokio::test]
async fn under_fourteens_and_unknown_numbers_get_the_wrong_password_message() {
    let base = start_provider(|_| {}).await;
    let pkce = Pkce::new();
    let mut browser = Browser::default();
    browser.get(&authorize_url(&base, &pkce, &[])).await;

    let kid = child();
    let refused = enter_credentials(&mut browser, &base, kid.id.as_str(), &kid.password()).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    let wrong = enter_credentials(&mut browser, &base, adult().id.as_str(), "Vneid@000000").await;
    let unknown_id =
        domain::personal_id::PersonalId::compose(48, domain::personal_id::Sex::Male, 1970, 42);
    let unknown = enter_credentials(
        &mut browser,
        &base,
        unknown_id.as_str(),
        &format!("Vneid@{}", &unknown_id.as_str()[6..]),
    )
    .await;
    let message = "Số định danh cá nhân hoặc mật khẩu không đúng.";
    for reply in [&refused, &wrong, &unknown] {
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
        assert!(reply.body.contains(message), "{}", reply.body);
    }
}

#[tokio::test]
async fn form_errors_are_summarised_linked_and_keep_the_typed_number() {
    let base = start_provider(|_| {}).await;
    let mut browser = Browser::default();
    browser.get(&authorize_url(&base, &Pkce::new(), &[])).await;
    let reply = enter_credentials(&mut browser, &base, "12345", "").await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.body.contains("<title>Lỗi: "));
    assert!(reply.body.contains(r#"class="error-summary" role="alert""#));
    assert!(reply.body.contains(r##"<a href="#personal_id">"##));
    assert!(reply.body.contains(r##"<a href="#password">"##));
    assert!(reply.body.contains(
        r#"value="12345" aria-describedby="personal_id-hint personal_id-error" aria-invalid="true""#
    ));
}

#[tokio::test]
async fn forms_without_the_csrf_token_are_refused() {
    let base = start_provider(|_| {}).await;
    let mut browser = Browser::default();
    browser.get(&authorize_url(&base, &Pkce::new(), &[])).await;
    let person = adult();
    let reply = browser
        .post_form(
            &format!("{base}/signin"),
            &[
                ("csrf_token", "forged"),
                ("personal_id", person.id.as_str()),
                ("password", &person.password()),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    let without_cookie = Browser::default()
        .post_form(&format!("{base}/signin"), &[("csrf_token", "x")])
        .await;
    assert_eq!(without_cookie.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn five_wrong_passwords_lock_the_number() {
    let base = start_provider(|_| {}).await;
    let mut browser = Browser::default();
    browser.get(&authorize_url(&base, &Pkce::new(), &[])).await;
    let person = adult();
    for attempt in 1..=5 {
        let reply =
            enter_credentials(&mut browser, &base, person.id.as_str(), "Vneid@999999").await;
        let expected = if attempt < 5 {
            StatusCode::BAD_REQUEST
        } else {
            StatusCode::TOO_MANY_REQUESTS
        };
        assert_eq!(reply.status, expected, "attempt {attempt}");
    }
    let right_but_locked =
        enter_credentials(&mut browser, &base, person.id.as_str(), &person.password()).await;
    assert_eq!(right_but_locked.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(right_but_locked.body.contains("thử lại sau 15 phút"));
}

#[tokio::test]
async fn a_wrong_one_time_code_counts_down() {
    let base = start_provider(|_| {}).await;
    let mut browser = Browser::default();
    browser.get(&authorize_url(&base, &Pkce::new(), &[])).await;
    let person = adult();
    enter_credentials(&mut browser, &base, person.id.as_str(), &person.password()).await;
    let page = browser.get(&format!("{base}/signin")).await;
    assert!(page.body.contains(r#"<label for="otp">Mã xác thực (OTP)"#));
    assert!(page.body.contains(">Xác nhận</button>"));
    let otp = one_time_code_on(&page.body);
    let wrong = if otp == "000000" { "111111" } else { "000000" };
    let reply = browser
        .post_form(
            &format!("{base}/signin/otp"),
            &[("csrf_token", &page.hidden("csrf_token")), ("otp", wrong)],
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.body.contains("Bạn còn 4 lần thử."));
}

#[tokio::test]
async fn key_rotation_keeps_earlier_tokens_verifiable() {
    let base = start_provider(|_| {}).await;
    let mut browser = Browser::default();
    let pkce = Pkce::new();
    let callback = sign_in(
        &mut browser,
        &base,
        &adult(),
        &authorize_url(&base, &pkce, &[]),
    )
    .await;
    let before = exchange(&base, &TokenRequest::new(&callback["code"], &pkce))
        .await
        .json();

    let rotated = browser
        .post_form(&format!("{base}/admin/rotate-keys"), &[])
        .await;
    assert_eq!(rotated.status, StatusCode::OK);
    let jwks = browser.get(&format!("{base}/jwks")).await.json();
    assert_eq!(jwks["keys"].as_array().unwrap().len(), 2);

    // The session answers the second request without a password.
    let pkce = Pkce::new();
    let again = browser.get(&authorize_url(&base, &pkce, &[])).await;
    let code = query_of(again.location())["code"].clone();
    let after = exchange(&base, &TokenRequest::new(&code, &pkce))
        .await
        .json();

    let (old_kid, _) = verify_id_token(&base, before["id_token"].as_str().unwrap()).await;
    let (new_kid, _) = verify_id_token(&base, after["id_token"].as_str().unwrap()).await;
    assert_ne!(old_kid, new_kid);
    assert_eq!(rotated.json()["kid"], new_kid.as_str());
}

#[tokio::test]
async fn admin_endpoints_exist_only_when_enabled() {
    let base = start_provider(|config| config.admin_enabled = false).await;
    let reply = Browser::default()
        .post_form(&format!("{base}/admin/rotate-keys"), &[])
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(reply.json()["code"], "not_found");
}

#[tokio::test]
async fn the_session_skips_the_password_unless_prompt_login() {
    let base = start_provider(|_| {}).await;
    let mut browser = Browser::default();
    let pkce = Pkce::new();
    sign_in(
        &mut browser,
        &base,
        &adult(),
        &authorize_url(&base, &pkce, &[]),
    )
    .await;

    let silent = browser
        .get(&authorize_url(&base, &pkce, &[("prompt", "none")]))
        .await;
    assert!(query_of(silent.location()).contains_key("code"));
    let forced = browser
        .get(&authorize_url(&base, &pkce, &[("prompt", "login")]))
        .await;
    assert_eq!(forced.location(), "/signin");

    let stranger = Browser::default()
        .get(&authorize_url(&base, &pkce, &[("prompt", "none")]))
        .await;
    assert_eq!(query_of(stranger.location())["error"], "login_required");
}

#[tokio::test]
async fn logout_redirects_only_to_registered_uris_and_ends_the_session() {
    let base = start_provider(|_| {}).await;
    let mut browser = Browser::default();
    let pkce = Pkce::new();
    let callback = sign_in(
        &mut browser,
        &base,
        &adult(),
        &authorize_url(&base, &pkce, &[]),
    )
    .await;
    let tokens = exchange(&base, &TokenRequest::new(&callback["code"], &pkce))
        .await
        .json();
    let hint = tokens["id_token"].as_str().unwrap();

    let mut url = url::Url::parse(&format!("{base}/logout")).unwrap();
    url.query_pairs_mut()
        .append_pair("id_token_hint", hint)
        .append_pair("post_logout_redirect_uri", "http://evil.example/")
        .append_pair("state", "bye");
    let refused = browser.get(url.as_str()).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(refused.headers.get("location").is_none());
    let still_in = browser.get(&authorize_url(&base, &pkce, &[])).await;
    assert!(query_of(still_in.location()).contains_key("code"));

    let mut url = url::Url::parse(&format!("{base}/logout")).unwrap();
    url.query_pairs_mut()
        .append_pair("id_token_hint", hint)
        .append_pair("post_logout_redirect_uri", POST_LOGOUT_URI)
        .append_pair("state", "bye");
    let done = browser.get(url.as_str()).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(done.location(), format!("{POST_LOGOUT_URI}?state=bye"));
    let signed_out = browser.get(&authorize_url(&base, &pkce, &[])).await;
    assert_eq!(signed_out.location(), "/signin");
}

#[tokio::test]
async fn a_registry_outage_keeps_the_form_and_says_to_retry() {
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let base = start_provider(|config| config.registry_url = format!("http://{closed}")).await;
    let mut browser = Browser::default();
    browser.get(&authorize_url(&base, &Pkce::new(), &[])).await;
    let person = adult();
    let reply =
        enter_credentials(&mut browser, &base, person.id.as_str(), &person.password()).await;
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(reply
        .body
        .contains(&format!(r#"value="{}""#, person.id.as_str())));
}
