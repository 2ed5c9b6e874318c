//! What operators read: the portal, run as the `local-stack` process with `LOG_FORMAT=json`,
//! writes one JSON line per request at the default level, naming the route's template rather
//! than the path, with the status, the latency and the request id — and nothing a citizen typed
//! into a path or a query string. A `LOG_FORMAT` the binaries do not know stops them before they
//! start, naming the variable.

use portal_tests::binaries;
use portal_tests::runtimes;
use portal_tests::stack_process::{free_port, start};
use serde_json::Value;
use std::process::Command;
use std::time::{Duration, Instant};

/// An ID number that must never reach a log line, though requests carry it.
const TYPED: &str = "079203001234";

/// The lines of `log` that close a request, each read as JSON (every line must be JSON).
fn request_lines(log: &str) -> Vec<Value> {
    log.lines()
        .map(|line| {
            serde_json::from_str::<Value>(line)
                .unwrap_or_else(|error| panic!("not a JSON line ({error}): {line}"))
        })
        .filter(|line| line["fields"]["message"] == "finished processing request")
        .collect()
}

#[test]
fn one_json_line_per_request_with_the_route_template_and_no_typed_value() {
    let data = tempfile::tempdir().unwrap();
    let log_path = data.path().join("stack.log");
    let port = free_port();
    let runtime = runtimes::threaded(1);
    let database = runtime
        .block_on(server::db::isolated_for_test(data.path()))
        .unwrap();
    let settings = [
        ("LOG_FORMAT", "json"),
        ("RUST_LOG", "info,sqlx=warn"),
        ("REGISTRY_CITIZENS", "300"),
    ];
    let mut child = start(data.path(), &database, port, &log_path, &settings);

    let portal = format!("http://127.0.0.1:{port}");
    let asked = [
        format!("{portal}/?lang=en&q={TYPED}"),
        format!("{portal}/applications/{TYPED}"),
        format!("{portal}/no-such-page/{TYPED}"),
    ];
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let statuses: Vec<u16> = runtime.block_on(async {
        let mut statuses = Vec::new();
        for url in &asked {
            statuses.push(client.get(url).send().await.unwrap().status().as_u16());
        }
        statuses
    });

    // The line is written as the answer leaves; give the writer a moment.
    let deadline = Instant::now() + Duration::from_secs(10);
    let lines = loop {
        let log = std::fs::read_to_string(&log_path).unwrap();
        let lines = request_lines(&log);
        if lines.len() >= asked.len() || Instant::now() > deadline {
            assert!(
                !log.contains(TYPED),
                "a typed value reached the log:\n{log}"
            );
            break lines;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    child.kill().unwrap();
    child.wait().unwrap();

    assert_eq!(lines.len(), asked.len(), "one line per request: {lines:#?}");
    let routes = ["/", "/applications/{id}", "(no route)"];
    for ((line, route), status) in lines.iter().zip(routes).zip(statuses) {
        assert_eq!(line["level"], "INFO", "{line}");
        assert_eq!(line["span"]["method"], "GET", "{line}");
        assert_eq!(line["span"]["route"], route, "{line}");
        assert_eq!(line["fields"]["status"], status, "{line}");
        let latency = line["fields"]["latency"].as_str().unwrap_or_default();
        assert!(latency.ends_with(" ms"), "latency in milliseconds: {line}");
        let request_id = line["span"]["request_id"].as_str().unwrap_or_default();
        assert_eq!(request_id.len(), 36, "a request id the portal made: {line}");
    }
}

#[test]
fn an_unknown_log_format_stops_a_binary_before_it_starts() {
    for binary in ["portal", "registry"] {
        let output = Command::new(binaries::built(binary))
            .env("LOG_FORMAT", "yaml")
            .output()
            .unwrap();
        let error = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{binary}: {error}");
        assert!(
            error.contains("LOG_FORMAT"),
            "{binary} names the variable: {error}"
        );
        assert!(
            !error.contains("yaml"),
            "{binary} does not echo the value: {error}"
        );
    }
}
