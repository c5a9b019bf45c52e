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

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

readonly CUSTOMERS="${1:-1000000}"
readonly LINES="${2:-5000000}"
readonly PG_OPTIONS="${BENCH_PG_OPTIONS:-shared_buffers=1GB work_mem=32MB maintenance_work_mem=512MB}"

bench_servers followups "$PG_OPTIONS"

log "Follow-up engine benchmark: $CUSTOMERS customers, $LINES order lines"
"$VENV_BIN/python" "$REPO_ROOT/bench/followups_bench.py" --database "postgres://postgres@127.0.0.1:$PG_PORT/yimei" \
    --customers "$CUSTOMERS" --lines "$LINES"
