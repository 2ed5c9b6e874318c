//! Every binary as an operator meets it: `--help` answers at once, without starting anything, and
//! lists every variable its README documents; `--version` says the version; a bad value stops it
//! with an error naming the variable; and a stand-in asked to stop with SIGTERM, as a service
//! manager does, exits with status 0.

use portal_tests::binaries;
use portal_tests::stack::workspace_root;
use std::io::{BufRead, BufReader};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A binary, where its variables are documented, which of the documented names are its own, and
/// one of them with a value it must refuse.
struct Binary {
    name: &'static str,
    readme: &'static str,
    documents: fn(&str) -> bool,
    bad: (&'static str, &'static str),
}

const BINARIES: &[Binary] = &[
    Binary {
        name: "portal",
        readme: "README.md",
        documents: |name| name.starts_with("PORTAL_") || name == "DATABASE_URL",
        bad: ("PORTAL_MAX_CONNECTIONS", "many"),
    },
    Binary {
        name: "local-stack",
        readme: "README.md",
        // The run command's section documents the portal's variables and the stand-ins' own;
        // the two logging variables are read by the logger of every binary, outside the settings.
        documents: |name| !matches!(name, "RUST_LOG" | "LOG_FORMAT"),
        bad: ("REGISTRY_ADDR", "nowhere"),
    },
    Binary {
        name: "identity",
        readme: "backends/identity/README.md",
        documents: |name| name.starts_with("IDENTITY_"),
        bad: ("IDENTITY_CODE_LIFETIME_SECS", "soon"),
    },
    Binary {
        name: "payment",
        readme: "backends/payment/README.md",
        documents: |name| name.starts_with("PAYMENT_"),
        bad: ("PAYMENT_BIND", "nowhere"),
    },
    Binary {
        name: "agency",
        readme: "backends/agency/README.md",
        documents: |name| name.starts_with("AGENCY_"),
        bad: ("AGENCY_AUTOMATIC_DELAY_MS", "soon"),
    },
    Binary {
        name: "registry",
        readme: "backends/registry/README.md",
        documents: |name| name.starts_with("REGISTRY_") && !name.starts_with("REGISTRY_BENCH_"),
        bad: ("REGISTRY_AS_OF", "tomorrow"),
    },
    Binary {
        name: "registry-bench",
        readme: "backends/registry/README.md",
        documents: |name| name.starts_with("REGISTRY_BENCH_"),
        bad: ("REGISTRY_BENCH_CONCURRENCY", "0"),
    },
    Binary {
        name: "bench",
        readme: "README.md",
        documents: |name| name.starts_with("BENCH_"),
        bad: ("BENCH_SECONDS", "600"),
    },
];

/// The variable names a README documents: words in backticks made of capitals, digits and
/// underscores (`REGISTRY_ADMIN=1` names `REGISTRY_ADMIN`). The main README's are those of its
/// Configuration section, and the bench's of its Performance section.
fn documented(readme: &str, binary: &str) -> Vec<String> {
    let text = std::fs::read_to_string(workspace_root().join(readme)).expect("the README");
    let text = match (readme, binary) {
        ("README.md", "bench") => section(&text, "## Performance"),
        ("README.md", _) => section(&text, "## Configuration"),
        _ => &text,
    };
    let mut names: Vec<String> = text
        .split('`')
        .skip(1)
        .step_by(2)
        .map(|quoted| quoted.split('=').next().unwrap_or_default())
        .filter(|word| {
            word.contains('_')
                && word.starts_with(|c: char| c.is_ascii_uppercase())
                && word
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        })
        .map(str::to_owned)
        .collect();
    names.sort();
    names.dedup();
    names
}

fn section<'a>(text: &'a str, heading: &str) -> &'a str {
    let start = text.find(heading).expect("the README has the section");
    let rest = &text[start + heading.len()..];
    &rest[..rest.find("\n## ").unwrap_or(rest.len())]
}

/// Runs the binary to its end; none of these runs may start a server, so a slow one fails.
fn run(command: &mut Command) -> Output {
    let started = Instant::now();
    let output = command.output().expect("the binary runs");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{command:?} took {:?}",
        started.elapsed()
    );
    output
}

#[test]
fn every_binary_answers_help_and_version_and_names_a_bad_variable() {
    for binary in BINARIES {
        let path = binaries::built(binary.name);
        let help = run(Command::new(&path).arg("--help"));
        let text = String::from_utf8_lossy(&help.stdout);
        assert!(help.status.success(), "{} --help: {help:?}", binary.name);
        let names: Vec<String> = documented(binary.readme, binary.name)
            .into_iter()
            .filter(|name| (binary.documents)(name))
            .collect();
        assert!(!names.is_empty(), "{} documents no variable", binary.name);
        for name in names {
            assert!(
                text.contains(&format!("[env: {name}")),
                "{} --help does not list {name}:\n{text}",
                binary.name
            );
        }

        let version = run(Command::new(&path).arg("--version"));
        let text = String::from_utf8_lossy(&version.stdout);
        assert!(version.status.success(), "{} --version", binary.name);
        assert_eq!(
            text.trim(),
            format!("{} {}", binary.name, env!("CARGO_PKG_VERSION"))
        );

        let (variable, value) = binary.bad;
        let refused = run(Command::new(&path).env(variable, value));
        let error = String::from_utf8_lossy(&refused.stderr);
        assert_eq!(
            refused.status.code(),
            Some(2),
            "{variable}={value}: {error}"
        );
        assert!(error.contains(variable), "{variable}={value}: {error}");
    }
}

#[test]
fn stand_ins_stop_cleanly_on_sigterm() {
    for (name, settings) in [
        ("payment", &[("PAYMENT_BIND", "127.0.0.1:0")][..]),
        ("agency", &[("AGENCY_BIND", "127.0.0.1:0")][..]),
        (
            "registry",
            &[
                ("REGISTRY_ADDR", "127.0.0.1:0"),
                ("REGISTRY_DATABASE", ":memory:"),
                ("REGISTRY_CITIZENS", "200"),
            ][..],
        ),
    ] {
        let mut child = Command::new(binaries::built(name))
            .envs(settings.iter().copied())
            .env("RUST_LOG", "info")
            .stderr(Stdio::piped())
            .spawn()
            .expect("the stand-in starts");
        // It is ready once it logs that it listens.
        let mut log = BufReader::new(child.stderr.take().expect("its log")).lines();
        let before_listening: Vec<String> = log
            .by_ref()
            .map_while(Result::ok)
            .take_while(|line| !line.contains("listening"))
            .collect();
        if name == "registry" {
            // Generating a population says what it is doing, table by table.
            let said = |words: &str| before_listening.iter().any(|line| line.contains(words));
            assert!(said("generating the population"), "{before_listening:?}");
            assert!(said("population built in memory"), "{before_listening:?}");
            assert!(
                said("table=\"people\"") || said("table=people"),
                "{before_listening:?}"
            );
        }
        std::thread::spawn(move || log.for_each(drop));

        let sent = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(sent.success());
        let deadline = Instant::now() + Duration::from_secs(5);
        let status = loop {
            if let Some(status) = child.try_wait().expect("the stand-in's status") {
                break status;
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                panic!("{name} did not stop within 5 s of SIGTERM");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        assert!(status.success(), "{name} stopped with {status}");
    }
}
