//! The agency's officers' workbench in Chromium, without JavaScript (the pages have none): an
//! officer signs in at the eID stand-in's pages, finds the case in the queue, and approves it
//! with the keyboard alone, every control reached by Tab and announced by its name. The real
//! registry (a small population), eID and agency run on loopback ports; the portal is not needed.

use portal_tests::browser::with_text;
use portal_tests::eid::sign_in_at_eid;
use portal_tests::{runtimes, Browser, Key, Mode};
use serde_json::json;

const REFERENCE: &str = "HS202600000777";

struct Systems {
    agency_url: String,
    officer: String,
    _registry: registry::Running,
    _identity: identity::RunningIdentity,
    _agency: agency::Running,
}

async fn start(data: &std::path::Path) -> Systems {
    let loopback = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
    let registry = registry::start(registry::Config {
        addr: loopback,
        database: data.join("registry.sqlite3").display().to_string(),
        seed: 6,
        citizens: 500,
        ..registry::Config::default()
    })
    .await
    .expect("the registry starts");
    let listener = stand_in_support::bind(loopback).await.expect("a port");
    let agency_url = listener.public_url(None);
    let identity = identity::start(identity::Config {
        bind: loopback,
        registry_url: format!("http://{}", registry.addr),
        clients: vec![identity::Client {
            redirect_uris: vec![format!("{agency_url}/workbench/callback")],
            ..identity::Client::agency()
        }],
        ..identity::Config::default()
    })
    .await
    .expect("the eID starts");
    let personas = &registry.generated.personas;
    let agency = agency::start_on(
        listener,
        agency::Config {
            bind: loopback,
            admin_enabled: true,
            workbench: agency::workbench::WorkbenchConfig {
                oidc_issuer: identity.issuer.clone(),
                officers: local_stack::officers(personas),
                ..agency::workbench::WorkbenchConfig::default()
            },
            ..agency::Config::default()
        },
    )
    .await
    .expect("the agency starts");
    let http = reqwest::Client::new();
    let manual = http
        .put(format!("{agency_url}/admin/modes"))
        .bearer_auth(agency::DEVELOPMENT_ADMIN_TOKEN)
        .json(&json!({ "mode": "manual" }))
        .send()
        .await
        .unwrap();
    assert!(manual.status().is_success());
    let applicant = &personas.plain_adult;
    let handed_over = http
        .put(format!("{agency_url}/v1/applications/{REFERENCE}"))
        .bearer_auth(agency::DEVELOPMENT_PORTAL_TOKEN)
        .json(&json!({
            "service": "id-card", "province": 79,
            "applicant_id": applicant, "subject_id": applicant, "acting_for": null,
            "answers": {}, "facts": {}, "documents": [], "payment": null,
            "submitted_at": "2026-12-05T09:01:00+07:00",
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(handed_over.status().as_u16(), 201);
    Systems {
        agency_url,
        // police-residence:79, which decides an ID card in Hồ Chí Minh City.
        officer: personas.single_adult.clone(),
        _registry: registry,
        _identity: identity,
        _agency: agency,
    }
}

/// Presses Tab until the focus is on an element whose accessible name starts with `name`.
fn tab_to(browser: &Browser, name: &str) {
    for _ in 0..40 {
        browser.press(Key::Tab);
        if browser
            .accessible_name(&browser.focused())
            .starts_with(name)
        {
            return;
        }
    }
    panic!("{name} is not reachable with Tab");
}

#[test]
fn an_officer_signs_in_finds_the_case_and_approves_it_with_the_keyboard() {
    let runtime = runtimes::threaded(2);
    let data = tempfile::tempdir().unwrap();
    let systems = runtime.block_on(start(data.path()));
    let mut browser = Browser::start(Mode::NoJavaScript);
    browser.set_window_size(320, 800);
    browser.goto(&format!("{}/workbench", systems.agency_url));
    tab_to(&browser, "Đăng nhập bằng VNeID");
    browser.press(Key::Enter);
    browser.wait_until("the eID's sign-in page", |b| {
        b.page_text().contains("Mật khẩu")
    });
    sign_in_at_eid(&mut browser, &systems.officer);
    browser.wait_until("the queue", |b| b.page_text().contains(REFERENCE));
    browser.find(&with_text("//h1", "Hồ sơ cần xử lý Cases to handle"));

    tab_to(&browser, REFERENCE);
    browser.press(Key::Enter);
    browser.wait_until("the case page", |b| b.page_text().contains("Xử lý hồ sơ"));
    // Every text area is named by its label.
    for id in ["request_vi", "reason_vi"] {
        let field = browser.find(&format!("//textarea[@id='{id}']"));
        assert!(
            !browser.accessible_name(&field).is_empty(),
            "{id} has a name"
        );
    }
    tab_to(&browser, "Phê duyệt hồ sơ");
    browser.press(Key::Enter);
    browser.wait_until("the approved case", |b| {
        b.page_text().contains("Đã phê duyệt") && b.page_text().contains("POLICE-RESIDENCE-79/")
    });
}
