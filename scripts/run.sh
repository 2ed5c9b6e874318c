#!/usr/bin/env bash
# Sets up what is missing, builds, and runs the portal on http://localhost:3000 with SQLite in
# ./data, together with the registry (port 3101) and eID (port 3102) stand-ins. Configuration
# comes from the environment (see README).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
scripts/build-site.sh
cargo build --release -p local-stack
exec target/release/local-stack
