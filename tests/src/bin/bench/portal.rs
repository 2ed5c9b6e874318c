//! The portal under load: the whole local stack on loopback, citizens signed in through the eID
//! beforehand, and each scenario measured beside a bare axum handler serving the start page's
//! bytes — the ceiling for a response of that size on this machine, measured in the same run.

use crate::load::{self, millis, Budget, Measurement};
use local_stack::{LocalStack, Options, PublicUrl};
use portal_tests::visitor::Visitor;
use reqwest::header::{HeaderValue, CONTENT_TYPE, COOKIE};
use std::net::SocketAddr;
use std::sync::Arc;
use tempfile::TempDir;

/// Enough people for a pool of drivers and of other adults; generated in about a second.
const CITIZENS: usize = 10_000;
const SEED: u64 = 6;
/// Signed-in citizens whose drafts the question and step scenarios share out.
const SESSIONS: usize = 32;
/// Drivers taking the whole journey, one per concurrent task.
pub const JOURNEY_CONCURRENCY: [usize; 2] = [1, 16];
pub const CONCURRENCY: [usize; 4] = [1, 16, 64, 256];
pub const START_PAGE: &str = "/services/driving-licence";
/// The step every driving-licence draft asks, whatever the registry holds.
const STEP: &str = "portrait";

pub struct Portal {
    pub url: String,
    pub stack: LocalStack,
    pub registry_database: String,
    _data: TempDir,
}

/// Starts the registry, identity and payment stand-ins and the portal, each on a free port.
pub async fn start() -> Portal {
    let data = tempfile::tempdir().expect("temporary data directory");
    let data_dir = data.path().to_path_buf();
    let site_dir = portal_tests::stack::workspace_root().join("target/site");
    let portal = server::config::Config::from_lookup(|name| match name {
        "PORTAL_DATA_DIR" => Some(data_dir.display().to_string()),
        "PORTAL_SITE_DIR" => Some(site_dir.display().to_string()),
        // Every signed-in visitor comes from 127.0.0.1: the per-address limit would count them
        // as one person.
        "PORTAL_SIGN_IN_LIMIT_PER_MINUTE" => Some("1000000".into()),
        // A run may choose the database (PostgreSQL, say) and whether it counts as shared.
        "DATABASE_URL" | "PORTAL_SHARED_DATABASE" => std::env::var(name).ok(),
        _ => None,
    })
    .expect("portal configuration");
    let loopback = SocketAddr::from(([127, 0, 0, 1], 0));
    let stack = local_stack::start(
        Options {
            portal_addr: loopback,
            registry_addr: loopback,
            identity_addr: loopback,
            payment_addr: loopback,
            public_url: PublicUrl::BoundAddress,
            data_dir: data_dir.clone(),
            citizens: CITIZENS,
            seed: SEED,
            admin: false,
            portal,
        },
        std::future::pending(),
    )
    .await
    .expect("the stack starts (is the site built? run scripts/build-site.sh)");
    Portal {
        url: format!("http://{}", stack.portal),
        registry_database: data_dir.join("registry.sqlite3").display().to_string(),
        stack,
        _data: data,
    }
}

/// Serves `body` as HTML from a bare axum router on a free port: no middleware, no rendering.
pub async fn start_ceiling(body: axum::body::Bytes) -> String {
    let router = axum::Router::new().route(
        START_PAGE,
        axum::routing::get(move || {
            let body = body.clone();
            async move { ([(CONTENT_TYPE, "text/html; charset=utf-8")], body) }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free port");
    let addr = listener.local_addr().expect("bound address");
    tokio::spawn(async move { axum::serve(listener, router).await });
    format!("http://{addr}")
}

/// Citizens the benchmark plays: adults with a level-2 eID (ID not ending in 0), drivers holding
/// an active licence, and others.
pub struct Citizens {
    pub drivers: Vec<String>,
    pub others: Vec<String>,
}

pub async fn citizens(portal: &Portal, drivers: usize) -> Citizens {
    let db = registry::Database::open(&portal.registry_database)
        .await
        .expect("registry database");
    let adult = "date_of_death IS NULL AND date_of_birth <= date('now', '-20 years') \
                 AND substr(personal_id, 12, 1) <> '0'";
    let holders = "SELECT holder_id FROM licences WHERE status = 'active'";
    let drivers: Vec<String> = sqlx::query_scalar(&format!(
        "SELECT personal_id FROM people WHERE {adult} AND personal_id IN ({holders}) \
         ORDER BY personal_id LIMIT {drivers}"
    ))
    .fetch_all(db.pool())
    .await
    .expect("drivers");
    let others: Vec<String> = sqlx::query_scalar(&format!(
        "SELECT personal_id FROM people WHERE {adult} AND personal_id NOT IN ({holders}) \
         ORDER BY personal_id LIMIT {SESSIONS}"
    ))
    .fetch_all(db.pool())
    .await
    .expect("other adults");
    for (index, driver) in drivers.iter().enumerate() {
        send_health_check(portal, driver, index).await;
    }
    Citizens { drivers, others }
}

/// A hospital sends a signed fit health check that covers every licence class, so that each
/// driver can finish the journey whatever their licence.
async fn send_health_check(portal: &Portal, personal_id: &str, index: usize) {
    use registry::health_check::{ClassGroup, HealthCheck};
    let facility = registry::facilities::FACILITIES[0];
    let today = domain::age::today_in_vietnam();
    let certificate_id = format!("KSK-BENCH-{index}");
    let check = HealthCheck {
        certificate_id: certificate_id.clone(),
        facility_id: facility.id.to_string(),
        personal_id: personal_id.to_string(),
        examined_on: today.to_string(),
        class_group: ClassGroup::TruckBus,
        fit: true,
        valid_until: (today + time::Duration::days(365)).to_string(),
    };
    let signature = check.sign(&registry::facilities::signing_key(SEED, facility.id));
    let mut body = serde_json::to_value(&check).expect("serialisable");
    body["signature"] = serde_json::Value::String(signature);
    let status = reqwest::Client::new()
        .post(format!("{}/v1/health-checks", portal.stack.registry_url()))
        .bearer_auth("hospital-dev-secret")
        .header("idempotency-key", certificate_id)
        .json(&body)
        .send()
        .await
        .expect("the registry answers")
        .status();
    assert!(status.is_success(), "health check refused: {status}");
}

/// A signed-in citizen with a driving-licence draft.
pub struct Session {
    pub cookie: HeaderValue,
    pub application: String,
}

/// Signs `personal_id` in through the eID pages and starts a driving-licence draft; the visitor
/// is left on the draft's first question.
pub async fn sign_in(portal: &str, personal_id: &str) -> (Visitor, Session) {
    let mut visitor = Visitor::new(portal);
    visitor
        .sign_in(&format!("{portal}{START_PAGE}/start"), personal_id)
        .await
        .unwrap_or_else(|error| panic!("sign-in failed: {error}"));
    let application = visitor
        .url
        .path()
        .strip_prefix("/applications/")
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no draft, at {}", visitor.url.path()))
        .to_string();
    let cookie = visitor.cookie_header(portal).expect("a session cookie");
    (
        visitor,
        Session {
            cookie,
            application,
        },
    )
}

pub struct Row {
    pub scenario: &'static str,
    pub concurrency: usize,
    pub measured: Measurement,
}

/// The HTTP requests one whole journey makes, counted on a journey taken before the measurements.
pub async fn requests_per_journey(portal: &Portal, driver: &str) -> usize {
    let mut visitor = Visitor::new(&portal.url);
    visitor
        .renew_driving_licence(&portal.url, driver)
        .await
        .unwrap_or_else(|error| panic!("the journey fails: {error}"));
    visitor.requests
}

/// Measures every scenario at every concurrency; the ceiling first at each level.
pub async fn measure(portal: &Portal, citizens: &Citizens, budget: Budget) -> Vec<Row> {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("HTTP client");
    let start_page = http
        .get(format!("{}{START_PAGE}", portal.url))
        .send()
        .await
        .expect("the start page")
        .bytes()
        .await
        .expect("its body");
    let ceiling = start_ceiling(start_page).await;
    let mut sessions = Vec::new();
    for citizen in &citizens.others {
        sessions.push(sign_in(&portal.url, citizen).await.1);
    }
    let sessions = Arc::new(sessions);
    let mut rows = Vec::new();
    for concurrency in CONCURRENCY {
        let get = |base: &str, path: &'static str| {
            let (http, url) = (http.clone(), format!("{base}{path}"));
            move |_| fetch(http.get(&url))
        };
        let row = |scenario, measured| Row {
            scenario,
            concurrency,
            measured,
        };
        let measured = load::run(concurrency, budget, get(&ceiling, START_PAGE)).await;
        rows.push(row("ceiling: bare axum, same bytes", measured));
        let measured = load::run(concurrency, budget, get(&portal.url, "/")).await;
        rows.push(row("home page", measured));
        let measured = load::run(concurrency, budget, get(&portal.url, START_PAGE)).await;
        rows.push(row("start page", measured));
        let (client, base, pool) = (http.clone(), portal.url.clone(), sessions.clone());
        let measured = load::run(concurrency, budget, move |task| {
            let session = &pool[task % pool.len()];
            let url = format!("{base}/applications/{}/{STEP}", session.application);
            fetch(client.get(url).header(COOKIE, session.cookie.clone()))
        })
        .await;
        rows.push(row("question page (signed in)", measured));
        let (client, base, pool) = (http.clone(), portal.url.clone(), sessions.clone());
        let measured = load::run(concurrency, budget, move |task| {
            let session = &pool[task % pool.len()];
            let url = format!("{base}/applications/{}/{STEP}", session.application);
            fetch(
                client
                    .post(url)
                    .header(COOKIE, session.cookie.clone())
                    .header("sec-fetch-site", "same-origin")
                    .form(&[(STEP, "id_record")]),
            )
        })
        .await;
        rows.push(row("step POST (validate, save draft)", measured));
        if JOURNEY_CONCURRENCY.contains(&concurrency) {
            let (base, drivers) = (portal.url.clone(), Arc::new(citizens.drivers.clone()));
            let measured = load::run(concurrency, budget, move |task| {
                let (base, driver) = (base.clone(), drivers[task % drivers.len()].clone());
                async move {
                    let mut visitor = Visitor::new(&base);
                    match visitor.renew_driving_licence(&base, &driver).await {
                        Ok(()) => true,
                        Err(error) => {
                            eprintln!("journey failed: {error}");
                            false
                        }
                    }
                }
            })
            .await;
            rows.push(row("driving-licence journey (whole)", measured));
        }
    }
    rows
}

/// One request, its body read; success is any 2xx or 3xx answer.
async fn fetch(request: reqwest::RequestBuilder) -> bool {
    match request.send().await {
        Ok(response) => {
            let status = response.status();
            response.bytes().await.is_ok() && (status.is_success() || status.is_redirection())
        }
        Err(_) => false,
    }
}

/// The load table, each portal figure beside the ceiling at the same concurrency.
pub fn print(rows: &[Row]) {
    println!("| scenario | c | req/s | p50 ms | p99 ms | p99.9 ms | errors | req/s vs ceiling | p99 vs ceiling |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for row in rows {
        let ceiling = ceiling_at(rows, row.concurrency);
        let m = &row.measured;
        let (share, slower) = match ceiling {
            Some(ceiling) if !std::ptr::eq(ceiling, m) && !is_journey(row) => (
                format!("{:.0} %", 100.0 * m.per_second() / ceiling.per_second()),
                format!(
                    "{:.1}×",
                    m.percentile(0.99).as_secs_f64() / ceiling.percentile(0.99).as_secs_f64()
                ),
            ),
            _ => ("—".into(), "—".into()),
        };
        println!(
            "| {} | {} | {:.0} | {} | {} | {} | {} of {} | {share} | {slower} |",
            row.scenario,
            row.concurrency,
            m.per_second(),
            millis(m.percentile(0.5)),
            millis(m.percentile(0.99)),
            millis(m.percentile(0.999)),
            m.errors,
            m.operations,
        );
    }
}

fn is_journey(row: &Row) -> bool {
    row.scenario.contains("journey")
}

fn ceiling_at(rows: &[Row], concurrency: usize) -> Option<&Measurement> {
    rows.iter()
        .find(|row| row.concurrency == concurrency && row.scenario.starts_with("ceiling"))
        .map(|row| &row.measured)
}

/// The targets at 64 concurrent requests, met or missed.
pub fn print_targets(rows: &[Row]) {
    let at = |scenario: &str| {
        rows.iter()
            .find(|row| row.concurrency == 64 && row.scenario == scenario)
            .map(|row| &row.measured)
    };
    let Some(ceiling) = ceiling_at(rows, 64) else {
        return;
    };
    println!("| target at c=64 | measured | met |");
    println!("| --- | ---: | :---: |");
    let targets = [
        ("start page", 50.0, Some(2.0)),
        ("question page (signed in)", 35.0, None),
        ("step POST (validate, save draft)", 15.0, None),
    ];
    for (scenario, share, slower) in targets {
        let Some(m) = at(scenario) else { continue };
        let measured = 100.0 * m.per_second() / ceiling.per_second();
        println!(
            "| {scenario}: ≥ {share:.0} % of ceiling req/s | {measured:.0} % | {} |",
            yes_no(measured >= share)
        );
        if let Some(slower) = slower {
            let ratio = m.percentile(0.99).as_secs_f64() / ceiling.percentile(0.99).as_secs_f64();
            println!(
                "| {scenario}: p99 ≤ {slower:.0}× ceiling | {ratio:.1}× | {} |",
                yes_no(ratio <= slower)
            );
        }
    }
    let errors: usize = rows.iter().map(|row| row.measured.errors).sum();
    println!(
        "| zero errors in every row | {errors} | {} |",
        yes_no(errors == 0)
    );
}

pub fn yes_no(met: bool) -> &'static str {
    if met {
        "yes"
    } else {
        "**no**"
    }
}
