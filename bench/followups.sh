#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# The follow-up rule engine benchmark on throwaway PostgreSQL 15 and Redis servers: generates the customers and
# their sales history, then times one full engine pass (bench/followups_bench.py; target ≤ 60 s at 1,000,000
# customers). Result: bench/results/followups-<size>.txt.
#
#   bench/followups.sh                       1,000,000 customers, 5,000,000 order lines (about an hour on 2 cores)
#   bench/followups.sh 20000 100000          other sizes: customers, lines
#
# A database prepared before (the 1m database of the customer or sales benchmark) needs no servers from here:
#   .venv/bin/python bench/followups_bench.py --database postgres://…/yimei_1m
# (the measurement runs in one transaction that is rolled back: the database is left as it was).
#
# Environment: BENCH_PG_OPTIONS (server settings; default shared_buffers=1GB work_mem=32MB). Exits non-zero
# when the target is missed.
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

WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/yimei-followups-bench.XXXXXX")"
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
export YIMEI_REDIS_URL="$REDIS_URL" YIMEI_VAR_DIR="$WORK_DIR/var"
YIMEI_SECRET_KEY="$(random_key)"
YIMEI_DATA_KEY="$(random_key)"
export YIMEI_SECRET_KEY YIMEI_DATA_KEY

log "Follow-up engine benchmark: $CUSTOMERS customers, $LINES order lines"
"$VENV_BIN/python" "$REPO_ROOT/bench/followups_bench.py" --database "postgres://postgres@127.0.0.1:$PG_PORT/yimei" \
    --customers "$CUSTOMERS" --lines "$LINES"
