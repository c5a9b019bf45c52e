#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# The appointment benchmark on throwaway PostgreSQL 15 and Redis servers: 20,000 customers, 40 staff with 20
# bookings a day each for 90 days back and 30 ahead, served by gunicorn (2 sync workers); measures the calendar's
# day view (40 staff × 20 bookings, target p95 ≤ 80 ms) and booking two lines (target p95 ≤ 100 ms) through the
# HTTP API (bench/appointments_bench.py). Result: bench/results/appointments-40x20.txt.
#
#   bench/appointments.sh                 40 staff × 20 bookings a day (about 5 minutes on 2 cores)
#   bench/appointments.sh 60 20           other sizes: staff, bookings per staff member and day
#
# Environment: BENCH_PG_OPTIONS (server settings; default shared_buffers=512MB work_mem=16MB),
# BENCH_REQUESTS (200). Exits non-zero when a target is missed.
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

readonly STAFF="${1:-40}"
readonly PER_STAFF="${2:-20}"
readonly PG_OPTIONS="${BENCH_PG_OPTIONS:-shared_buffers=512MB work_mem=16MB maintenance_work_mem=256MB}"

bench_servers appointments "$PG_OPTIONS"

log "Appointment benchmark: $STAFF staff × $PER_STAFF bookings a day"
"$VENV_BIN/python" "$REPO_ROOT/bench/appointments_bench.py" \
    --database "postgres://postgres@127.0.0.1:$PG_PORT/yimei" --staff "$STAFF" --per-staff "$PER_STAFF" \
    --requests "${BENCH_REQUESTS:-200}"
