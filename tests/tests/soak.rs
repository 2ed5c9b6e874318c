//! Soak, short form: many citizens at once, each signed in with the eID and notifying guests'
//! stays (a free service) over and over for a while, against the whole local stack. Zero errors
//! allowed; afterwards every reference a citizen was shown is checked in the portal's database
//! (once, submitted, with its "received" line) and every guest in the registry's access log, and
//! memory must stay flat once warmed up.
//!
//! `SOAK_CITIZENS` (default 50) and `SOAK_SECONDS` (default 20) set the size; `scripts/soak.sh`
//! runs the full form (500 citizens for 10 minutes).

use portal_tests::citizen::Citizen;
use portal_tests::runtimes;
use portal_tests::witness::{self, Adult};
use portal_tests::Stack;
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// This process's resident memory in MiB: the whole stack runs in it, beside the citizens.
fn resident_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix("VmRSS:"))
                .and_then(|rest| rest.split_whitespace().next()?.parse::<f64>().ok())
        })
        .map_or(0.0, |kib| kib / 1024.0)
}

/// Samples resident memory until `until`: (seconds since the start, MiB).
fn sample_memory(started: Instant, until: Instant) -> std::thread::JoinHandle<Vec<(f64, f64)>> {
    std::thread::spawn(move || {
        let mut samples = Vec::new();
        while Instant::now() < until {
            samples.push((started.elapsed().as_secs_f64(), resident_mib()));
            std::thread::sleep(Duration::from_millis(500));
        }
        samples
    })
}

/// The highest memory of the run's second quarter (warmed up) and of its last quarter.
fn memory_trend(samples: &[(f64, f64)], seconds: f64) -> (f64, f64) {
    let peak = |from: f64, to: f64| {
        samples
            .iter()
            .filter(|(at, _)| *at >= from * seconds && *at <= to * seconds)
            .map(|(_, mib)| *mib)
            .fold(0.0, f64::max)
    };
    (peak(0.25, 0.5), peak(0.75, 1.0))
}

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().map_or(default, |raw| {
        raw.parse()
            .unwrap_or_else(|_| panic!("{name} must be a number"))
    })
}

/// What one citizen did: the references shown to them (application id → reference) and how long
/// each journey took.
struct Session {
    host: Adult,
    submitted: HashMap<String, String>,
    durations: Vec<Duration>,
}

async fn citizen_session(
    portal: String,
    host: Adult,
    guests: Vec<Adult>,
    until: Instant,
) -> Result<Session, String> {
    let citizen = Citizen::signed_in(&portal, &host.personal_id).await?;
    let mut session = Session {
        host,
        submitted: HashMap::new(),
        durations: Vec::new(),
    };
    for guest in guests.iter().cycle() {
        if Instant::now() >= until {
            break;
        }
        let started = Instant::now();
        let (id, reference) = citizen
            .notify_a_stay(guest)
            .await
            .map_err(|error| format!("{}: {error}", session.host.personal_id))?;
        session.durations.push(started.elapsed());
        session.submitted.insert(id, reference);
    }
    Ok(session)
}

#[test]
fn many_citizens_complete_journeys_without_an_error() {
    let citizens = setting("SOAK_CITIZENS", 50) as usize;
    let seconds = setting("SOAK_SECONDS", 20);
    let stack = Stack::start_with(|config| config.sign_in_limit_per_minute = 1_000_000);
    let runtime = runtimes::threaded(2);
    let adults = runtime.block_on(witness::adults_with_households(
        stack.data_dir(),
        2 * citizens + 10,
    ));
    let (hosts, others) = adults.split_at(citizens);
    assert_eq!(hosts.len(), citizens, "not enough adults with a household");
    let started = Instant::now();
    let until = started + Duration::from_secs(seconds);
    let memory = sample_memory(started, until);
    let sessions: Vec<Session> = runtime.block_on(async {
        let tasks: Vec<_> = hosts
            .iter()
            .map(|host| {
                let guests: Vec<Adult> = others
                    .iter()
                    .filter(|guest| guest.household != host.household)
                    .take(3)
                    .cloned()
                    .collect();
                tokio::spawn(citizen_session(stack.url(""), host.clone(), guests, until))
            })
            .collect();
        let mut sessions = Vec::new();
        let mut errors = Vec::new();
        for task in tasks {
            match task.await.expect("no citizen task panics") {
                Ok(session) => sessions.push(session),
                Err(error) => errors.push(error),
            }
        }
        assert!(
            errors.is_empty(),
            "{} of {citizens} citizens hit an error:\n{}",
            errors.len(),
            errors.join("\n")
        );
        sessions
    });
    let elapsed = started.elapsed();
    let (warmed_up, at_the_end) = memory_trend(&memory.join().unwrap(), seconds as f64);
    // Flat: caches and pools are full after the first quarter; what grows after that is a leak.
    assert!(
        at_the_end <= warmed_up * 1.25 + 64.0,
        "memory grew from {warmed_up:.0} MiB to {at_the_end:.0} MiB"
    );

    let stored = runtime.block_on(witness::applications(stack.portal_database()));
    let problems = witness::inconsistencies(&stored);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let by_id: HashMap<&str, &witness::Stored> =
        stored.iter().map(|a| (a.id.as_str(), a)).collect();
    let mut checked = 0;
    for session in &sessions {
        for (id, reference) in &session.submitted {
            let application = by_id
                .get(id.as_str())
                .unwrap_or_else(|| panic!("{id} not stored"));
            assert_eq!(application.reference.as_deref(), Some(reference.as_str()));
            assert_eq!(application.applicant_id, session.host.personal_id);
            assert_ne!(application.status, "draft");
            checked += 1;
        }
    }
    let submitted_in_db = stored.iter().filter(|a| a.reference.is_some()).count();
    assert_eq!(
        submitted_in_db, checked,
        "every stored submission was shown to its citizen"
    );
    for guest in others.iter().take(3) {
        let checks = runtime.block_on(witness::registry_checks(
            stack.data_dir(),
            "notify-stay",
            &guest.personal_id,
        ));
        assert!(
            checks > 0,
            "the registry saw no check of guest {}",
            guest.personal_id
        );
    }

    let mut durations: Vec<Duration> = sessions
        .iter()
        .flat_map(|s| s.durations.iter().copied())
        .collect();
    durations.sort();
    let percentile = |p: usize| durations[(durations.len() * p / 100).min(durations.len() - 1)];
    println!(
        "soak: {citizens} citizens for {:.1} s: {checked} applications submitted and checked \
         ({:.1}/s), journey p50 {:?}, p95 {:?}, max {:?}; 0 errors; memory {warmed_up:.0} MiB \
         warmed up, {at_the_end:.0} MiB at the end",
        elapsed.as_secs_f64(),
        checked as f64 / elapsed.as_secs_f64(),
        percentile(50),
        percentile(95),
        durations.last().unwrap()
    );
}
