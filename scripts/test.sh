#!/usr/bin/env bash
# Every check and test: formatting, clippy (host and WASM), unit and integration tests on SQLite
# and on PostgreSQL, the API checks (OpenAPI validator, a generated client, Schemathesis), then
# the Playwright journeys in Chromium against the built binary and SPA.
# Ends with one line: "portico: N passed, N failed".
source "$(dirname "$0")/lib.sh"
scripts/bootstrap.sh --test

log="$(mktemp)"
trap 'rm -f "$log"' EXIT

say "Formatting"
cargo fmt --all -- --check

say "Clippy (host crates)"
cargo clippy --workspace --exclude portico-kit --exclude portico-portal --exclude portico-staff --all-targets --locked -- -D warnings
say "Clippy (SPA: kit, portal and staff apps, wasm32)"
cargo clippy -p portico-kit -p portico-portal -p portico-staff --target wasm32-unknown-unknown --locked -- -D warnings

say "Unit and integration tests on SQLite"
cargo test --workspace --locked 2>&1 | tee -a "$log"

# The same selection as above, so nothing is rebuilt: only the database changes.
say "Unit and integration tests on PostgreSQL ($(postgres_url | sed 's#//[^@]*@#//#'))"
PORTICO_TEST_DATABASE_URL="$(postgres_url)" cargo test --workspace --locked 2>&1 | tee -a "$log"

# The API as integrators meet it: the validator, a generated client and Schemathesis, against the
# binary `cargo test` built.
scripts/api-check.sh 2>&1 | tee -a "$log"

scripts/build-spa.sh
scripts/spa-size.sh

# target/debug/portico was built by `cargo test` above (cargo builds a package's binaries for
# its integration tests); a separate `cargo build` would resolve features differently and rebuild.
say "Browser tests (Playwright, Chromium)"
PORTICO_BIN="$ROOT/target/debug/portico" npx playwright test -c e2e/playwright.config.ts --reporter=list 2>&1 | tee -a "$log"

sum() { grep -oE "$1" "$log" | grep -oE '[0-9]+' | awk '{ s += $1 } END { print s + 0 }'; }
passed=$(sum '(test result: ok\. |^ *|^api: )[0-9]+ passed')
failed=$(sum '[0-9]+ failed')
echo
echo "portico: ${passed:-0} passed, ${failed:-0} failed"
[ "${failed:-0}" = 0 ]
