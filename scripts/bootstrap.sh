#!/usr/bin/env bash
# Installs what building and testing Portico needs, idempotently: skips whatever is present.
#   scripts/bootstrap.sh          the SPA toolchain (wasm target, Trunk, wasm-bindgen, npm packages, brotli)
#   scripts/bootstrap.sh --test   also Chromium and a running PostgreSQL for the test suites
source "$(dirname "$0")/lib.sh"

want_test=""
[ "${1:-}" = "--test" ] && want_test=1

if ! command -v cargo >/dev/null; then
  echo "Rust is not installed: install rustup (https://rustup.rs) and run this again." >&2
  exit 1
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "Adding the wasm32 target"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q '0.21.14'; then
  say "Installing Trunk 0.21.14 (a few minutes, once)"
  cargo install trunk --version 0.21.14 --locked
fi

wbg="$(wasm_bindgen_version)"
if ! wasm-bindgen --version 2>/dev/null | grep -q " $wbg\$"; then
  say "Installing wasm-bindgen-cli $wbg (must match Cargo.lock)"
  cargo install wasm-bindgen-cli --version "$wbg" --locked || cargo install wasm-bindgen-cli --version "$wbg"
fi

if [ ! -x node_modules/.bin/wasm-opt ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  if ! command -v npm >/dev/null; then
    say "Installing Node.js and npm"
    apt_install nodejs npm
  fi
  say "Installing npm packages (wasm-opt, Playwright, axe)"
  npm ci --no-audit --no-fund --loglevel=error
fi

# scripts/build-spa.sh writes a .br copy of every asset beside its .gz (gzip is always there).
if ! command -v brotli >/dev/null; then
  say "Installing brotli (precompressed SPA assets)"
  apt_install brotli
fi

# Cargo runs offline inside Trunk: fetch every crate first.
cargo fetch --locked >/dev/null 2>&1 || cargo fetch

if [ -n "$want_test" ]; then
  if [ ! -x /usr/bin/chromium ]; then
    say "Installing Chromium for the browser tests"
    apt_install chromium fonts-dejavu-core fonts-liberation
  fi
  # A real SMTP server for the email transport's test.
  if ! python3 -c 'import aiosmtpd' 2>/dev/null; then
    say "Installing aiosmtpd (local SMTP server for the tests)"
    python3 -m pip install --quiet aiosmtpd 2>/dev/null || apt_install python3-aiosmtpd
  fi
  # The integrator's tools (validator, client generator, Schemathesis), pinned, in their own
  # virtualenv so they never touch the machine's Python.
  venv="$ROOT/target/api-tools"
  if [ ! -x "$venv/bin/schemathesis" ] || [ scripts/api/requirements.txt -nt "$venv/.installed" ]; then
    say "Installing the API tools into target/api-tools (openapi-spec-validator, openapi-python-client, Schemathesis)"
    python3 -m venv "$venv" 2>/dev/null || { apt_install python3-venv && python3 -m venv "$venv"; }
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r scripts/api/requirements.txt
    touch "$venv/.installed"
  fi
  # moto's S3 server: a real S3-compatible endpoint for the file store's S3 test, pinned, in a
  # virtualenv of its own.
  s3venv="$ROOT/target/s3-tools"
  if [ ! -x "$s3venv/bin/moto_server" ] || [ scripts/s3-requirements.txt -nt "$s3venv/.installed" ]; then
    say "Installing moto (S3-compatible server for the tests) into target/s3-tools"
    python3 -m venv "$s3venv" 2>/dev/null || { apt_install python3-venv && python3 -m venv "$s3venv"; }
    "$s3venv/bin/pip" install --quiet --disable-pip-version-check -r scripts/s3-requirements.txt
    touch "$s3venv/.installed"
  fi
  if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    if ! command -v pg_ctlcluster >/dev/null; then
      say "Installing PostgreSQL for the integration tests"
      apt_install postgresql
    fi
    say "Starting PostgreSQL"
    for v in /etc/postgresql/*; do as_root pg_ctlcluster --skip-systemctl-redirect "$(basename "$v")" main start || true; done
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  fi
  # The tests connect as `postgres` over TCP; a fresh Debian install asks for a password there.
  if [ -z "${PORTICO_TEST_DATABASE_URL:-}" ] && ! psql "$(postgres_url)" -Atc 'select 1' >/dev/null 2>&1; then
    as_root su postgres -c "psql -qc \"ALTER USER postgres PASSWORD 'postgres'\"" >/dev/null
  fi
fi
