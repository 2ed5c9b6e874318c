//! The `local-stack` binary as a child process on free ports, for the tests that need what only a
//! process of its own shows: a kill mid-way, the lines it logs.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};

use crate::binaries;
use crate::stack::workspace_root;

/// A loopback port nothing listens on now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .expect("a free port")
}

/// Starts the stack on `port` with `database` and the data directory `data`, its standard error
/// appended to `log`, with the variables of `settings` on top of the defaults; returns once the
/// portal listens.
pub fn start(
    data: &Path,
    database: &str,
    port: u16,
    log: &Path,
    settings: &[(&str, &str)],
) -> Child {
    let mut command = Command::new(binaries::built("local-stack"));
    command
        .env("DATABASE_URL", database)
        .env("PORTAL_ADDR", format!("127.0.0.1:{port}"))
        .env("PORTAL_PUBLIC_URL", format!("http://127.0.0.1:{port}"))
        .env("PORTAL_DATA_DIR", data)
        .env("PORTAL_SITE_DIR", workspace_root().join("target/site"))
        .env("PORTAL_SIGN_IN_LIMIT_PER_MINUTE", "100000")
        .env("PORTAL_PROCESSING_MS", "200")
        .env("REGISTRY_CITIZENS", "2000")
        .env("REGISTRY_ADDR", "127.0.0.1:0")
        .env("IDENTITY_BIND", "127.0.0.1:0")
        .env("PAYMENT_BIND", "127.0.0.1:0")
        .env("RUST_LOG", "warn")
        .envs(settings.iter().copied())
        .stdout(Stdio::piped())
        .stderr(
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(log)
                .expect("the log file opens"),
        );
    let mut child = command.spawn().expect("local-stack starts");
    let mut lines = BufReader::new(child.stdout.take().expect("piped")).lines();
    let ready = lines.next().and_then(Result::ok).unwrap_or_default();
    assert!(
        ready.starts_with("Portal: "),
        "the stack did not start: {ready:?}\n{}",
        std::fs::read_to_string(log).unwrap_or_default()
    );
    // Keep reading: the stack goes on to print the synthetic citizens, and a closed pipe would
    // end it.
    std::thread::spawn(move || lines.for_each(drop));
    child
}
