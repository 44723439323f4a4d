#!/usr/bin/env bash
# One command from a fresh clone to the demo in a browser: installs the toolchain pieces that are
# missing, builds the SPA and the server, seeds the demo practices into ./data (SQLite), and
# serves on http://localhost:${PORTICO_PORT:-8080}.
source "$(dirname "$0")/lib.sh"
scripts/bootstrap.sh
scripts/build-spa.sh
say "Building the server (release)"
cargo build --release -p portico-server
export PORTICO_DATA_DIR="${PORTICO_DATA_DIR:-$ROOT/data}"
export PORTICO_SPA_DIR="${PORTICO_SPA_DIR:-$ROOT/frontend/dist}"
# The demo has no mail server: the delivery log may show the messages filed to disk.
export PORTICO_DEMO_MAILBOX="${PORTICO_DEMO_MAILBOX:-true}"
say "Seeding the demo practices"
target/release/portico demo
port="${PORTICO_PORT:-8080}"
say "Portico is at http://localhost:$port  (staff: http://localhost:$port/staff/sign-in, API docs: http://localhost:$port/api/docs/)"
exec target/release/portico serve
