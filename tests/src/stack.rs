//! The system under test: the portal with the registry and identity stand-ins, started in-process
//! on free loopback ports by the same code as the `local-stack` binary, with a temporary data
//! directory and a small population. It runs on a runtime of its own so that tests can be plain
//! blocking code, like the person they play.

use crate::balancer::Balancer;
use crate::runtimes;
use crate::{Browser, Mode};
use local_stack::{LocalStack, Options, PublicUrl};
use server::config::Config;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use tempfile::TempDir;
use tokio::net::TcpListener;
use tokio::runtime::Runtime;

/// Enough citizens for every persona and some strangers, generated in well under a second.
const TEST_CITIZENS: usize = 2_000;

pub struct Stack {
    pub portal: SocketAddr,
    pub inner: LocalStack,
    runtime: Runtime,
    data_dir: PathBuf,
    portal_database: String,
    _data: TempDir,
    _balancer_runtime: Option<Runtime>,
}

/// The population's seed, which also derives the hospitals' signing keys.
const SEED: u64 = 6;

impl Stack {
    pub fn start() -> Stack {
        Self::start_with(|_| {})
    }

    /// Starts with the portal's configuration adjusted by `configure`.
    pub fn start_with(configure: impl FnOnce(&mut Config)) -> Stack {
        Self::start_at(None, configure)
    }

    /// Two portal instances on different ports sharing one database, behind a balancer that
    /// sends each request to the next instance in turn (no sticky sessions). `portal` and `url`
    /// are the balancer's; the balancer counts what each instance served.
    pub fn start_balanced() -> (Stack, Arc<Balancer>) {
        let balancer_runtime = runtimes::threaded(1);
        let front = balancer_runtime
            .block_on(TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))))
            .expect("a free port");
        let front_addr = front.local_addr().expect("bound address");
        // Said outright, as a deployment would: on SQLite the default is one instance alone.
        let mut stack = Self::start_at(Some(front_addr), |portal| portal.shared_database = true);
        let second = stack.runtime.block_on(async {
            let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
                .await
                .expect("a free port");
            let addr = listener.local_addr().expect("bound address");
            let config = stack.inner.portal_config.clone();
            let limits = config.connection_limits();
            let router = server::prepare(&listener, config)
                .await
                .expect("the second instance starts");
            tokio::spawn(server::serve(
                listener,
                router,
                limits,
                std::future::pending(),
            ));
            addr
        });
        let first = stack.portal;
        let balancer = {
            let _entered = balancer_runtime.enter();
            Balancer::start(front, vec![first, second])
        };
        stack.portal = front_addr;
        stack._balancer_runtime = Some(balancer_runtime);
        (stack, balancer)
    }

    /// `public_at`: the address citizens use when it is not the portal's own (a balancer's).
    fn start_at(public_at: Option<SocketAddr>, configure: impl FnOnce(&mut Config)) -> Stack {
        let runtime = runtimes::threaded(2);
        let data = tempfile::tempdir().expect("temporary data directory");
        let site_dir = workspace_root().join("target/site");
        let data_dir = data.path().to_path_buf();
        let portal_database = runtime
            .block_on(server::db::isolated_for_test(&data_dir))
            .expect("a database for the portal");
        let mut portal = Config::from_lookup(|name| match name {
            "DATABASE_URL" => Some(portal_database.clone()),
            "PORTAL_DATA_DIR" => Some(data_dir.display().to_string()),
            "PORTAL_SITE_DIR" => Some(site_dir.display().to_string()),
            _ => None,
        })
        .expect("test configuration");
        // Decisions in a fraction of a second, so journeys can be followed to the end.
        portal.processing_interval = std::time::Duration::from_millis(300);
        // Citizens reach the portal at a balancer's address when there is one.
        portal.public_url = public_at.map(|balancer| format!("http://{balancer}"));
        configure(&mut portal);
        let loopback = SocketAddr::from(([127, 0, 0, 1], 0));
        let inner = runtime.block_on(async {
            local_stack::start(
                Options {
                    portal_addr: loopback,
                    registry_addr: loopback,
                    identity_addr: loopback,
                    payment_addr: loopback,
                    public_url: if public_at.is_some() {
                        PublicUrl::Configured
                    } else {
                        PublicUrl::BoundAddress
                    },
                    data_dir: data_dir.clone(),
                    citizens: TEST_CITIZENS,
                    seed: SEED,
                    admin: true,
                    portal,
                },
                std::future::pending(),
            )
            .await
            .expect("the stack starts (is the site built? run scripts/build-site.sh)")
        });
        Stack {
            portal: inner.portal,
            inner,
            runtime,
            data_dir,
            portal_database,
            _data: data,
            _balancer_runtime: None,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.portal)
    }

    /// Where the portal's and the registry's databases are, for tests that read them as witnesses.
    pub fn data_dir(&self) -> &std::path::Path {
        &self.data_dir
    }

    /// The portal's database URL (SQLite or PostgreSQL), for tests that read it as a witness.
    pub fn portal_database(&self) -> &str {
        &self.portal_database
    }

    pub fn personas(&self) -> &registry::Personas {
        self.inner.personas()
    }

    /// A browser of its own, in `mode`, showing the portal's page at `path`.
    pub fn browser_at(&self, mode: Mode, path: &str) -> Browser {
        let browser = Browser::start(mode);
        browser.goto(&self.url(path));
        browser
    }

    /// Runs async code (for example a direct HTTP call to a stand-in) on the stack's runtime.
    pub fn block_on<F: std::future::Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }
}

impl Stack {
    /// Reads the registry directly with the portal's credential, as a test's independent witness.
    pub fn registry_read(
        &self,
        purpose: &str,
        path: &str,
        body: serde_json::Value,
    ) -> serde_json::Value {
        let registry_url = self.inner.registry_url();
        self.block_on(crate::witness::registry_read(
            &registry_url,
            purpose,
            path,
            body,
        ))
    }

    /// A hospital sends a signed driver's health check (car group, valid for a year) to the registry.
    pub fn hospital_sends_health_check(
        &self,
        personal_id: &str,
        certificate_id: &str,
        result: &str,
    ) {
        let facility = registry::facilities::FACILITIES[0];
        let today = domain::age::today_in_vietnam();
        let check = registry::health_check::HealthCheck {
            certificate_id: certificate_id.to_string(),
            facility_id: facility.id.to_string(),
            personal_id: personal_id.to_string(),
            examined_on: today.to_string(),
            class_group: registry::health_check::ClassGroup::Car,
            fit: result == "fit",
            valid_until: (today + time::Duration::days(365)).to_string(),
        };
        let signature = check.sign(&registry::facilities::signing_key(SEED, facility.id));
        let mut body = serde_json::to_value(&check).expect("serialisable");
        body["signature"] = serde_json::Value::String(signature);
        self.hospital_sends(
            "the health check",
            "/v1/health-checks",
            format!("hospital-{certificate_id}"),
            body,
        );
    }

    /// A hospital reports a birth to the registry, as it does right after the delivery.
    pub fn hospital_sends_birth_notice(&self, mother: &str, father: Option<&str>) {
        let now = time::OffsetDateTime::now_utc().to_offset(time::macros::offset!(+7));
        let body = serde_json::json!({
            "facility_id": registry::facilities::FACILITIES[1].id,
            "mother_id": mother,
            "father_id": father,
            "child_sex": "female",
            "weight_grams": 3100,
            "born_at": format!("{}T{:02}:{:02}", now.date(), now.hour(), now.minute()),
        });
        let key = format!("notice-{mother}-{}", now.unix_timestamp_nanos());
        self.hospital_sends("the birth notice", "/v1/birth-notices", key, body);
    }

    /// Posts `what` to the registry's `path` with a hospital's credential, once under
    /// `idempotency_key`, and checks that the registry accepted it.
    fn hospital_sends(
        &self,
        what: &str,
        path: &str,
        idempotency_key: String,
        body: serde_json::Value,
    ) {
        let url = format!("{}{path}", self.inner.registry_url());
        let status = self.block_on(async move {
            reqwest::Client::new()
                .post(url)
                .bearer_auth("hospital-dev-secret")
                .header("idempotency-key", idempotency_key)
                .json(&body)
                .send()
                .await
                .expect("registry answers")
                .status()
        });
        assert!(
            status.is_success(),
            "the registry accepted {what}: {status}"
        );
    }

    /// Changes the result of a citizen's health checks in the registry's database without
    /// re-signing them, as a tampering insider would.
    pub fn tamper_health_checks(&self, personal_id: &str, result: &str) {
        let path = self.data_dir.join("registry.sqlite3");
        self.block_on(async {
            let db = registry::Database::open(&path.display().to_string())
                .await
                .expect("registry database");
            sqlx::query("UPDATE health_checks SET result = $1 WHERE personal_id = $2")
                .bind(result)
                .bind(personal_id)
                .execute(db.pool())
                .await
                .expect("tampered");
        });
    }

    /// Takes every registry endpoint down (503) or brings them back, through its admin API.
    pub fn registry_outage(&self, down: bool) {
        self.registry_fault(down.then(|| serde_json::json!({ "endpoint": "*", "outage": true })));
    }

    /// Moves the registry's "today" to `date` (YYYY-MM-DD), as if the days had passed: ages the
    /// registry reckons, such as a child's 14 years, follow.
    pub fn registry_today(&self, date: &str) {
        let url = format!("{}/admin/today", self.inner.registry_url());
        let body = serde_json::json!({ "date": date });
        self.block_on(async move {
            let reply = reqwest::Client::new().put(url).json(&body).send().await;
            let status = reply.expect("registry answers").status();
            assert!(status.is_success(), "registry today: {status}");
        });
    }

    /// Sets a fault on the registry (`{"endpoint": "*", "latency_ms": …, "error_rate": …,
    /// "outage": …}`), or with `None` clears every fault, through its admin API.
    pub fn registry_fault(&self, fault: Option<serde_json::Value>) {
        let url = format!("{}/admin/faults", self.inner.registry_url());
        self.block_on(async move {
            let client = reqwest::Client::new();
            let request = match fault {
                Some(fault) => client.post(url).json(&fault),
                None => client.delete(url),
            };
            let status = request.send().await.expect("registry answers").status();
            assert!(status.is_success(), "fault injection: {status}");
        });
    }
}

pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the workspace")
        .to_path_buf()
}
