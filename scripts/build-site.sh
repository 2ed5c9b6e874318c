#!/usr/bin/env bash
# Builds what browsers download into target/site: the WebAssembly package of the islands
# (size-optimised profile, then wasm-opt), the stylesheet and the public files. The server hashes
# and compresses them when it starts.
set -euo pipefail
cd "$(dirname "$0")/.."
site=target/site
mkdir -p "$site/pkg"

cargo build -p frontend --target wasm32-unknown-unknown --profile wasm-release
wasm-bindgen --target web --no-typescript --out-dir "$site/pkg" --out-name portal \
  target/wasm32-unknown-unknown/wasm-release/frontend.wasm
tools/node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals --enable-reference-types \
  "$site/pkg/portal_bg.wasm" -o "$site/pkg/portal_bg.wasm"

# The stylesheet is the files of style/ in name order.
cat style/*.css > "$site/portal.css"
rm -rf "$site/public"
cp -r public "$site/public"
