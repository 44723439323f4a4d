#!/usr/bin/env bash
# `just bench`: measures, in one run on this machine, requests/s and p99 latency of
#   - a bare actix-web JSON endpoint (the baseline, crates/portico-bench),
#   - Portico's GET /api/v1/health (all middleware: request ids, headers, problem+json),
#   - Portico's authenticated GET /api/v1/staff/patients?q=… on the demo data (JWT, session
#     lookup, search query, audit insert),
#   - the portal's GET /api/v1/portal/patients/{id}/home as a demo guardian (JWT, session and
#     grant lookup, the visibility matrix, branding, audit insert),
#   - the portal's thread list (GET /api/v1/portal/patients/{id}/threads) and the staff inbox
#     (GET /api/v1/staff/threads) with 10,000 messages in the practice (100 threads of 100),
#   - Patient Responsibility (GET /api/v1/staff/patient-responsibility: one grouped SUM over the
#     practice's ledger) and a portal ledger as the demo guarantor, with 20 more charges on each of
#     the first 100 patients (the demo's 50: 1,000 charges),
# and prints each as a ratio to the baseline. Then a sign-in flood: anonymous wrong-password
# sign-ins from ever-changing client addresses, with the server's RSS before, during (peak) and
# after, and the share of normal reads (the patient search) still served while it runs. Release builds; SQLite in a temp folder, or
# PostgreSQL with BENCH_DATABASE_URL=postgres://user@host/any (a throwaway database is created
# on that server and dropped afterwards).
source "$(dirname "$0")/lib.sh"
seconds="${BENCH_SECONDS:-10}"
connections="${BENCH_CONNECTIONS:-32}"
command -v wrk >/dev/null || { say "Installing wrk"; apt_install wrk; }

say "Building release binaries"
cargo build --release --locked -p portico-server -p portico-bench

data="$(mktemp -d)"
pids=()
bench_db=""
backend="SQLite"
if [ -n "${BENCH_DATABASE_URL:-}" ]; then
  backend="PostgreSQL"
  bench_db="portico_bench_$(date +%s)"
  psql "$BENCH_DATABASE_URL" -qc "CREATE DATABASE $bench_db" >/dev/null
  export DATABASE_URL="${BENCH_DATABASE_URL%/*}/$bench_db"
fi
cleanup() {
  kill "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
  rm -rf "$data"
  [ -z "$bench_db" ] || psql "$BENCH_DATABASE_URL" -qc "DROP DATABASE IF EXISTS $bench_db WITH (FORCE)" >/dev/null
}
trap cleanup EXIT
password="bench-password-$(date +%s)"
demo_report="$(PORTICO_DATA_DIR="$data" PORTICO_DEMO_PASSWORD="$password" target/release/portico demo)"
# The first demo guardian's portal account (the report lists "email  name, guardian of …"), and
# the guarantor's, who may read a ledger.
guardian="$(awk '/guardian of/ && /riverside-pt/ { print $1; exit }' <<<"$demo_report")"
guarantor="$(awk '/guarantor for/ && /riverside-pt/ { print $1; exit }' <<<"$demo_report")"
PORTICO_DATA_DIR="$data" PORTICO_PORT=18181 PORTICO_LOG=warn PORTICO_TRUSTED_PROXIES=127.0.0.1 PORTICO_SPA_DIR="$data/none" target/release/portico serve &
pids+=($!)
BENCH_BASELINE_PORT=18182 target/release/bench-baseline &
pids+=($!)
for port in 18181 18182; do
  for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$port/api/v1/health" >/dev/null && break; sleep 0.2; done
done
token="$(curl -fs -X POST http://127.0.0.1:18181/api/v1/staff/auth/login -H 'content-type: application/json' \
  -d "{\"email\":\"admin@riverside.example\",\"password\":\"$password\"}" | sed -E 's/.*"access_token":"([^"]+)".*/\1/')"

portal_token="$(curl -fs -X POST http://127.0.0.1:18181/api/v1/portal/auth/login -H 'content-type: application/json' \
  -d "{\"practice\":\"riverside-pt\",\"email\":\"$guardian\",\"password\":\"$password\"}" |
  sed -E 's/.*"access_token":"([^"]+)".*/\1/')"
patient="$(curl -fs http://127.0.0.1:18181/api/v1/portal/me -H "Authorization: Bearer $portal_token" |
  sed -E 's/.*"patient_id":"([^"]+)".*/\1/')"

# 10,000 messages for the messaging lists: 100 threads to the guardian's patient (the guardian
# takes part in each), then 99 replies in each, four at a time.
say "Seeding 10,000 messages (100 threads of 100)"
threads_file="$data/threads"
for i in $(seq 1 100); do
  thread="$(curl -fs -X POST "http://127.0.0.1:18181/api/v1/staff/patients/$patient/threads" -H "Authorization: Bearer $token" \
    -H 'content-type: application/json' -d "{\"subject\":\"Bench thread $i\",\"body\":\"Message 1 of thread $i\"}" |
    sed -E 's/^\{"id":"([^"]+)".*/\1/')"
  echo "$thread" >>"$threads_file"
done
codes="$(awk '{ for (n = 2; n <= 100; n++) print $1 }' "$threads_file" |
  xargs -P 4 -I@ curl -s -o /dev/null -w '%{http_code}\n' -X POST "http://127.0.0.1:18181/api/v1/staff/threads/@/messages" \
    -H "Authorization: Bearer $token" -H 'content-type: application/json' -d '{"body":"A reply from the bench."}' |
  sort | uniq -c)"
echo "replies by status: $(tr -s ' \n' ' ' <<<"$codes")"

# Charges for the ledger reads: 20 on each of the first 100 patients, four at a time.
say "Posting 20 charges on each of the first 100 patients"
curl -fs "http://127.0.0.1:18181/api/v1/staff/patients?limit=100" -H "Authorization: Bearer $token" |
  python3 -c 'import json, sys; print("\n".join(p["id"] for p in json.load(sys.stdin)["items"]))' >"$data/patients"
codes="$(awk '{ for (n = 1; n <= 20; n++) print $1 }' "$data/patients" |
  xargs -P 4 -I@ curl -s -o /dev/null -w '%{http_code}\n' -X POST "http://127.0.0.1:18181/api/v1/staff/patients/@/charges" \
    -H "Authorization: Bearer $token" -H 'content-type: application/json' \
    -d '{"date_of_service":"2026-11-02","description":"Therapeutic exercise, 15 min","procedure_code":"97110","amount":4500}' |
  sort | uniq -c)"
echo "charges by status: $(tr -s ' \n' ' ' <<<"$codes")"
payer_token="$(curl -fs -X POST http://127.0.0.1:18181/api/v1/portal/auth/login -H 'content-type: application/json' \
  -d "{\"practice\":\"riverside-pt\",\"email\":\"$guarantor\",\"password\":\"$password\"}" |
  sed -E 's/.*"access_token":"([^"]+)".*/\1/')"
payer_patient="$(curl -fs http://127.0.0.1:18181/api/v1/portal/me -H "Authorization: Bearer $payer_token" |
  sed -E 's/.*"patient_id":"([^"]+)".*/\1/')"

# wrk prints "Requests/sec: N" and, with --latency, a " 99%  1.23ms" line.
run() { # name url [header]
  local out
  out="$(wrk -t1 -c"$connections" -d"${seconds}s" --latency ${3:+-H "$3"} "$2")"
  local rps p99
  rps="$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")"
  p99="$(awk '$1 == "99%" { print $2 }' <<<"$out")"
  local non2xx
  non2xx="$(awk '/Non-2xx/ { print $NF }' <<<"$out")"
  [ -n "$non2xx" ] && echo "warning: $1 had $non2xx non-2xx responses" >&2
  echo "$1 $rps $p99"
}
to_ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) print v/1000; else if (v ~ /ms$/) print v+0; else if (v ~ /s$/) print v*1000; else print v }'; }

say "Measuring on $backend: ${seconds}s each, $connections connections, 1 wrk thread ($(nproc) cores shared by server and load)"
results=(
  "$(run baseline http://127.0.0.1:18182/api/v1/health)"
  "$(run health http://127.0.0.1:18181/api/v1/health)"
  "$(run patient_search 'http://127.0.0.1:18181/api/v1/staff/patients?q=mar' "Authorization: Bearer $token")"
  "$(run portal_home "http://127.0.0.1:18181/api/v1/portal/patients/$patient/home" "Authorization: Bearer $portal_token")"
  "$(run portal_threads "http://127.0.0.1:18181/api/v1/portal/patients/$patient/threads" "Authorization: Bearer $portal_token")"
  "$(run staff_inbox http://127.0.0.1:18181/api/v1/staff/threads "Authorization: Bearer $token")"
  "$(run balances http://127.0.0.1:18181/api/v1/staff/patient-responsibility "Authorization: Bearer $token")"
  "$(run portal_ledger "http://127.0.0.1:18181/api/v1/portal/patients/$payer_patient/ledger" "Authorization: Bearer $payer_token")"
)
read -r _ base_rps base_p99 <<<"${results[0]}"
base_p99_ms="$(to_ms "$base_p99")"
printf '\n%-40s %12s %10s %12s %10s\n' "endpoint" "req/s" "x base" "p99 (ms)" "x base"
for r in "${results[@]}"; do
  read -r name rps p99 <<<"$r"
  ms="$(to_ms "$p99")"
  case "$name" in
    baseline) label="baseline: bare actix-web JSON" ;;
    health) label="GET /api/v1/health" ;;
    patient_search) label="GET /api/v1/staff/patients?q=mar (auth)" ;;
    portal_home) label="GET /api/v1/portal/patients/{id}/home" ;;
    portal_threads) label="GET …/patients/{id}/threads (10k msgs)" ;;
    staff_inbox) label="GET /api/v1/staff/threads (10k msgs)" ;;
    balances) label="GET …/patient-responsibility (1k+ entries)" ;;
    portal_ledger) label="GET …/patients/{id}/ledger (guarantor)" ;;
  esac
  awk -v l="$label" -v r="$rps" -v br="$base_rps" -v m="$ms" -v bm="$base_p99_ms" \
    'BEGIN { printf "%-40s %12.0f %10.3f %12.2f %10.2f\n", l, r, r/br, m, m/bm }'
done

# The sign-in flood (security review, items 4-5): the hasher is bounded, so memory stays flat and
# beyond a short queue sign-ins get 503 while reads keep being served.
server_pid="${pids[0]}"
rss_mib() { awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$server_pid/status"; }
read -r _ quiet_rps _ <<<"${results[2]}"
rss_before="$(rss_mib)"
peak_file="$data/rss-peak"
echo "$rss_before" >"$peak_file"
( while kill -0 "$server_pid" 2>/dev/null; do
    now="$(rss_mib)"; awk -v n="$now" -v p="$(cat "$peak_file")" 'BEGIN { exit !(n > p) }' && echo "$now" >"$peak_file"
    sleep 0.2
  done ) &
sampler=$!
say "Sign-in flood: 64 connections of wrong-password sign-ins for ${seconds}s, patient search alongside"
flood_out="$(mktemp)"
wrk -t1 -c64 -d"${seconds}s" -s scripts/bench/sign-in-flood.lua http://127.0.0.1:18181/ >"$flood_out" &
flood=$!
read -r _ busy_rps _ <<<"$(run patient_search_during_flood 'http://127.0.0.1:18181/api/v1/staff/patients?q=mar' "Authorization: Bearer $token")"
wait "$flood"
sleep 2
kill "$sampler" 2>/dev/null || true
rss_after="$(rss_mib)"
flood_rps="$(awk '/^Requests\/sec:/ { print $2 }' "$flood_out")"
statuses="$(grep '^flood-statuses' "$flood_out" | cut -d' ' -f2-)"
printf '\n%-40s %s\n' "sign-ins answered" "$flood_rps/s ($statuses)"
printf '%-40s %s MiB before, %s MiB peak, %s MiB after\n' "server RSS" "$rss_before" "$(cat "$peak_file")" "$rss_after"
awk -v b="$busy_rps" -v q="$quiet_rps" 'BEGIN { printf "%-40s %.0f req/s, %.1f%% of %.0f quiet\n", "patient search during the flood", b, 100*b/q, q }'

# The SPA's transfer sizes, when it is built (scripts/build-spa.sh).
if [ -d frontend/dist/portal ] || [ -d frontend/dist/staff ]; then
  say "SPA transfer sizes (WASM + JS + CSS as served)"
  scripts/spa-size.sh || true
fi
