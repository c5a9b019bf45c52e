#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# The sales benchmark at 1,000,000 customers and 5,000,000 order lines on throwaway PostgreSQL 15 and Redis
# servers: generates the customers and their sales history, serves the database with gunicorn (2 sync
# workers) and measures checkout (an order with 3 lines and 2 payments), a customer's assets summary and one
# month's performance statement for 20 staff through the HTTP API (bench/sales_bench.py). Result:
# bench/results/sales-1m.txt.
#
#   bench/sales.sh                       1,000,000 customers, 5,000,000 lines (about an hour on 2 cores)
#   bench/sales.sh 100000 500000         other sizes: customers, lines
#
# Environment: BENCH_PG_OPTIONS (server settings; default shared_buffers=1GB work_mem=32MB),
# BENCH_REQUESTS (200). Exits non-zero when a target is missed.
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

readonly CUSTOMERS="${1:-1000000}"
readonly LINES="${2:-5000000}"
readonly PG_OPTIONS="${BENCH_PG_OPTIONS:-shared_buffers=1GB work_mem=32MB maintenance_work_mem=512MB}"

bench_servers sales "$PG_OPTIONS"

log "Sales benchmark: $CUSTOMERS customers, $LINES order lines"
"$VENV_BIN/python" "$REPO_ROOT/bench/sales_bench.py" --database "postgres://postgres@127.0.0.1:$PG_PORT/yimei" \
    --customers "$CUSTOMERS" --lines "$LINES" --requests "${BENCH_REQUESTS:-200}"
