#!/usr/bin/env bash
# Sets up what is missing, then runs the whole suite: formatting, lints, unit and integration
# tests over real HTTP and SQLite, and the browser tests in headless Chromium (JavaScript on and
# off). Everything is built once: the test build is shared by every stage after it.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh --browser
scripts/build-site.sh

cargo fmt --all --check
# The frontend is WebAssembly-only: linting it for the host would mix the server's and the
# browser's Leptos features, so it is linted for its own target.
cargo clippy --workspace --exclude frontend --all-targets -- -D warnings
cargo clippy -p frontend --target wasm32-unknown-unknown --profile wasm-release -- -D warnings
cargo test --workspace --exclude frontend
