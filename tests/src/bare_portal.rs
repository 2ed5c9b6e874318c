//! The portal alone, without the stand-in backends: started in-process on a loopback port with a
//! fresh database and a site assembled from the sources (no WebAssembly, so pages have no
//! islands), for tests of its HTTP behaviour (status codes, headers, sign-in security) that talk to
//! it with a plain HTTP client. Tests that need the registry or the identity provider run their own
//! stand-ins and point the portal at them through its settings.

use crate::stack::workspace_root;
use axum::Router;
use reqwest::header;
use reqwest::redirect::Policy;
use server::config::Config;
use server::AppState;
use std::net::SocketAddr;
use std::path::Path;
use tempfile::TempDir;
use tokio::net::TcpListener;

/// What the portal serves.
pub enum Routes {
    /// The portal as it runs, with its background workers.
    AsDeployed,
    /// The portal's routes plus these, behind the same middleware, without background workers.
    With(Router<AppState>),
}

pub struct BarePortal {
    pub addr: SocketAddr,
    /// Never follows redirects, so each hop can be checked; sends the portal's own origin, as its
    /// pages' forms do.
    pub http: reqwest::Client,
    /// The portal's database URL (SQLite or PostgreSQL), for tests that read it as a witness.
    pub database_url: String,
    _dir: TempDir,
}

impl BarePortal {
    /// Starts the portal with `settings` (environment variable names and values) on top of its
    /// database, data directory, site and a free loopback port, which `settings` may name instead.
    pub async fn start(settings: &[(&str, &str)], routes: Routes) -> BarePortal {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        assemble_site(&site);
        let data = dir.path().join("data");
        let database = server::db::isolated_for_test(&data).await.unwrap();
        let config = Config::from_lookup(|name| {
            let given = settings.iter().find(|(setting, _)| *setting == name);
            given.map(|(_, value)| value.to_string()).or(match name {
                "DATABASE_URL" => Some(database.clone()),
                "PORTAL_ADDR" => Some("127.0.0.1:0".into()),
                "PORTAL_DATA_DIR" => Some(data.display().to_string()),
                "PORTAL_SITE_DIR" => Some(site.display().to_string()),
                _ => None,
            })
        })
        .unwrap();
        let database_url = config.database_url.clone();
        let listener = TcpListener::bind(config.addr).await.unwrap();
        let addr = listener.local_addr().unwrap();
        let limits = config.connection_limits();
        let router = match routes {
            Routes::AsDeployed => server::prepare(&listener, config).await.unwrap(),
            Routes::With(extra) => {
                let state = AppState::new(config, &format!("http://{addr}"))
                    .await
                    .unwrap();
                server::router(state.clone()).merge(server::with_middleware(extra, state))
            }
        };
        tokio::spawn(server::serve(
            listener,
            router,
            limits,
            std::future::pending(),
        ));
        let mut origin = header::HeaderMap::new();
        origin.insert(
            header::ORIGIN,
            header::HeaderValue::from_str(&format!("http://{addr}")).unwrap(),
        );
        let http = reqwest::Client::builder()
            .redirect(Policy::none())
            .default_headers(origin)
            .build()
            .unwrap();
        BarePortal {
            addr,
            http,
            database_url,
            _dir: dir,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http.get(self.url(path)).send().await.unwrap()
    }
}

/// The site as the build lays it out, minus the WebAssembly package (pages then have no islands).
pub fn assemble_site(site: &Path) {
    let root = workspace_root();
    std::fs::create_dir_all(site.join("public")).unwrap();
    let mut css_files: Vec<_> = std::fs::read_dir(root.join("style"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    css_files.sort();
    let css: String = css_files
        .iter()
        .map(|path| std::fs::read_to_string(path).unwrap())
        .collect();
    std::fs::write(site.join("portal.css"), css).unwrap();
    for entry in std::fs::read_dir(root.join("public")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), site.join("public").join(entry.file_name())).unwrap();
    }
}

/// The headers every response must carry, whatever the page.
pub fn assert_security_headers(response: &reqwest::Response) {
    let headers = response.headers();
    let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(csp.contains("script-src 'self' 'nonce-"), "{csp}");
    assert!(
        !csp.contains("'unsafe-inline'") && !csp.contains("'unsafe-eval'"),
        "{csp}"
    );
    assert_eq!(headers[header::X_FRAME_OPTIONS], "DENY");
    assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(headers[header::REFERRER_POLICY], "no-referrer");
    assert!(headers.contains_key("x-request-id"));
}
