#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# The outbox benchmark on a throwaway PostgreSQL 15 server: 10,000 due SMS messages are sent by the dispatcher
# to the fake Aliyun SMS server (its own process, checking every signature) over loopback; prints the elapsed
# time and messages per second and checks that the fake received every message exactly once (target ≤ 60 s).
# Result: bench/results/notify-10000.txt.
#
#   bench/notify.sh                        10,000 messages, one dispatcher with 8 sending threads
#   bench/notify.sh 20000 --processes 2    other sizes; extra arguments go to bench/notify_bench.py
#
# Exits non-zero when a message was not sent exactly once or the target is missed.
set -euo pipefail

# shellcheck source=../scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib/common.sh"
# shellcheck source=../scripts/lib/deps.sh
source "$REPO_ROOT/scripts/lib/deps.sh"
# shellcheck source=../scripts/lib/services.sh
source "$REPO_ROOT/scripts/lib/services.sh"

readonly MESSAGES="${1:-10000}"
shift || true

WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/yimei-notify-bench.XXXXXX")"
readonly WORK_DIR
cleanup() {
    pg_stop "$WORK_DIR"
    rm -rf "$WORK_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

ensure_system_packages postgresql-15
ensure_venv
pg_start "$WORK_DIR"

unset YIMEI_DEBUG YIMEI_DEMO YIMEI_REDIS_URL
export YIMEI_VAR_DIR="$WORK_DIR/var"
YIMEI_DATA_KEY="$("$VENV_BIN/python" -c 'import secrets; print(secrets.token_urlsafe(48))')"
export YIMEI_DATA_KEY

log "Outbox benchmark: $MESSAGES messages"
"$VENV_BIN/python" "$REPO_ROOT/bench/notify_bench.py" --database "$PG_URL" --messages "$MESSAGES" "$@"
