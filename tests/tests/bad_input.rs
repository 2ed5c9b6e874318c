//! Bad input everywhere: random and malformed values — very long, control characters, invalid
//! UTF-8 percent-encodings, HTML and script, SQL metacharacters, empty, duplicated fields — for
//! every question kind of the engine (a pure property test) and POSTed over real HTTP to every
//! POST endpoint of the portal, with a real draft behind them. Never a 500, always a 4xx (with an
//! error message on form pages) or a harmless redirect, script echoed back escaped, and nothing
//! from a rejected request stored. Also: oversized bodies get 413 and a slow-drip body 408.

use domain::engine::{Context, Kind};
use portal_tests::citizen::{Citizen, Reply};
use portal_tests::runtimes;
use portal_tests::ui::vi;
use portal_tests::witness::{self, adults_with_households};
use portal_tests::Stack;
use proptest::prelude::*;
use proptest::test_runner::{Config as ProptestConfig, TestRunner};
use reqwest::StatusCode;
use std::io::{Read, Write};
use std::time::{Duration, Instant};

const SCRIPT: &str = "<script>alert(1)</script>";
const PAYLOADS: [&str; 13] = [
    SCRIPT,
    "\"><img src=x onerror=alert(1)>",
    "</textarea><img src=x onerror=alert(1)>",
    "'; DROP TABLE applications; --",
    "1' OR '1'='1",
    "\\x00\\' UNION SELECT * FROM sessions --",
    "../../../../etc/passwd",
    "{{7*7}}${7*7}",
    "\u{202e}gnp.exe",
    "０７９２０３００１２３４",
    "079203001234\n079203001234",
    "2026-02-30",
    "-99999999999999999999",
];

/// A hostile value: arbitrary text, control characters, something very long, a known attack, or
/// an attack wrapped in arbitrary text.
fn hostile(max_len: usize) -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just(" \t ".to_string()),
        any::<String>(),
        "[\\x00-\\x1f\\x7f\\u{80}-\\u{9f}]{1,12}",
        (1..max_len).prop_map(|n| "đ".repeat(n / 2)),
        prop::sample::select(PAYLOADS.to_vec()).prop_map(String::from),
        (any::<String>(), prop::sample::select(PAYLOADS.to_vec()))
            .prop_map(|(noise, attack)| format!("{noise}{attack}")),
    ]
}

#[test]
fn every_question_kind_refuses_or_cleans_any_input() {
    let questions: Vec<_> = domain::definitions::all()
        .iter()
        .flat_map(|definition| definition.steps.iter())
        .flat_map(|step| step.questions.iter())
        .collect();
    println!("{} questions across the definitions", questions.len());
    let today = domain::age::today_in_vietnam();
    let context = Context::default();
    let count = 4_000;
    let mut runner = TestRunner::new(cases(count));
    runner
        .run(&(0..questions.len(), hostile(3_000)), |(index, raw)| {
            let question = questions[index];
            let Ok(value) =
                domain::engine::validation::check(question, Some(&raw), &context, today)
            else {
                return Ok(());
            };
            prop_assert!(value.is_empty() == (raw.trim().is_empty()), "{value:?}");
            // A document answer is the server's name for an upload (checked below).
            let is_document = matches!(question.kind, Kind::Document(_));
            prop_assert!(
                is_document
                    || !value
                        .chars()
                        .any(|c| c.is_control() && c != '\n' && c != '\t'),
                "{} kept a control character: {value:?}",
                question.id
            );
            match question.kind {
                Kind::Text { max_chars }
                | Kind::LongText { max_chars }
                | Kind::PersonName { max_chars } => {
                    prop_assert!(value.chars().count() <= max_chars)
                }
                Kind::Date { .. } => prop_assert!(
                    value.is_empty() || domain::definitions::common::parse_date(&value).is_some(),
                    "{value:?}"
                ),
                Kind::Number { min, max } => prop_assert!(
                    value.is_empty()
                        || value.parse::<i64>().is_ok_and(|n| (min..=max).contains(&n)),
                    "{value:?}"
                ),
                Kind::PersonalId => prop_assert!(
                    value.is_empty()
                        || value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit()),
                    "{value:?}"
                ),
                // No choice is offered without registry data, so none can be accepted.
                Kind::Choice(options) | Kind::Choices(options) => prop_assert!(
                    value.is_empty()
                        || value.split(',').all(|part| options
                            .choices(&context, domain::text::Lang::Vi)
                            .iter()
                            .any(|choice| choice.value == part)),
                    "{value:?}"
                ),
                // Whatever is posted, only the name of an upload the server stored is taken.
                Kind::Document(_) => prop_assert!(
                    domain::engine::documents::is_stored_answer(&value),
                    "a document answer from the form was kept: {value:?}"
                ),
                Kind::Code(rules) => prop_assert!(
                    value.is_empty()
                        || (rules.is_valid)(&value) && !value.contains(['<', '>', '"', '\'']),
                    "{value:?}"
                ),
                Kind::Phone => {
                    prop_assert!(!value.contains(['<', '>', '"', '\'']), "{value:?}")
                }
                Kind::Email => prop_assert!(
                    value.is_empty()
                        || value.contains('@') && !value.chars().any(char::is_whitespace),
                    "{value:?}"
                ),
            }
            Ok(())
        })
        .unwrap();
    println!(
        "validation: {count} hostile answers to {} questions",
        questions.len()
    );
}

/// A form body as bytes: each field encoded properly or with broken percent-encodings, names
/// drawn from the form's own (so duplicates happen) and from nowhere.
fn hostile_form(names: Vec<&'static str>) -> impl Strategy<Value = (Vec<u8>, Vec<String>)> {
    let field = (
        prop::sample::select(names),
        hostile(3_000),
        prop::sample::select(vec![
            "", "%", "%G1", "%FF%FE", "%C3%28", "&&=&", "=a=b", "\u{0}", "%00",
        ]),
    );
    prop::collection::vec(field, 0..6).prop_map(|fields| {
        let mut body = Vec::new();
        let mut values = Vec::new();
        for (name, value, broken) in fields {
            if !body.is_empty() {
                body.push(b'&');
            }
            let pair: String =
                reqwest::Url::parse_with_params("http://x/", [(name, value.as_str())])
                    .expect("encodable")
                    .query()
                    .unwrap_or_default()
                    .to_string();
            body.extend_from_slice(pair.as_bytes());
            body.extend_from_slice(broken.as_bytes());
            values.push(value);
        }
        (body, values)
    })
}

/// `count` cases, without a failure file (the failing input is in the message).
fn cases(count: u32) -> ProptestConfig {
    ProptestConfig {
        cases: count,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn assert_harmless(what: &str, reply: &Reply, posted: &[String]) {
    assert!(
        !reply.status.is_server_error(),
        "{what}: {} {}",
        reply.status,
        reply.body.chars().take(300).collect::<String>()
    );
    for attack in [SCRIPT, "<img src=x onerror"] {
        assert!(
            !reply.body.contains(attack) || !posted.iter().any(|value| value.contains(attack)),
            "{what}: script echoed unescaped: …{}…",
            reply.body.find(attack).map_or("", |at| {
                &reply.body[reply.body.floor_char_boundary(at.saturating_sub(200))..at]
            })
        );
    }
}

#[test]
fn hostile_posts_to_every_endpoint_are_refused_and_change_nothing() {
    let stack = Stack::start_with(|config| config.sign_in_limit_per_minute = 1_000);
    let runtime = runtimes::on_this_thread();
    let portal = stack.url("");
    let adults = runtime.block_on(adults_with_households(stack.data_dir(), 100));
    let (host, sender, guest) = (&adults[0], &adults[1], &adults[2]);
    assert!(host.household != guest.household && sender.household != guest.household);

    // The host's draft waits at its first step; the sender's is complete, at the check page.
    let (host, editing, sender, complete, anonymous) = runtime.block_on(async {
        let host = Citizen::signed_in(&portal, &host.personal_id)
            .await
            .unwrap();
        let (editing, _) = host.start_service("notify-stay").await.unwrap();
        let sender = Citizen::signed_in(&portal, &sender.personal_id)
            .await
            .unwrap();
        let (complete, first) = sender.start_service("notify-stay").await.unwrap();
        let today = domain::age::today_in_vietnam().to_string();
        let guest_form = [
            ("guest_id", guest.personal_id.as_str()),
            ("guest_name", &guest.full_name),
            ("guest_dob", &guest.date_of_birth),
        ];
        assert_eq!(
            sender.post(&first, &guest_form).await.unwrap().status,
            StatusCode::SEE_OTHER
        );
        let stay = [("from", today.as_str()), ("until", today.as_str())];
        let reply = sender
            .post(&format!("/applications/{complete}/stay"), &stay)
            .await
            .unwrap();
        assert_eq!(reply.location(), format!("/applications/{complete}/check"));
        // A start that names nobody is the start page's button: it resumes this draft, so the
        // hostile starts below have one to resume rather than a first one to make.
        host.post("/services/passport/start", &[]).await.unwrap();
        (host, editing, sender, complete, Citizen::anonymous(&portal))
    });
    let before = runtime.block_on(witness::applications(stack.portal_database()));
    let corrections_before = runtime.block_on(witness::corrections(stack.portal_database()));

    // Input kept and escaped: script typed into a name comes back as text, next to its error.
    let echoed = runtime
        .block_on(host.post(
            &format!("/applications/{editing}/guest"),
            &[("guest_name", SCRIPT)],
        ))
        .unwrap();
    assert_eq!(echoed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(echoed.body.contains(vi().error_summary_title));
    assert!(
        echoed
            .body
            .contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "input kept, escaped"
    );
    assert!(!echoed.body.contains(SCRIPT));
    let break_out = "</textarea><img src=x onerror=alert(1)>";
    for (which, details) in [
        ("x", SCRIPT),
        ("x", break_out),
        (SCRIPT, "a"),
        ("", &*SCRIPT.repeat(200)),
    ] {
        let reply = runtime
            .block_on(host.post(
                "/account/report-error",
                &[("which", which), ("details", details)],
            ))
            .unwrap();
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_harmless(
            "/account/report-error",
            &reply,
            &[which.to_string(), details.to_string()],
        );
    }

    struct Endpoint {
        who: &'static str,
        path: String,
        names: Vec<&'static str>,
    }
    let endpoints = [
        Endpoint {
            who: "host",
            path: format!("/applications/{editing}/guest"),
            names: vec!["guest_id", "guest_name", "guest_dob", "x"],
        },
        Endpoint {
            who: "host",
            path: format!("/applications/{editing}/stay"),
            names: vec!["from", "until", "reason", "from"],
        },
        Endpoint {
            who: "host",
            path: "/account/report-error".into(),
            names: vec!["which", "details", "details"],
        },
        Endpoint {
            who: "sender",
            path: format!("/applications/{complete}/submit"),
            names: vec!["declaration", "declaration", "y"],
        },
        Endpoint {
            who: "host",
            path: format!("/applications/{editing}/refresh"),
            names: vec!["a", "b"],
        },
        Endpoint {
            who: "host",
            path: "/services/passport/start".into(),
            names: vec!["applying_for", "applying_for", "x"],
        },
        Endpoint {
            who: "host",
            path: "/auth/extend".into(),
            names: vec!["return_to", "return_to"],
        },
        Endpoint {
            who: "anonymous",
            path: "/auth/logout".into(),
            names: vec!["x"],
        },
        Endpoint {
            who: "anonymous",
            path: format!("/applications/{editing}/guest"),
            names: vec!["guest_id"],
        },
    ];
    let cases_per_endpoint = 50;
    let requests = std::cell::Cell::new(0);
    // Forms refused before any page is rendered (a field missing or given twice where one is
    // expected): axum's plain 4xx.
    let unreadable = std::cell::Cell::new(0);
    for endpoint in &endpoints {
        let citizen = match endpoint.who {
            "host" => &host,
            "sender" => &sender,
            _ => &anonymous,
        };
        let mut runner = TestRunner::new(cases(cases_per_endpoint));
        runner
            .run(&hostile_form(endpoint.names.clone()), |(body, posted)| {
                let reply = runtime
                    .block_on(citizen.post_raw(&endpoint.path, body))
                    .unwrap();
                requests.set(requests.get() + 1);
                assert_harmless(&endpoint.path, &reply, &posted);
                if reply.status.is_client_error() && !reply.body.contains("<html") {
                    unreadable.set(unreadable.get() + 1);
                }
                let redirect_home = reply.status == StatusCode::SEE_OTHER
                    && reply.location().starts_with('/')
                    && !reply.location().starts_with("//")
                    && !reply.location().starts_with("/\\");
                // Form pages refuse with their error summary; the others ignore the body and
                // send the citizen on within the portal (or to sign in). A start with no one
                // named is the start page's button: it resumes the citizen's one draft.
                match endpoint.path.as_str() {
                    path if path.ends_with("/refresh")
                        || path.ends_with("/start")
                        || path.starts_with("/auth/") =>
                    {
                        prop_assert!(
                            redirect_home || reply.status.is_client_error(),
                            "{path}: {} {:?}",
                            reply.status,
                            reply.location
                        )
                    }
                    path if endpoint.who == "anonymous" => {
                        prop_assert!(reply.location().starts_with("/auth/login"), "{path}")
                    }
                    // A form that cannot even be read (a field missing) is refused before any
                    // page is rendered; a page that is rendered names the errors.
                    path if reply.status == StatusCode::UNPROCESSABLE_ENTITY
                        && reply.body.contains("<html") =>
                    {
                        prop_assert!(
                            reply.body.contains(vi().error_summary_title),
                            "{path}: no error summary"
                        )
                    }
                    path => prop_assert!(
                        reply.status.is_client_error(),
                        "{path}: {} {:?}",
                        reply.status,
                        reply.location
                    ),
                }
                Ok(())
            })
            .unwrap();
    }

    // Hostile query strings on the pages that take one.
    let mut runner = TestRunner::new(cases(cases_per_endpoint));
    runner
        .run(&hostile(500), |value| {
            let encoded: String =
                reqwest::Url::parse_with_params("http://x/", [("v", value.as_str())])
                    .unwrap()
                    .query()
                    .unwrap()
                    .trim_start_matches("v=")
                    .to_string();
            for path in [
                format!("/auth/login?return_to={encoded}"),
                format!("/language/en?return_to={encoded}"),
                format!("/auth/callback?code={encoded}&state={encoded}"),
            ] {
                let reply = runtime.block_on(host.get(&path)).unwrap();
                requests.set(requests.get() + 1);
                assert_harmless(&path, &reply, std::slice::from_ref(&value));
                if reply.status == StatusCode::SEE_OTHER && !path.starts_with("/auth/login") {
                    prop_assert!(
                        reply.location().starts_with('/') && !reply.location().starts_with("//"),
                        "{path} sent the citizen off-site to {:?}",
                        reply.location
                    );
                }
            }
            Ok(())
        })
        .unwrap();

    let after = runtime.block_on(witness::applications(stack.portal_database()));
    let answers = |stored: &[witness::Stored]| -> Vec<(String, String, String)> {
        stored
            .iter()
            .map(|a| (a.id.clone(), a.status.clone(), a.answers.clone()))
            .collect()
    };
    assert_eq!(
        answers(&after),
        answers(&before),
        "nothing of a rejected request is stored"
    );
    assert_eq!(
        runtime.block_on(witness::corrections(stack.portal_database())),
        corrections_before
    );
    println!(
        "bad input over HTTP: {} hostile requests, none stored, no 5xx ({} refused as unreadable forms)",
        requests.get(),
        unreadable.get()
    );
}

/// A citizen signed in over HTTP who has started notifying a stay: the citizen, the draft's id and
/// its first step's path.
async fn a_stay_being_notified(stack: &Stack) -> (Citizen, String, String) {
    let adults = adults_with_households(stack.data_dir(), 1).await;
    let citizen = Citizen::signed_in(&stack.url(""), &adults[0].personal_id)
        .await
        .unwrap();
    let (draft, first) = citizen.start_service("notify-stay").await.unwrap();
    (citizen, draft, first)
}

#[test]
fn oversized_bodies_get_413_and_slow_bodies_408() {
    let stack = Stack::start_with(|config| {
        config.request_timeout = Duration::from_secs(2);
        config.sign_in_limit_per_minute = 1_000;
    });
    let runtime = runtimes::on_this_thread();
    let (citizen, draft, first) = runtime.block_on(a_stay_being_notified(&stack));
    // The body's length is announced up front, as browsers do; the signed-in citizen's forms
    // refuse more than the configured limit (64 KiB), step pages and answers to an agency (which
    // take uploads) more than their own, and nothing is read past the limit.
    for (path, announced) in [
        ("/account/report-error".to_string(), 70_000),
        (format!("/applications/{draft}/submit"), 70_000),
        (first, 64 * 1024 * 1024),
        (
            format!("/applications/{draft}/information"),
            64 * 1024 * 1024,
        ),
    ] {
        let mut connection = std::net::TcpStream::connect(stack.portal).unwrap();
        connection
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        write!(
            connection,
            "POST {path} HTTP/1.1\r\nHost: {}\r\nOrigin: http://{}\r\nCookie: {}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {announced}\r\n\r\n",
            stack.portal,
            stack.portal,
            citizen.cookie_header()
        )
        .unwrap();
        // The portal may answer and close before all of it is sent.
        let _ = connection.write_all(&vec![b'a'; announced.min(70_000)]);
        let mut answer = [0; 64];
        let read = connection.read(&mut answer).unwrap();
        let answer = String::from_utf8_lossy(&answer[..read]);
        assert!(answer.starts_with("HTTP/1.1 413"), "{path}: {answer}");
    }

    // A body promised at 1,000 bytes and sent one byte every half second is cut off.
    let started = Instant::now();
    let mut connection = std::net::TcpStream::connect(stack.portal).unwrap();
    connection
        .set_read_timeout(Some(Duration::from_millis(100)))
        .unwrap();
    write!(
        connection,
        "POST /account/report-error HTTP/1.1\r\nHost: {}\r\nOrigin: http://{}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n",
        stack.portal,
        stack.portal
    )
    .unwrap();
    let mut answer = Vec::new();
    while started.elapsed() < Duration::from_secs(15) && answer.is_empty() {
        if connection.write_all(b"a").is_err() {
            break;
        }
        std::thread::sleep(Duration::from_millis(400));
        let mut buffer = [0; 4096];
        if let Ok(read) = connection.read(&mut buffer) {
            answer.extend_from_slice(&buffer[..read]);
        }
    }
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    let elapsed = started.elapsed();
    assert!(
        elapsed < Duration::from_secs(5),
        "cut off after {elapsed:?}"
    );
    println!("slow-drip body cut off with 408 after {elapsed:?}");
}

/// Coming back from the gateway with a payment id it does not know (or a malformed one) is the
/// citizen's or an attacker's doing, not an outage: it deserves the "payment did not go through"
/// page (402), not 503. Today the portal cannot tell the gateway's 404 from no answer, and puts
/// the id into the gateway's URL path unchecked.
#[test]
fn an_unknown_payment_id_is_refused_without_a_5xx() {
    let stack = Stack::start();
    let runtime = runtimes::on_this_thread();
    let (citizen, draft, _) = runtime.block_on(a_stay_being_notified(&stack));
    for id in ["unknown", "", "..%2F..%2Fadmin%2Ffaults", "%00"] {
        let path = format!("/applications/{draft}/payment?payment_id={id}");
        let reply = runtime.block_on(citizen.get(&path)).unwrap();
        assert!(reply.status.is_client_error(), "{path}: {}", reply.status);
    }
}
