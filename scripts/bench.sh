#!/usr/bin/env bash
# Performance figures as Markdown tables, ready for the README: load on the portal beside the
# ceiling of a bare axum handler, page weight as served against budgets, Lighthouse scores for
# three pages, and registry lookups at 100,000 citizens (`--scale` adds 1,000,000, about a minute
# more). See tests/BENCHMARKS.md.
#
#   scripts/bench.sh [--scale] [--seconds S]
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh --browser
# Lighthouse is large and only the benchmark needs it, so it has a folder of its own.
if [ ! -x tools/lighthouse/node_modules/.bin/lighthouse ] \
  || [ tools/lighthouse/package-lock.json -nt tools/lighthouse/node_modules/.package-lock.json ]; then
  npm ci --prefix tools/lighthouse --no-audit --no-fund
fi
# Page weight is measured on what the sources build to now.
scripts/build-site.sh
# Release: debug-build figures say nothing about production.
cargo build --release -p portal-tests --bin bench
exec target/release/bench "$@"
