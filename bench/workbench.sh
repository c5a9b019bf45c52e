#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# The workbench benchmark on throwaway PostgreSQL 15 and Redis servers: generates the customers and their sales
# history (as bench/sales.sh does), adds a busy department's bookings and follow-ups on the compared days, serves
# the database with gunicorn (2 sync workers) and times GET /api/v1/workbench/ of the head of department (target
# p95 <= 100 ms), a receptionist, a consultant, a doctor and a cashier (bench/workbench_bench.py). Result:
# bench/results/workbench-<size>.txt.
#
#   bench/workbench.sh                   1,000,000 customers, 5,000,000 lines (about an hour on 2 cores)
#   bench/workbench.sh 20000 100000      other sizes: customers, lines
#
# A database prepared before (the sales benchmark's, say) is measured as it is:
#   .venv/bin/python bench/workbench_bench.py --database postgres://postgres@127.0.0.1:55999/yimei_sales_1m
#
# Environment: BENCH_PG_OPTIONS (server settings; default shared_buffers=1GB work_mem=32MB),
# BENCH_REQUESTS (200 per user). Exits non-zero when a target is missed.
set -euo pipefail

# shellcheck source=../scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib/common.sh"
# shellcheck source=../scripts/lib/deps.sh
source "$REPO_ROOT/scripts/lib/deps.sh"
# shellcheck source=../scripts/lib/services.sh
source "$REPO_ROOT/scripts/lib/services.sh"

readonly CUSTOMERS="${1:-1000000}"
readonly LINES="${2:-5000000}"
readonly PG_OPTIONS="${BENCH_PG_OPTIONS:-shared_buffers=1GB work_mem=32MB maintenance_work_mem=512MB}"

WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/yimei-workbench-bench.XXXXXX")"
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
# The throwaway server starts with PostgreSQL's small defaults; give it a production-like cache.
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

log "Workbench benchmark: $CUSTOMERS customers, $LINES order lines"
"$VENV_BIN/python" "$REPO_ROOT/bench/workbench_bench.py" --database "postgres://postgres@127.0.0.1:$PG_PORT/yimei" \
    --customers "$CUSTOMERS" --lines "$LINES" --requests "${BENCH_REQUESTS:-200}"
