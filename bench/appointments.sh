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

# shellcheck source=../scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib/common.sh"
# shellcheck source=../scripts/lib/deps.sh
source "$REPO_ROOT/scripts/lib/deps.sh"
# shellcheck source=../scripts/lib/services.sh
source "$REPO_ROOT/scripts/lib/services.sh"

readonly STAFF="${1:-40}"
readonly PER_STAFF="${2:-20}"
readonly PG_OPTIONS="${BENCH_PG_OPTIONS:-shared_buffers=512MB work_mem=16MB maintenance_work_mem=256MB}"

WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/yimei-appointments-bench.XXXXXX")"
readonly WORK_DIR
cleanup() {
    redis_stop "$WORK_DIR"
    pg_stop "$WORK_DIR"
    rm -rf "$WORK_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

ensure_system_packages postgresql-15 redis-server
ensure_venv
pg_start "$WORK_DIR"
setting=""
for setting in $PG_OPTIONS; do
    "$PG_BIN/psql" --host=127.0.0.1 --port="$PG_PORT" --username=postgres --quiet --dbname=yimei \
        --command="ALTER SYSTEM SET ${setting%%=*} = '${setting#*=}'"
done
_as_pg_owner "$PG_BIN/pg_ctl" --pgdata="$WORK_DIR/postgres/data" --mode=fast --wait --silent restart \
    --log="$WORK_DIR/postgres/server.log"
redis_start "$WORK_DIR"

# Production settings (keys from the environment, no debug, no demo mode), files in WORK_DIR.
random_key() {
    "$VENV_BIN/python" -c 'import secrets; print(secrets.token_urlsafe(48))'
}
unset YIMEI_DEBUG YIMEI_DEMO
export YIMEI_REDIS_URL="$REDIS_URL" YIMEI_ALLOWED_HOSTS=127.0.0.1 YIMEI_VAR_DIR="$WORK_DIR/var" \
    BENCH_GUNICORN_LOG="$WORK_DIR/gunicorn.log"
YIMEI_SECRET_KEY="$(random_key)"
YIMEI_DATA_KEY="$(random_key)"
export YIMEI_SECRET_KEY YIMEI_DATA_KEY

log "Appointment benchmark: $STAFF staff × $PER_STAFF bookings a day"
"$VENV_BIN/python" "$REPO_ROOT/bench/appointments_bench.py" \
    --database "postgres://postgres@127.0.0.1:$PG_PORT/yimei" --staff "$STAFF" --per-staff "$PER_STAFF" \
    --requests "${BENCH_REQUESTS:-200}"
