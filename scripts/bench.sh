#!/usr/bin/env bash
# Performance figures as Markdown tables, ready for the README: load on the portal beside the
# ceiling of a bare axum handler, page weight as served against budgets, and registry lookups at
# 100,000 citizens (`--scale` adds 1,000,000, about a minute more). See tests/BENCHMARKS.md.
#
#   scripts/bench.sh [--scale] [--seconds S]
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
# Page weight is measured on what the sources build to now.
scripts/build-site.sh
# Release: debug-build figures say nothing about production.
cargo build --release -p portal-tests --bin bench
exec target/release/bench "$@"
