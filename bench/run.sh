#!/usr/bin/env bash
# Load benchmark: gunicorn on a fresh SQLite database holding seed/, driven by wrk from
# this machine. Speeds are reported as ratios to /healthz measured in the same run, so
# results from different machines compare; absolute numbers are for this machine only.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
[ -x .venv/bin/gunicorn ] || make .venv/bin/.runtime >/dev/null

DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-16}"
PORT="${BENCH_PORT:-8799}"
WORK="$(mktemp -d)"
trap 'kill "$(cat "$WORK/pid" 2>/dev/null)" 2>/dev/null || true; rm -rf "$WORK"' EXIT

export FLASK_APP=wsgi DATABASE_URL="sqlite:///$WORK/bench.db" RATE_LIMIT=off
.venv/bin/flask db upgrade >/dev/null 2>&1
.venv/bin/flask seed load >/dev/null
PORT="$PORT" .venv/bin/gunicorn -c gunicorn.conf.py --access-logfile /dev/null -p "$WORK/pid" -D wsgi:app
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.2; done

paths=(
  "/healthz"
  "/api/v1/jurisdictions/US-TX"
  "/api/v1/jurisdictions/TH/history"
  "/api/v1/jurisdictions?q=new"
  "/api/v1/jurisdictions?level=country&per_page=500"
  "/jurisdictions/US-TX"
  "/"
  ${EXTRA_PATHS:-}
)
echo "| path | requests/s | ratio to /healthz | p99 latency |"
echo "| --- | --- | --- | --- |"
base=""
for path in "${paths[@]}"; do
  out="$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "http://127.0.0.1:$PORT$path")"
  rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
  p99="$(awk '$1 == "99%" {print $2}' <<<"$out")"
  base="${base:-$rps}"
  ratio="$(awk -v a="$rps" -v b="$base" 'BEGIN {printf "%.2f", a / b}')"
  echo "| \`$path\` | $rps | $ratio | $p99 |"
done
