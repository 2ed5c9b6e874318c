//! Crash safety: the `local-stack` binary runs as a child process while citizens submit
//! applications concurrently over HTTP; it is killed with SIGKILL mid-way and started again on the
//! same data directory. Every application a citizen was shown a reference for must be there,
//! submitted, exactly once; every other one is a whole draft or a whole submission (never half of
//! each); no write ever failed with "database is locked"; and the portal works on afterwards.

use portal_tests::citizen::Citizen;
use portal_tests::runtimes;
use portal_tests::stack_process::{free_port, start};
use portal_tests::witness::{self, Adult};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const CITIZENS: usize = 16;
/// Submissions confirmed before the kill: enough that writes are in flight when it lands.
const KILL_AFTER: usize = 25;

#[test]
fn a_killed_portal_loses_no_submission_and_halves_none() {
    let data = tempfile::tempdir().unwrap();
    let log = data.path().join("stack.log");
    let port = free_port();
    let portal = format!("http://127.0.0.1:{port}");
    let runtime = runtimes::threaded(2);
    let database = runtime
        .block_on(server::db::isolated_for_test(data.path()))
        .unwrap();

    let mut child = start(data.path(), &database, port, &log, &[]);
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

    let mut child = start(data.path(), &database, port, &log, &[]);
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
