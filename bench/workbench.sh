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

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

readonly CUSTOMERS="${1:-1000000}"
readonly LINES="${2:-5000000}"
readonly PG_OPTIONS="${BENCH_PG_OPTIONS:-shared_buffers=1GB work_mem=32MB maintenance_work_mem=512MB}"

bench_servers workbench "$PG_OPTIONS"

log "Workbench benchmark: $CUSTOMERS customers, $LINES order lines"
"$VENV_BIN/python" "$REPO_ROOT/bench/workbench_bench.py" --database "postgres://postgres@127.0.0.1:$PG_PORT/yimei" \
    --customers "$CUSTOMERS" --lines "$LINES" --requests "${BENCH_REQUESTS:-200}"
