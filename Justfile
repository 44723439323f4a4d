# Every task a developer runs. `just --list` shows them; the scripts they call work without just.

# Serve the demo on SQLite: installs what is missing, builds, seeds ./data, serves :8080.
demo:
    scripts/demo.sh

# Every check and test: fmt, clippy, unit + integration (SQLite and PostgreSQL), Playwright.
test:
    scripts/test.sh

# Install the toolchain pieces (wasm target, Trunk, wasm-bindgen, npm packages); --test adds Chromium and PostgreSQL.
setup *args:
    scripts/bootstrap.sh {{args}}

# Serve with the current build (no seeding), e.g. during development.
serve:
    cargo run -p portico-server -- serve

# Build both SPA apps into frontend/dist/{portal,staff} (hashed, precompressed).
spa:
    scripts/build-spa.sh

# Each SPA app's transfer size (WASM + JS + CSS, brotli) against its budget.
spa-size:
    scripts/spa-size.sh

# Integration tests on SQLite only (quick loop).
test-sqlite:
    cargo test -p portico-server

# Integration tests on PostgreSQL only.
test-pg:
    bash -c 'source scripts/lib.sh && PORTICO_TEST_DATABASE_URL="$(postgres_url)" cargo test -p portico-server --test api'

# Browser tests against the debug build (build the SPA and server first).
e2e:
    cargo build -p portico-server && npx playwright test -c e2e/playwright.config.ts

# Regenerate openapi/openapi.json from the code (a test fails while it is stale).
openapi:
    cargo run -q -p portico-server -- openapi --output openapi/openapi.json

# Requests/s and p99 of Portico's endpoints against a bare actix-web baseline, in one run.
bench:
    scripts/bench.sh

# Format and lint both targets.
lint:
    cargo fmt --all
    cargo clippy --workspace --exclude portico-kit --exclude portico-portal --exclude portico-staff --all-targets -- -D warnings
    cargo clippy -p portico-kit -p portico-portal -p portico-staff --target wasm32-unknown-unknown -- -D warnings
