//! The workspace's binaries as cargo builds them, for the tests that run them as processes of
//! their own (a crash, a signal, the command line), which the in-process stack cannot show.

use std::path::PathBuf;
use std::process::Command;
use std::sync::Once;
use std::time::Instant;

use crate::stack::workspace_root;

/// The path of the workspace binary `bin`, built in the debug profile as the tests are. Every
/// binary is built by one cargo call, once per test process: building them one package at a time
/// would compile the shared dependencies again for each package's own set of features.
pub fn built(bin: &str) -> PathBuf {
    static BUILD: Once = Once::new();
    BUILD.call_once(|| {
        let started = Instant::now();
        let status = Command::new(env!("CARGO"))
            .args([
                "build",
                "--quiet",
                "--workspace",
                "--exclude",
                "frontend",
                "--bins",
            ])
            .current_dir(workspace_root())
            .status()
            .expect("cargo runs");
        assert!(status.success(), "the workspace's binaries build");
        println!("binaries built in {:?}", started.elapsed());
    });
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| workspace_root().join("target"), PathBuf::from);
    target.join("debug").join(bin)
}
