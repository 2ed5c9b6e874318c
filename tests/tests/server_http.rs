//! The portal's router over real HTTP on loopback, with a real SQLite database in a temporary
//! directory: status codes, security headers, compression, caching, language and error pages.

use axum::routing::get;
use axum::Router;
use portal_tests::bare_portal::{assert_security_headers, BarePortal, Routes};
use portal_tests::ui::{en, vi};
use reqwest::header;

/// The portal with `extra` routes behind the same middleware as the real ones, and a body limit
/// small enough to test.
async fn start(extra: Router<server::AppState>) -> BarePortal {
    BarePortal::start(&[("PORTAL_MAX_BODY_BYTES", "1024")], Routes::With(extra)).await
}

#[tokio::test]
async fn home_lists_every_service_in_vietnamese_by_default() {
    let portal = start(Router::new()).await;
    let response = portal.get("/").await;
    assert_eq!(response.status(), 200);
    assert_security_headers(&response);
    let html = response.text().await.unwrap();
    assert!(html.starts_with("<!DOCTYPE html><html lang=\"vi\">"));
    for service in domain::catalogue::all() {
        assert!(html.contains(&format!("href=\"/services/{}\"", service.slug)));
        assert!(html.contains(&escape(service.name.vi)), "{}", service.slug);
    }
}

#[tokio::test]
async fn search_without_javascript_filters_on_the_server() {
    let portal = start(Router::new()).await;
    let html = portal
        .get("/?q=giay+phep+lai+xe")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("href=\"/services/driving-licence\""));
    assert!(!html.contains("href=\"/services/newborn\""));
    let nothing = portal.get("/?q=zzzz").await.text().await.unwrap();
    assert!(nothing.contains(vi().no_results));
}

#[tokio::test]
async fn every_start_page_renders_in_both_languages() {
    let portal = start(Router::new()).await;
    for service in domain::catalogue::all() {
        let path = format!("/services/{}", service.slug);
        let html = portal.get(&path).await.text().await.unwrap();
        assert!(html.contains(&format!(
            "<h1 class=\"heading-xl\">{}</h1>",
            escape(service.name.vi)
        )));
        assert!(html.contains(&format!(
            "<form method=\"post\" action=\"/services/{}/start\">",
            service.slug
        )));
        assert!(html.contains(vi().start_now));
        assert!(
            !html.contains("modulepreload"),
            "start pages load no WebAssembly"
        );
        let english = portal
            .http
            .get(portal.url(&path))
            .header(header::COOKIE, "lang=en")
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(english.contains("<html lang=\"en\">"));
        assert!(
            english.contains(&escape(service.name.en)),
            "{}",
            service.slug
        );
        assert!(english.contains(en().start_now));
    }
}

#[tokio::test]
async fn language_switch_sets_a_cookie_and_refuses_off_site_returns() {
    let portal = start(Router::new()).await;
    let response = portal
        .get("/language/en?return_to=/services/passport")
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()[header::LOCATION], "/services/passport");
    let cookie = response.headers()[header::SET_COOKIE].to_str().unwrap();
    assert!(cookie.starts_with("lang=en;") && cookie.contains("SameSite=Lax"));
    for evil in [
        "//evil.example/",
        "https://evil.example/",
        "/%5Cevil.example",
    ] {
        let response = portal.get(&format!("/language/vi?return_to={evil}")).await;
        assert_eq!(response.headers()[header::LOCATION], "/", "{evil}");
    }
    assert_eq!(portal.get("/language/fr").await.status(), 404);
}

#[tokio::test]
async fn unknown_pages_get_the_404_page_with_security_headers() {
    let portal = start(Router::new()).await;
    for path in ["/nowhere", "/services/no-such-service"] {
        let response = portal.get(path).await;
        assert_eq!(response.status(), 404);
        assert_security_headers(&response);
        assert!(response
            .text()
            .await
            .unwrap()
            .contains(vi().not_found_title));
    }
}

#[tokio::test]
async fn assets_are_hashed_compressed_and_cached_forever() {
    let portal = start(Router::new()).await;
    let html = portal.get("/").await.text().await.unwrap();
    let start = html.find("/assets/portal.").unwrap();
    let css_path = &html[start..start + html[start..].find('"').unwrap()];
    let response = portal
        .http
        .get(portal.url(css_path))
        .header(header::ACCEPT_ENCODING, "gzip, br")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_security_headers(&response);
    assert_eq!(response.headers()[header::CONTENT_ENCODING], "br");
    assert!(response.headers()[header::CACHE_CONTROL]
        .to_str()
        .unwrap()
        .contains("immutable"));
    let favicon = portal.get("/favicon.svg").await;
    assert_eq!(favicon.headers()[header::CONTENT_TYPE], "image/svg+xml");
}

#[tokio::test]
async fn html_is_compressed_when_the_browser_accepts_it() {
    let portal = start(Router::new()).await;
    for encoding in ["br", "gzip"] {
        let response = portal
            .http
            .get(portal.url("/"))
            .header(header::ACCEPT_ENCODING, encoding)
            .send()
            .await
            .unwrap();
        assert_eq!(response.headers()[header::CONTENT_ENCODING], encoding);
    }
}

#[tokio::test]
async fn probes_report_liveness_and_readiness() {
    let portal = start(Router::new()).await;
    assert_eq!(portal.get("/healthz").await.text().await.unwrap(), "ok");
    let ready = portal.get("/readyz").await;
    assert_eq!(ready.status(), 200);
}

#[tokio::test]
async fn a_panic_becomes_a_friendly_page_with_the_request_id() {
    async fn broken() -> &'static str {
        panic!("secret detail 079203001234")
    }
    let portal = start(Router::new().route("/broken", get(broken))).await;
    let response = portal.get("/broken").await;
    assert_eq!(response.status(), 500);
    assert_security_headers(&response);
    let request_id = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_string();
    let html = response.text().await.unwrap();
    assert!(html.contains(vi().error_title));
    assert!(html.contains(&request_id));
    assert!(!html.contains("secret detail") && !html.contains("079203001234"));
}

#[tokio::test]
async fn oversized_bodies_are_refused_with_413() {
    let portal = start(Router::new().route(
        "/echo",
        axum::routing::post(|body: String| async move { body }),
    ))
    .await;
    let response = portal
        .http
        .post(portal.url("/echo"))
        .body(vec![b'a'; 4096])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
}

/// "Nguyễn" as a keyboard sending combining marks types it (NFD), percent-encoded for a form.
const DECOMPOSED_NAME: &str = "Nguye%CC%82%CC%83n";

/// A route answering with the form its handler read, as `name=value` lines: plain forms through
/// axum's extractor, multipart ones through the portal's own reader of step forms.
fn form_echo() -> Router<server::AppState> {
    use axum::extract::{Request, State};
    use axum::Form;
    fn lines(posted: Vec<(String, String)>) -> String {
        let lines: Vec<String> = posted.iter().map(|(k, v)| format!("{k}={v}")).collect();
        lines.join("\n")
    }
    Router::new()
        .route(
            "/echo-form",
            axum::routing::post(|Form(posted): Form<Vec<(String, String)>>| async move {
                lines(posted)
            }),
        )
        .route(
            "/echo-multipart",
            axum::routing::post(
                |State(state): State<server::AppState>, request: Request| async move {
                    match server::web::form::read_form(&state, request).await {
                        Ok((posted, _)) => lines(posted),
                        Err(_) => "refused".into(),
                    }
                },
            ),
        )
}

#[tokio::test]
async fn text_typed_with_combining_marks_reaches_handlers_as_one_spelling() {
    let portal = start(form_echo()).await;
    let posted = portal
        .http
        .post(portal.url("/echo-form"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(format!(
            "given_name={DECOMPOSED_NAME}&town=H%C3%A0+N%E1%BB%99i"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(posted.status(), 200);
    assert_eq!(
        posted.text().await.unwrap(),
        "given_name=Nguyễn\ntown=Hà Nội"
    );

    let boundary = "b0undary";
    let multipart = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"given_name\"\r\n\r\n\
         Nguye\u{0302}\u{0303}n\r\n--{boundary}--\r\n"
    );
    let posted = portal
        .http
        .post(portal.url("/echo-multipart"))
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(multipart)
        .send()
        .await
        .unwrap();
    assert_eq!(posted.text().await.unwrap(), "given_name=Nguyễn");

    // The form limit (1024 bytes here) still holds for a form the normalising read first.
    let oversized = portal
        .http
        .post(portal.url("/echo-form"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(format!("given_name={}", DECOMPOSED_NAME.repeat(200)))
        .send()
        .await
        .unwrap();
    assert_eq!(oversized.status(), 413);
}

#[tokio::test]
async fn search_typed_with_combining_marks_finds_the_service() {
    let portal = start(Router::new()).await;
    // "giấy phép lái xe" with every mark as a combining character.
    let html = portal
        .get("/?q=gia%CC%82%CC%81y+phe%CC%81p+la%CC%81i+xe")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("href=\"/services/driving-licence\""));
    assert!(!html.contains("href=\"/services/newborn\""));
}

/// HTML-escapes text the way the renderer does, for comparing with page source.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
