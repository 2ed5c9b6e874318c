//! Two portal instances on different ports share one database (PostgreSQL when the suite runs on
//! it, otherwise one SQLite file) behind a balancer without sticky sessions: a citizen's sign-in,
//! draft, submission, decision and sign-out span both instances, since every request goes to the
//! other instance than the one before.

use portal_tests::citizen::Citizen;
use portal_tests::{runtimes, witness, Stack};
use reqwest::StatusCode;
use std::time::{Duration, Instant};

#[test]
fn one_citizen_is_served_by_two_instances_in_turn() {
    let (stack, balancer) = Stack::start_balanced();
    let runtime = runtimes::threaded(2);
    let adults = runtime.block_on(witness::adults_with_households(stack.data_dir(), 6));
    let host = &adults[0];
    let guest = adults
        .iter()
        .find(|adult| adult.household != host.household)
        .expect("a guest from another household");
    let portal = stack.url("");

    let (citizen, id, reference) = runtime.block_on(async {
        // The sign-in's state is written by one instance and consumed by the other.
        let citizen = Citizen::signed_in(&portal, &host.personal_id)
            .await
            .expect("signed in across instances");
        let (id, reference) = citizen
            .notify_a_stay(guest)
            .await
            .expect("a journey across instances");
        (citizen, id, reference)
    });
    let [first, second] = balancer.served()[..] else {
        panic!("two instances")
    };
    assert!(
        first >= 3 && second >= 3,
        "both instances served the journey: {first} and {second} requests"
    );

    // Both instances list the application under the same session.
    for _ in 0..2 {
        let list = runtime.block_on(citizen.get("/applications")).unwrap();
        assert_eq!(list.status, StatusCode::OK);
        assert!(list.body.contains(&reference), "listed on both instances");
    }

    // Both instances' agency workers see the submission; it is decided exactly once.
    let deadline = Instant::now() + Duration::from_secs(30);
    let decided = loop {
        let stored = runtime.block_on(witness::applications(stack.portal_database()));
        let problems = witness::inconsistencies(&stored);
        assert!(problems.is_empty(), "{}", problems.join("\n"));
        let application = stored
            .into_iter()
            .find(|application| application.id == id)
            .expect("stored once");
        if application.decision_events == 1 || Instant::now() > deadline {
            break application;
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    assert_eq!(decided.status, "decided");
    assert_eq!(decided.reference.as_deref(), Some(reference.as_str()));

    // Signing out on one instance ends the session on both: the old cookie, replayed to each
    // instance in turn, no longer signs anyone in.
    runtime.block_on(async {
        let old_cookie = citizen.cookie_header();
        let out = citizen.post("/auth/logout", &[]).await.unwrap();
        assert!(out.status.is_redirection(), "signed out: {}", out.status);
        let replay = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        for _ in 0..2 {
            let after = replay
                .get(stack.url("/account"))
                .header("cookie", &old_cookie)
                .send()
                .await
                .unwrap();
            assert!(after.status().is_redirection(), "{}", after.status());
            let location = after.headers()["location"].to_str().unwrap();
            assert!(location.starts_with("/auth/login"), "{location}");
        }
    });
}
