//! The system under test: the portal with the registry and identity stand-ins, started in-process
//! on free loopback ports by the same code as the `local-stack` binary, with a temporary data
//! directory and a small population. It runs on a runtime of its own so that tests can be plain
//! blocking code, like the person they play.

use local_stack::{LocalStack, Options};
use server::config::Config;
use std::net::SocketAddr;
use std::path::PathBuf;
use tempfile::TempDir;
use tokio::runtime::Runtime;

/// Enough citizens for every persona and some strangers, generated in well under a second.
const TEST_CITIZENS: usize = 2_000;

pub struct Stack {
    pub portal: SocketAddr,
    pub inner: LocalStack,
    runtime: Runtime,
    _data: TempDir,
}

impl Stack {
    pub fn start() -> Stack {
        Self::start_with(|_| {})
    }

    /// Starts with the portal's configuration adjusted by `configure`.
    pub fn start_with(configure: impl FnOnce(&mut Config)) -> Stack {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let data = tempfile::tempdir().expect("temporary data directory");
        let site_dir = workspace_root().join("target/site");
        let data_dir = data.path().to_path_buf();
        let mut portal = Config::from_lookup(|name| match name {
            "PORTAL_DATA_DIR" => Some(data_dir.display().to_string()),
            "PORTAL_SITE_DIR" => Some(site_dir.display().to_string()),
            _ => None,
        })
        .expect("test configuration");
        configure(&mut portal);
        let loopback = SocketAddr::from(([127, 0, 0, 1], 0));
        let inner = runtime.block_on(async {
            // The portal's port is known only once bound, so the public URL uses 127.0.0.1 and the
            // identity provider is told that exact redirect URI.
            let listener = std::net::TcpListener::bind(loopback).expect("a free port");
            let portal_addr = listener.local_addr().expect("bound address");
            drop(listener);
            local_stack::start(
                Options {
                    portal_addr,
                    registry_addr: loopback,
                    identity_addr: loopback,
                    public_url: Some(format!("http://{portal_addr}")),
                    data_dir: data_dir.clone(),
                    citizens: TEST_CITIZENS,
                    seed: 6,
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
            _data: data,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.portal)
    }

    pub fn personas(&self) -> &registry::Personas {
        self.inner.personas()
    }

    /// Runs async code (for example a direct HTTP call to a stand-in) on the stack's runtime.
    pub fn block_on<F: std::future::Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }
}

pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the workspace")
        .to_path_buf()
}
