//! The registry slow, failing half of its calls, or down — at each step of a journey and during
//! the agency's processing, for a plain service and for both headline journeys (driving licence,
//! newborn). The citizen always gets either the next page or a calm "try again" (never an error
//! page), nothing they entered is lost, and once the registry is back the application is
//! submitted and decided exactly once.

use portal_tests::citizen::{notify_stay_steps, Citizen};
use portal_tests::ui::vi;
use portal_tests::visitor::Visitor;
use portal_tests::{runtimes, witness, Stack};
use reqwest::StatusCode;
use serde_json::json;
use std::time::{Duration, Instant};

fn faults() -> [(&'static str, serde_json::Value); 3] {
    [
        // Slower than any page should be, within the portal's 5-second registry timeout.
        ("slow", json!({ "endpoint": "*", "latency_ms": 1500 })),
        (
            "failing half of the calls",
            json!({ "endpoint": "*", "error_rate": 0.5 }),
        ),
        ("down", json!({ "endpoint": "*", "outage": true })),
    ]
}

#[test]
fn every_step_survives_a_slow_flaky_or_absent_registry() {
    let stack = Stack::start();
    let runtime = runtimes::threaded(2);
    let adults = runtime.block_on(witness::adults_with_households(stack.data_dir(), 8));
    let mut attempts_refused = 0;
    for (index, (name, fault)) in faults().into_iter().enumerate() {
        let host = &adults[index];
        let guest = adults
            .iter()
            .find(|adult| adult.household != host.household)
            .unwrap();
        let citizen = runtime
            .block_on(Citizen::signed_in(&stack.url(""), &host.personal_id))
            .unwrap();
        let (id, first) = runtime
            .block_on(citizen.start_service("notify-stay"))
            .unwrap();
        for step in notify_stay_steps(&id, &first, guest) {
            stack.registry_fault(Some(fault.clone()));
            let mut tries = 0;
            loop {
                tries += 1;
                let reply = runtime
                    .block_on(citizen.post(&step.path, &step.fields()))
                    .unwrap();
                if reply.status == StatusCode::SEE_OTHER {
                    assert_eq!(reply.location(), step.next, "{name}: {}", step.path);
                    break;
                }
                // Anything but the next page says to try again: the step's own page with the
                // answers kept (422), or, where nothing was typed, a page of its own (503).
                assert!(
                    [
                        StatusCode::UNPROCESSABLE_ENTITY,
                        StatusCode::SERVICE_UNAVAILABLE
                    ]
                    .contains(&reply.status),
                    "{name}: {} {}",
                    step.path,
                    reply.status
                );
                assert!(
                    reply.body.contains(vi().registry_check_unavailable),
                    "{name}: {}",
                    reply.body
                );
                if reply.status == StatusCode::UNPROCESSABLE_ENTITY {
                    for (field, value) in &step.form {
                        assert!(reply.body.contains(value.as_str()), "{name}: {field} kept");
                    }
                }
                attempts_refused += 1;
                assert!(tries < 40, "{name}: {} never went through", step.path);
                // A citizen told to try again later does; an outage ends in the meantime (and
                // the portal's circuit breaker lets calls through again a few seconds later).
                if fault["outage"] == true {
                    stack.registry_fault(None);
                }
                std::thread::sleep(Duration::from_millis(500));
            }
        }
        // Processing under the same fault (this service's decision writes nothing to the
        // registry; `newborn.rs` and `driving_licence.rs` fault the decisions that do).
        stack.registry_fault(Some(fault.clone()));
        std::thread::sleep(Duration::from_millis(1000));
        let reference = runtime.block_on(citizen.reference(&id)).unwrap();
        let stored = runtime.block_on(witness::applications(stack.portal_database()));
        let application = stored.iter().find(|a| a.id == id).unwrap();
        assert_eq!(application.reference.as_deref(), Some(reference.as_str()));
        stack.registry_fault(None);
        decided_once(&stack, &runtime, name, &id);
        println!("{name}: submitted and decided once");
    }
    println!("{attempts_refused} requests answered with the try-again page");
}

/// Walks a headline journey from its start to the confirmation with `fault` set on the registry
/// before every step, the way a citizen would: on a try-again answer they try again (and an
/// outage ends meanwhile). Returns the application's id and how many answers said to try again.
fn walk_under_fault(
    stack: &Stack,
    runtime: &tokio::runtime::Runtime,
    slug: &str,
    citizen: &str,
    typed: &[(&str, &str)],
    fault: &serde_json::Value,
) -> (String, usize) {
    let mut visitor = Visitor::new(&stack.url("/"));
    runtime
        .block_on(visitor.sign_in(&stack.url("/auth/login?return_to=/account"), citizen))
        .unwrap();
    // The form the citizen sends next, as a browser would: first the start page's button.
    let mut action = (format!("/services/{slug}/start"), Vec::new());
    let mut refused = 0;
    // The fault is set as each step begins; the citizen's retries of a refused step meet
    // whatever the registry has become since.
    stack.registry_fault(Some(fault.clone()));
    for _ in 0..60 {
        let (path, fields) = &action;
        let outcome = runtime.block_on(visitor.post(path, fields));
        if let Err(error) = outcome {
            assert!(
                visitor.body.contains(vi().registry_check_unavailable),
                "{slug}: {error}"
            );
            refused += 1;
            if fault["outage"] == true {
                stack.registry_fault(None);
            }
            std::thread::sleep(Duration::from_millis(500));
            continue;
        }
        let path = visitor.url.path().to_string();
        if let Some(application) = path.strip_suffix("/confirmation") {
            stack.registry_fault(None);
            let id = application.rsplit('/').next().unwrap_or_default();
            return (id.to_string(), refused);
        }
        let target = match path.strip_suffix("/check") {
            // A draft that waits (the health facilities' keys could not be read, so the health
            // check is not verified yet) offers "check again" instead of sending, and the
            // citizen presses it.
            Some(application) if !visitor.body.contains(&format!("{application}/submit")) => {
                format!("{application}/refresh")
            }
            Some(application) => format!("{application}/submit"),
            None => path.clone(),
        };
        let fields = visitor.fill(&target, typed).unwrap();
        action = (target, fields);
        stack.registry_fault(Some(fault.clone()));
    }
    panic!("{slug}: no confirmation under {fault}");
}

/// Waits until application `id` is decided, and checks that it, and every other application,
/// was decided once.
fn decided_once(stack: &Stack, runtime: &tokio::runtime::Runtime, what: &str, id: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let stored = runtime.block_on(witness::applications(stack.portal_database()));
        let problems = witness::inconsistencies(&stored);
        assert!(problems.is_empty(), "{what}: {}", problems.join("\n"));
        let application = stored.iter().find(|a| a.id == id).unwrap();
        if application.decision_events == 1 {
            assert_eq!(application.status, "decided", "{what}");
            return;
        }
        assert!(Instant::now() < deadline, "{what}: no decision");
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn both_headline_journeys_survive_every_fault_at_every_step() {
    let runtime = runtimes::threaded(2);
    for (name, fault) in faults() {
        // A fresh registry for each fault: each journey uses up its licence or birth notice.
        let stack = Stack::start();
        let driver = stack.personas().driver_expiring.clone();
        let (id, refused) =
            walk_under_fault(&stack, &runtime, "driving-licence", &driver, &[], &fault);
        decided_once(&stack, &runtime, name, &id);
        let licences = stack.registry_read(
            "driving-licence",
            "/v1/licences/list",
            json!({ "personal_id": driver }),
        );
        let replaced = licences
            .as_array()
            .unwrap()
            .iter()
            .filter(|licence| licence["status"] == "replaced")
            .count();
        assert_eq!(replaced, 1, "{name}: renewed exactly once");
        println!("driving licence, registry {name}: renewed once, {refused} try-again answers");

        let mother = stack.personas().mother_unmarried_notice.clone();
        let children = |stack: &Stack| {
            stack.registry_read(
                "newborn",
                "/v1/people/relatives",
                json!({ "personal_id": mother }),
            )["children"]
                .as_array()
                .map_or(0, Vec::len)
        };
        let before = children(&stack);
        let (_, refused) = walk_under_fault(
            &stack,
            &runtime,
            "newborn",
            &mother,
            &[("given_name", "Phúc")],
            &fault,
        );
        let deadline = Instant::now() + Duration::from_secs(30);
        while children(&stack) == before {
            assert!(
                Instant::now() < deadline,
                "{name}: the baby is not registered"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
        std::thread::sleep(Duration::from_millis(1000));
        assert_eq!(children(&stack), before + 1, "{name}: one child, once");
        println!("newborn, registry {name}: one child registered, {refused} try-again answers");
    }
}
