#!/usr/bin/env bash
# Each SPA app's transfer size as served: its WASM + JS + CSS, brotli-compressed (the .br files
# scripts/build-spa.sh writes), with raw and gzip figures beside it. Fails only when an app is
# above its ceiling, 20 % over its budget (KB = 1024 bytes):
#   portal  budget 250 KB, ceiling 300 KB   (what every patient downloads)
#   staff   budget 450 KB, ceiling 540 KB
source "$(dirname "$0")/lib.sh"
dist="${1:-frontend/dist}"
status=0
printf '%-8s %12s %12s %12s %10s %10s\n' app "raw" "gzip" "brotli" budget ceiling
for entry in portal:250:300 staff:450:540; do
  IFS=: read -r app budget ceiling <<<"$entry"
  dir="$dist/$app"
  if [ ! -f "$dir/index.html" ]; then
    echo "spa-size: no $app app in $dir (run scripts/build-spa.sh)" >&2
    status=1
    continue
  fi
  raw=0 gz=0 br=0
  for f in "$dir"/*.wasm "$dir"/*.js "$dir"/*.css; do
    [ -f "$f" ] || continue
    [ -f "$f.br" ] && [ -f "$f.gz" ] || { echo "spa-size: $f has no .br/.gz copy (run scripts/build-spa.sh)" >&2; status=1; continue; }
    raw=$((raw + $(stat -c %s "$f")))
    gz=$((gz + $(stat -c %s "$f.gz")))
    br=$((br + $(stat -c %s "$f.br")))
  done
  kb() { awk -v b="$1" 'BEGIN { printf "%.1f KB", b / 1024 }'; }
  printf '%-8s %12s %12s %12s %10s %10s\n' "$app" "$(kb $raw)" "$(kb $gz)" "$(kb $br)" "$budget KB" "$ceiling KB"
  if [ "$br" -gt $((ceiling * 1024)) ]; then
    echo "spa-size: the $app app is $(kb $br) brotli, above its $ceiling KB ceiling" >&2
    status=1
  elif [ "$br" -gt $((budget * 1024)) ]; then
    echo "spa-size: warning: the $app app is $(kb $br) brotli, over its $budget KB budget (ceiling $ceiling KB)" >&2
  fi
done
exit $status
