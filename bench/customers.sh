#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# The customer-file benchmark at 100,000 and 1,000,000 customers (10 timeline events each on
# average) on throwaway PostgreSQL 15 and Redis servers: generates a database per size, serves each
# with gunicorn (2 sync workers) and measures search, the 360° overview and filtered lists through
# the HTTP API, the sizes round-robin in the same run (bench/customers_bench.py). Results:
# bench/results/customers-100k.txt and customers-1m.txt; the second also shows the 1m/100k ratios.
#
#   bench/customers.sh            both sizes (about 40 minutes on 2 cores, 15 GB of disk)
#   bench/customers.sh 100000     one size
#
# Environment: BENCH_PG_OPTIONS (server settings; default shared_buffers=1GB work_mem=32MB),
# BENCH_REQUESTS (200 per scenario). Exits non-zero when a target is missed.
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SIZES=("$@")
((${#SIZES[@]} > 0)) || SIZES=(100000 1000000)
readonly PG_OPTIONS="${BENCH_PG_OPTIONS:-shared_buffers=1GB work_mem=32MB maintenance_work_mem=512MB}"

bench_servers customers "$PG_OPTIONS"

args=()
for size in "${SIZES[@]}"; do
    args+=(--customers "$size")
done
log "Customer benchmark: ${SIZES[*]} customers"
YIMEI_DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/yimei" \
    "$VENV_BIN/python" "$REPO_ROOT/bench/customers_bench.py" "${args[@]}" --requests "${BENCH_REQUESTS:-200}"
