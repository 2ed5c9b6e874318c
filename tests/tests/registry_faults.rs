//! The registry slow, failing half of its calls, or down — at each step of a journey and during
//! the agency's processing. The citizen always gets either the next page or a calm "try again"
//! (never an error page), nothing they entered is lost, and once the registry is back the application is submitted and decided exactly once.

use portal_tests::citizen::{notify_stay_steps, Citizen};
use portal_tests::{witness, Stack};
use reqwest::StatusCode;
use serde_json::json;
use std::time::{Duration, Instant};

/// What the portal says when it cannot check something with the registry.
const TRY_AGAIN: &str = "Hiện chưa kiểm tra được thông tin với cơ sở dữ liệu dân cư";

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
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
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
                assert!(reply.body.contains(TRY_AGAIN), "{name}: {}", reply.body);
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
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let stored = runtime.block_on(witness::applications(stack.portal_database()));
            let problems = witness::inconsistencies(&stored);
            assert!(problems.is_empty(), "{name}: {}", problems.join("\n"));
            let application = stored.iter().find(|a| a.id == id).unwrap();
            if application.decision_events == 1 {
                assert_eq!(application.status, "decided", "{name}");
                break;
            }
            assert!(Instant::now() < deadline, "{name}: no decision");
            std::thread::sleep(Duration::from_millis(200));
        }
        println!("{name}: submitted and decided once");
    }
    println!("{attempts_refused} requests answered with the try-again page");
}
