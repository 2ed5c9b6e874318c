//! Crash safety: the `local-stack` binary runs as a child process while citizens submit
//! applications concurrently over HTTP; it is killed with SIGKILL mid-way and started again on the
//! same data directory. Every application a citizen was shown a reference for must be there,
//! submitted, exactly once; every other one is a whole draft or a whole submission (never half of
//! each); no write ever failed with "database is locked"; and the portal works on afterwards.

use portal_tests::binaries;
use portal_tests::citizen::Citizen;
use portal_tests::runtimes;
use portal_tests::stack::workspace_root;
use portal_tests::witness::{self, Adult};
use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const CITIZENS: usize = 16;
/// Submissions confirmed before the kill: enough that writes are in flight when it lands.
const KILL_AFTER: usize = 25;

/// The stack as a child process on free ports; returns once the portal listens.
fn start(binary: &Path, data: &Path, database: &str, port: u16, log: &Path) -> Child {
    let mut child = Command::new(binary)
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
        .stdout(Stdio::piped())
        .stderr(
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(log)
                .unwrap(),
        )
        .spawn()
        .expect("local-stack starts");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let ready = lines.next().and_then(Result::ok).unwrap_or_default();
    assert!(
        ready.starts_with("Portal: "),
        "the stack did not start: {ready:?}"
    );
    // Keep reading: the stack goes on to print the synthetic citizens, and a closed pipe would
    // end it.
    std::thread::spawn(move || lines.for_each(drop));
    child
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[test]
fn a_killed_portal_loses_no_submission_and_halves_none() {
    let binary = binaries::built("local-stack");
    let data = tempfile::tempdir().unwrap();
    let log = data.path().join("stack.log");
    let port = free_port();
    let portal = format!("http://127.0.0.1:{port}");
    let runtime = runtimes::threaded(2);
    let database = runtime
        .block_on(server::db::isolated_for_test(data.path()))
        .unwrap();

    let mut child = start(&binary, data.path(), &database, port, &log);
    let adults = runtime.block_on(witness::adults_with_households(data.path(), CITIZENS + 6));
    let (hosts, rest) = adults.split_at(CITIZENS);
    // A citizen who was not on line during the crash, so has no draft to resume afterwards.
    let (newcomer, guests) = rest.split_first().unwrap();
    // Every reference a citizen was shown before the kill, and errors that were not the kill.
    let shown: Arc<Mutex<HashMap<String, String>>> = Arc::default();
    let killed = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let tasks: Vec<_> = hosts
        .iter()
        .map(|host| {
            let guest: Adult = guests
                .iter()
                .find(|g| g.household != host.household)
                .unwrap()
                .clone();
            let (portal, host, shown, killed) =
                (portal.clone(), host.clone(), shown.clone(), killed.clone());
            runtime.spawn(async move {
                let citizen = Citizen::signed_in(&portal, &host.personal_id).await?;
                loop {
                    match citizen.notify_a_stay(&guest).await {
                        Ok((id, reference)) => {
                            shown.lock().unwrap().insert(id, reference);
                        }
                        // Cut off by the kill: expected, and the end of this citizen's session.
                        Err(_) if killed.load(std::sync::atomic::Ordering::SeqCst) => return Ok(()),
                        Err(error) => return Err(format!("{}: {error}", host.personal_id)),
                    }
                }
            })
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(120);
    while shown.lock().unwrap().len() < KILL_AFTER {
        // A citizen who stopped before the kill met an error: say which.
        if let Some(stopped) = tasks.iter().position(|task| task.is_finished()) {
            let outcome = runtime.block_on(tasks.into_iter().nth(stopped).unwrap());
            panic!(
                "a citizen stopped before the kill: {outcome:?}\n{}",
                std::fs::read_to_string(&log).unwrap_or_default()
            );
        }
        assert!(
            Instant::now() < deadline,
            "too few submissions before the kill: {}\n{}",
            shown.lock().unwrap().len(),
            std::fs::read_to_string(&log).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    killed.store(true, std::sync::atomic::Ordering::SeqCst);
    child.kill().expect("SIGKILL");
    child.wait().unwrap();
    let before_kill: HashMap<String, String> = shown.lock().unwrap().clone();
    for task in tasks {
        let outcome: Result<(), String> = runtime.block_on(task).expect("no task panics");
        outcome.expect("no error before the kill");
    }

    let mut child = start(&binary, data.path(), &database, port, &log);
    let stored = runtime.block_on(witness::applications(&database));
    let problems = witness::inconsistencies(&stored);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let by_id: HashMap<&str, &witness::Stored> =
        stored.iter().map(|a| (a.id.as_str(), a)).collect();
    for (id, reference) in &before_kill {
        let application = by_id
            .get(id.as_str())
            .unwrap_or_else(|| panic!("{id} lost in the crash"));
        assert_eq!(
            application.reference.as_deref(),
            Some(reference.as_str()),
            "{id}"
        );
    }
    let drafts = stored.iter().filter(|a| a.reference.is_none()).count();
    let submitted = stored.len() - drafts;

    // The portal works on: a citizen signs in and submits.
    let (id, reference) = runtime.block_on(async {
        let citizen = Citizen::signed_in(&portal, &newcomer.personal_id)
            .await
            .unwrap();
        let guest = guests
            .iter()
            .find(|g| g.household != newcomer.household)
            .unwrap();
        citizen.notify_a_stay(guest).await.unwrap()
    });
    assert!(
        !before_kill.values().any(|shown| shown == &reference),
        "a fresh reference"
    );
    let after = runtime.block_on(witness::applications(&database));
    assert!(after
        .iter()
        .any(|a| a.id == id && a.reference.as_deref() == Some(reference.as_str())));
    assert!(witness::inconsistencies(&after).is_empty());
    child.kill().unwrap();
    child.wait().unwrap();

    let log = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(
        !log.contains("database is locked"),
        "a write failed on a lock:\n{log}"
    );
    println!(
        "crash safety: {CITIZENS} citizens, SIGKILL after {} confirmed submissions; after restart \
         {submitted} submitted (all {} shown references present, unique) and {drafts} whole drafts",
        before_kill.len(),
        before_kill.len()
    );
}
