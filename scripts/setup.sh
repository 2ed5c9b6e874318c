#!/usr/bin/env bash
# Installs what the build (and, with --browser, the browser tests) needs, skipping anything
# already present, so a second run takes seconds. Everything comes from the package registries.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/as-root.sh

# rust-toolchain.toml pins the installed toolchain; the test command also needs its formatter,
# its linter and the WebAssembly target. Each is added only when missing, so that a machine that
# has them never asks the network.
installed=$(rustup component list --installed)
for component in rustfmt clippy; do
  grep -q "^$component-" <<<"$installed" || rustup component add "$component"
done
rustup target list --installed | grep -qx wasm32-unknown-unknown \
  || rustup target add wasm32-unknown-unknown

# The wasm-bindgen CLI must be exactly the version of the crate in Cargo.lock.
wanted=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
installed=$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)
if [ "$installed" != "$wanted" ]; then
  # Not --locked: one of the CLI's locked dependencies is not in the registry any more.
  cargo install wasm-bindgen-cli --version "$wanted"
fi

# wasm-opt (binaryen) and the other front-end tools are pinned in tools/package-lock.json.
if [ ! -x tools/node_modules/.bin/wasm-opt ] || [ tools/package-lock.json -nt tools/node_modules/.package-lock.json ]; then
  npm ci --prefix tools --no-audit --no-fund
fi

if [ "${1:-}" = "--browser" ] && ! { command -v chromium && command -v chromedriver; } >/dev/null; then
  apt_get update -qq
  apt_get install -y -qq chromium chromium-driver
fi
