//! The workspace's binaries as cargo builds them, for the tests that run them as processes of
//! their own (a crash, a signal, the command line), which the in-process stack cannot show.

use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use crate::stack::workspace_root;

/// Builds `package`'s binary `bin` (in the debug profile, as the tests are) and returns its path.
pub fn built(package: &str, bin: &str) -> PathBuf {
    let started = Instant::now();
    let status = Command::new(env!("CARGO"))
        .args(["build", "--quiet", "-p", package, "--bin", bin])
        .current_dir(workspace_root())
        .status()
        .expect("cargo runs");
    assert!(status.success(), "the {bin} binary builds");
    println!("{bin} built in {:?}", started.elapsed());
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| workspace_root().join("target"), PathBuf::from);
    target.join("debug").join(bin)
}
