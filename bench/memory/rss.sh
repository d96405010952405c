#!/usr/bin/env bash
# RSS of `npm start` (embedded shape, default rate) sampled every 30 s for DURATION seconds.
# Usage: bash bench/memory/rss.sh [duration-seconds=600] > rss.tsv
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-600}
DATA=$(mktemp -d)
PORT=${PORT:-18090}
BOURSE_DATA_DIR=$DATA PORT=$PORT LOG_LEVEL=warn node --import tsx apps/cli/src/main.ts start > /dev/null 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -rf "$DATA"' EXIT
for _ in $(seq 1 120); do curl -sf localhost:$PORT/health > /dev/null && break; sleep 0.5; done
printf 'seconds\trss_mb\tticks\n'
for ((t = 0; t <= DURATION; t += 30)); do
  sleep $([ $t -eq 0 ] && echo 5 || echo 30)
  rss=$(awk '/VmRSS/ {printf "%.1f", $2/1024}' /proc/$PID/status)
  ticks=$(curl -s localhost:$PORT/api/v1/feed/status | sed -E 's/.*"ticks":([0-9]+).*/\1/' || echo '?')
  printf '%s\t%s\t%s\n' "$t" "$rss" "$ticks"
done
