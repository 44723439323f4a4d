#!/usr/bin/env bash
# The server the browser tests run against: a fresh data folder, the demo practices, then
# `portico serve` on a fixed port. It builds nothing: scripts/test.sh builds the binary and the SPA.
set -euo pipefail
cd "$(dirname "$0")/.."

bin="${PORTICO_BIN:-target/debug/portico}"
[ -x "$bin" ] || { echo "e2e: no server binary at $bin (build it first: cargo build -p portico-server)" >&2; exit 1; }
for app in portal staff; do
  [ -f "frontend/dist/$app/index.html" ] || { echo "e2e: no $app app in frontend/dist/$app (build it first: scripts/build-spa.sh)" >&2; exit 1; }
done
: "${PORTICO_DEMO_PASSWORD:?set by e2e/playwright.config.ts}"

data="$(mktemp -d -t portico-e2e.XXXXXX)"
export PORTICO_DATA_DIR="$data"
"$bin" demo >/dev/null

# Not `exec`: this shell stays to delete the data folder once Playwright stops the server.
PORTICO_PORT="${PORTICO_E2E_PORT:-18080}" PORTICO_SPA_DIR="$PWD/frontend/dist" PORTICO_DEMO_MAILBOX=true "$bin" serve &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$data"' EXIT
wait "$server"
