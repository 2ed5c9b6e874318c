//! The system under test, started in-process on loopback ports: the same router and middleware as
//! the `portal` binary, with its own temporary data directory, on a runtime of its own so that
//! tests can be plain blocking code, like the person they play.

use server::config::Config;
use std::net::SocketAddr;
use std::path::PathBuf;
use tempfile::TempDir;
use tokio::runtime::Runtime;

pub struct Stack {
    pub portal: SocketAddr,
    _data: TempDir,
    _runtime: Runtime,
}

impl Stack {
    pub fn start() -> Stack {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let data = tempfile::tempdir().expect("temporary data directory");
        let site_dir = workspace_root().join("target/site");
        let data_dir = data.path().to_path_buf();
        let config = Config::from_lookup(|name| match name {
            "PORTAL_ADDR" => Some("127.0.0.1:0".into()),
            "PORTAL_DATA_DIR" => Some(data_dir.display().to_string()),
            "PORTAL_SITE_DIR" => Some(site_dir.display().to_string()),
            _ => None,
        })
        .expect("test configuration");
        let portal = runtime.block_on(async {
            let (listener, router) = server::prepare(config)
                .await
                .expect("portal starts (is the site built? run scripts/build-site.sh)");
            let portal = listener.local_addr().expect("bound address");
            tokio::spawn(async move { axum::serve(listener, router).await });
            portal
        });
        Stack {
            portal,
            _data: data,
            _runtime: runtime,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.portal)
    }
}

pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the workspace")
        .to_path_buf()
}
