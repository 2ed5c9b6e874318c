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
# The crates that use the portal's database run again with every test on a PostgreSQL database of
# its own (the other crates never touch it). PORTAL_TEST_DATABASES=sqlite skips this while iterating.
if [[ " ${PORTAL_TEST_DATABASES:-sqlite postgres} " == *" postgres "* ]]; then
  stage "PostgreSQL set-up"
  PORTAL_TEST_POSTGRES=$(scripts/postgres.sh)
  export PORTAL_TEST_POSTGRES
  stage "tests on PostgreSQL"
  cargo test -p server -p local-stack -p portal-tests
fi
stage "done"
