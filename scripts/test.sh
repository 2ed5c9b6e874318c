#!/usr/bin/env bash
# Sets up what is missing, then runs the whole suite: formatting, lints, unit and integration
# tests over real HTTP on SQLite and again on PostgreSQL, and the browser tests in headless
# Chromium (JavaScript on and off). Each stage prints when it starts, so a slow stage shows in the
# log.
set -euo pipefail
cd "$(dirname "$0")/.."

stage() { echo "== $1 (at ${SECONDS}s)"; }

stage "set-up"
scripts/setup.sh --browser
stage "site build"
scripts/build-site.sh

stage "formatting"
cargo fmt --all --check
stage "lints"
# The server's modules stay short and import each other in one direction only.
python3 scripts/check-layout.py
# The frontend is WebAssembly-only: linting it for the host would mix the server's and the
# browser's Leptos features, so it is linted for its own target.
cargo clippy --workspace --exclude frontend --all-targets -- -D warnings
cargo clippy -p frontend --target wasm32-unknown-unknown --profile wasm-release -- -D warnings
stage "fuzzing"
# Every fuzz target runs briefly from its committed seeds (which include every input that once
# found a bug); `FUZZ_SECONDS=300 scripts/fuzz.sh` fuzzes for longer.
cargo fmt --manifest-path fuzz/Cargo.toml --check
CARGO_TARGET_DIR=target/fuzz cargo clippy --manifest-path fuzz/Cargo.toml --all-targets -- -D warnings
FUZZ_SECONDS="${FUZZ_SECONDS:-10}" scripts/fuzz.sh
stage "tests on SQLite"
cargo test --workspace --exclude frontend
# The suites where the database engine decides the outcome run again on PostgreSQL, each test on a
# database of its own: the server's own tests, and the portal's tests of its HTTP behaviour, sign-in
# security, concurrency, crash safety, instances sharing one database, payment integrity,
# retention, hostile input and authorisation, and TLS (there, to a PostgreSQL server that requires it).
# The browser journeys are not repeated: they reach the store through the same calls these suites
# already make on both engines, and they are the slow half of the suite (run slow suites once).
# PORTAL_TEST_DATABASES=sqlite skips this while iterating.
if [[ " ${PORTAL_TEST_DATABASES:-sqlite postgres} " == *" postgres "* ]]; then
  stage "PostgreSQL set-up"
  # The server this run starts is stopped however the run ends; one that was already running
  # (someone's own, reused) is left alone. The trap keeps the run's exit status.
  if ! scripts/postgres.sh running; then
    stop_postgres() {
      local status=$?
      scripts/postgres.sh stop || echo "could not stop the test PostgreSQL server" >&2
      exit "$status"
    }
    trap stop_postgres EXIT
  fi
  PORTAL_TEST_POSTGRES=$(scripts/postgres.sh)
  PORTAL_TEST_POSTGRES_CA=$(scripts/postgres.sh ca)
  export PORTAL_TEST_POSTGRES PORTAL_TEST_POSTGRES_CA
  stage "tests on PostgreSQL"
  cargo test -p server -p local-stack
  cargo test -p portal-tests --test authorisation --test bad_input --test crash_safety \
    --test double_submission --test integrity --test registry_faults --test server_http \
    --test shared_database --test sign_in_security --test tls
fi
stage "done"
