#!/usr/bin/env bash
# The full soak: 500 citizens signed in at once, each notifying guests' stays over and over for
# ten minutes against the whole local stack, then every reference checked in the portal's
# database and the registry's access log. Not part of scripts/test.sh (which runs the 50-citizen,
# 20-second form of the same test). Size with SOAK_CITIZENS and SOAK_SECONDS.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -f target/site/portal.css ] || scripts/build-site.sh
SOAK_CITIZENS="${SOAK_CITIZENS:-500}" SOAK_SECONDS="${SOAK_SECONDS:-600}" \
    cargo test -p portal-tests --test soak -- --nocapture
