#!/usr/bin/env bash
# Builds the two SPA apps with Trunk (offline: every tool must already be installed):
#   frontend/dist/portal/  the patient app, served at /          (landing, /register, /portal/…)
#   frontend/dist/staff/   the staff consoles, served at /staff/ (asset URLs start with /staff/)
# Each folder holds its index.html and hashed assets, plus .br and .gz copies of every asset the
# server negotiates by Accept-Encoding.
source "$(dirname "$0")/lib.sh"
rm -rf frontend/dist
for app in portal staff; do
  say "Building the $app app (WASM, release profile)"
  (cd "frontend/$app" && TRUNK_OFFLINE=true trunk build --release)
done
say "Precompressing (brotli, gzip)"
find frontend/dist -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.svg' -o -name '*.json' \) |
  while read -r f; do
    brotli -q 11 -f -k "$f"
    gzip -9 -f -k "$f"
  done
