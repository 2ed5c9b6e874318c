//! The portal reaches backends served over https. A CA is made for the run; the eID provider and
//! the registry stand-ins sit behind TLS fronts with a certificate it issued. With that CA given as
//! `PORTAL_TLS_CA_FILE`, a citizen signs in (discovery, keys and the token exchange over https)
//! and starts a service whose first page the registry prefills (a registry read over https).
//! Without it, the eID's certificate is not trusted and sign-in answers 503: nothing is sent to a
//! server the portal cannot authenticate.
//!
//! In the suite's PostgreSQL pass, the portal also runs on a PostgreSQL server that admits its
//! role over TLS only (`scripts/postgres.sh` sets the server up with a CA of its own).

use std::net::SocketAddr;

use portal_tests::bare_portal::{BarePortal, Routes};
use portal_tests::citizen::Citizen;
use portal_tests::stack_process::free_port;
use portal_tests::tls::TestCa;
use portal_tests::witness;
use reqwest::StatusCode;
use serde_json::json;
use sqlx::Connection;
use tokio::net::TcpListener;

/// The registry and the eID, each behind an https front; the eID knows the portal at `portal`.
struct Backends {
    registry: registry::Running,
    registry_url: String,
    issuer: String,
    _identity: identity::RunningIdentity,
    _data: tempfile::TempDir,
}

async fn https_front(ca: &TestCa, upstream: SocketAddr) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("https://{}", listener.local_addr().unwrap());
    ca.front(listener, upstream);
    url
}

async fn backends_over_https(ca: &TestCa, portal: &str) -> Backends {
    let data = tempfile::tempdir().unwrap();
    let loopback = SocketAddr::from(([127, 0, 0, 1], 0));
    let registry = registry::start(registry::Config {
        addr: loopback,
        database: data.path().join("registry.sqlite3").display().to_string(),
        citizens: 500,
        ..registry::Config::default()
    })
    .await
    .expect("the registry starts");
    let registry_url = https_front(ca, registry.addr).await;
    // The eID names itself by its https address, so its front is bound before it starts.
    let front = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let issuer = format!("https://{}", front.local_addr().unwrap());
    let identity = identity::start(identity::Config {
        bind: loopback,
        public_url: Some(issuer.clone()),
        registry_url: format!("http://{}", registry.addr),
        clients: vec![identity::Client {
            redirect_uris: vec![format!("{portal}/auth/callback")],
            post_logout_redirect_uris: vec![format!("{portal}/")],
            ..identity::Client::portal()
        }],
        ..identity::Config::default()
    })
    .await
    .expect("the eID starts");
    ca.front(front, identity.addr);
    Backends {
        registry,
        registry_url,
        issuer,
        _identity: identity,
        _data: data,
    }
}

/// The person's name as the registry holds it, read over plain HTTP beside the front.
async fn name_in_registry(registry: &registry::Running, personal_id: &str) -> String {
    let person = witness::registry_read(
        &format!("http://{}", registry.addr),
        "notify-stay",
        "/v1/people/get",
        json!({ "personal_id": personal_id }),
    )
    .await;
    person["full_name"].as_str().expect("a name").to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_the_operators_ca_the_portal_signs_in_and_reads_the_registry_over_https() {
    let ca = TestCa::new();
    let address = format!("127.0.0.1:{}", free_port());
    let portal = format!("http://{address}");
    let backends = backends_over_https(&ca, &portal).await;
    let ca_file = ca.file.display().to_string();
    let _portal = BarePortal::start(
        &[
            ("PORTAL_ADDR", &address),
            ("PORTAL_PUBLIC_URL", &portal),
            ("PORTAL_OIDC_ISSUER", &backends.issuer),
            ("PORTAL_REGISTRY_URL", &backends.registry_url),
            ("PORTAL_TLS_CA_FILE", &ca_file),
        ],
        Routes::AsDeployed,
    )
    .await;

    let personal_id = backends.registry.generated.personas.plain_adult.clone();
    let citizen = Citizen::anonymous_trusting(&portal, &[ca.certificate()])
        .sign_in(&personal_id)
        .await
        .expect("signed in through the eID over https");
    let (_, first_step) = citizen.start_service("notify-stay").await.unwrap();
    let page = citizen.get(&first_step).await.unwrap();
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let name = name_in_registry(&backends.registry, &personal_id).await;
    assert!(
        page.body.contains(&name),
        "the first step shows the name read from the registry over https"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_the_ca_an_https_backend_is_not_trusted() {
    let ca = TestCa::new();
    let address = format!("127.0.0.1:{}", free_port());
    let portal = format!("http://{address}");
    let backends = backends_over_https(&ca, &portal).await;
    let bare = BarePortal::start(
        &[
            ("PORTAL_ADDR", &address),
            ("PORTAL_PUBLIC_URL", &portal),
            ("PORTAL_OIDC_ISSUER", &backends.issuer),
            ("PORTAL_REGISTRY_URL", &backends.registry_url),
        ],
        Routes::AsDeployed,
    )
    .await;
    let answer = bare.get("/auth/login?return_to=/account").await;
    assert_eq!(
        answer.status(),
        StatusCode::SERVICE_UNAVAILABLE,
        "an eID whose certificate no trusted CA issued is not reached"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_portal_runs_on_a_postgresql_server_that_requires_tls() {
    let (Ok(_), Ok(ca)) = (
        std::env::var("PORTAL_TEST_POSTGRES"),
        std::env::var("PORTAL_TEST_POSTGRES_CA"),
    ) else {
        eprintln!(
            "no PostgreSQL server with TLS (PORTAL_TEST_POSTGRES, PORTAL_TEST_POSTGRES_CA): \
             this test asserts in the suite's PostgreSQL pass"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let database = server::db::isolated_for_test(dir.path()).await.unwrap();
    // The role the server admits over TLS only.
    let tls_only = database.replacen("postgres://portal@", "postgres://portal_tls@", 1);
    sqlx::any::install_default_drivers();
    let plain = sqlx::AnyConnection::connect(&format!("{tls_only}?sslmode=disable")).await;
    assert!(plain.is_err(), "the server refuses the role without TLS");
    let stranger = TestCa::new();
    let unverified = format!(
        "{tls_only}?sslmode=verify-full&sslrootcert={}",
        stranger.file.display()
    );
    assert!(
        sqlx::AnyConnection::connect(&unverified).await.is_err(),
        "a server certificate the given CA did not issue is refused"
    );

    let verified = format!("{tls_only}?sslmode=verify-full&sslrootcert={ca}");
    let portal = BarePortal::start(&[("DATABASE_URL", &verified)], Routes::AsDeployed).await;
    assert_eq!(portal.get("/").await.status(), StatusCode::OK);
    let pool = server::db::connect(&verified).await.unwrap();
    let encrypted: bool =
        sqlx::query_scalar("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert!(encrypted, "the portal's connections are TLS");
    let migrated: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(migrated > 0, "the portal migrated its database over TLS");
}
