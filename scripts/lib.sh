# Shared helpers for Portico's scripts. Sourced, not run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"

say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

# Runs a command as root (directly, or through sudo when we are not root).
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

APT_UPDATED=""
apt_install() {
  if [ -z "$APT_UPDATED" ]; then as_root apt-get update -qq; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

# The wasm-bindgen version the lock file pins: the CLI must match it exactly (Trunk checks).
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

# The PostgreSQL server the integration tests use (a database per test is created and dropped):
# $PORTICO_TEST_DATABASE_URL, else the local server as `postgres` (trust auth, or the password
# `postgres` that bootstrap sets on a stock Debian install).
postgres_url() {
  if [ -n "${PORTICO_TEST_DATABASE_URL:-}" ]; then echo "$PORTICO_TEST_DATABASE_URL"; return; fi
  local trust="postgres://postgres@127.0.0.1:5432/postgres"
  if psql "$trust" -Atc 'select 1' >/dev/null 2>&1; then echo "$trust"; else echo "postgres://postgres:postgres@127.0.0.1:5432/postgres"; fi
}
