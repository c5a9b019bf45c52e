#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# `make bench`: the production configuration (gunicorn with deploy/gunicorn.conf.py on
# PostgreSQL 15 and Redis) on 127.0.0.1, loaded by wrk from a second process. It measures
# the bare GET /api/v1/ping/ and GET /api/v1/me/ with an authenticated session in the same
# run, prints requests/s and p50/p95/p99 latency for each and the ratio me/ping, and writes
# the table to bench/results/<date>.txt.
#
# Target (from the issue): me/ at >= 50% of ping's requests/s and me/ p95 < 50 ms at 32
# connections. Exits non-zero when a request failed or the target is missed.
#
# Environment: BENCH_DURATION (15s), BENCH_CONNECTIONS (32), BENCH_THREADS (2); the
# YIMEI_WEB_* variables of deploy/gunicorn.conf.py to try other worker settings.
set -euo pipefail

# shellcheck source=../scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib/common.sh"
# shellcheck source=../scripts/lib/deps.sh
source "$REPO_ROOT/scripts/lib/deps.sh"
# shellcheck source=../scripts/lib/services.sh
source "$REPO_ROOT/scripts/lib/services.sh"

readonly DURATION="${BENCH_DURATION:-15s}"
readonly CONNECTIONS="${BENCH_CONNECTIONS:-32}"
readonly WRK_THREADS="${BENCH_THREADS:-2}"
readonly WARMUP=3s
readonly MIN_RATIO=0.50
readonly MAX_P95_MS=50
readonly GUNICORN_CONF="$REPO_ROOT/deploy/gunicorn.conf.py"
readonly LUA_SCRIPT="$REPO_ROOT/bench/report.lua"
readonly RESULTS_DIR="$REPO_ROOT/bench/results"
readonly DEMO_USER=admin DEMO_PASSWORD='Demo@2026'

WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/yimei-bench.XXXXXX")"
readonly WORK_DIR
cleanup() {
    app_stop "$WORK_DIR"
    redis_stop "$WORK_DIR"
    pg_stop "$WORK_DIR"
    rm -rf "$WORK_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

ensure_system_packages postgresql-15 redis-server wrk curl
ensure_venv
pg_start "$WORK_DIR"
redis_start "$WORK_DIR"

# Production settings: no debug, no demo mode, keys from the environment, files in WORK_DIR.
random_key() {
    "$VENV_BIN/python" -c 'import secrets; print(secrets.token_urlsafe(48))'
}
unset YIMEI_DEBUG YIMEI_DEMO
export YIMEI_DATABASE_URL="$PG_URL" YIMEI_REDIS_URL="$REDIS_URL" YIMEI_ALLOWED_HOSTS=127.0.0.1 \
    YIMEI_VAR_DIR="$WORK_DIR/var"
YIMEI_SECRET_KEY="$(random_key)"
YIMEI_DATA_KEY="$(random_key)"
export YIMEI_SECRET_KEY YIMEI_DATA_KEY

log "Migrating and loading the demo clinic (its admin is the benchmark user)"
quietly "$WORK_DIR/migrate.log" manage migrate --noinput
YIMEI_DEMO=1 quietly "$WORK_DIR/seed.log" manage seed_demo

PORT="$(free_port)"
readonly PORT BASE="http://127.0.0.1:$PORT"
app_start "$WORK_DIR" "$PORT" --config "$GUNICORN_CONF"
SERVER="$("$VENV_BIN/python" - "$GUNICORN_CONF" <<'PY'
import runpy
import sys

conf = runpy.run_path(sys.argv[1])
threads = f" x {conf['threads']} threads" if conf["worker_class"] == "gthread" else ""
print(f"gunicorn {conf['workers']} {conf['worker_class']} workers{threads}")
PY
)"
readonly SERVER

# Log in as a browser does: CSRF cookie first, then the JSON login with the token.
readonly JAR="$WORK_DIR/cookies.txt"
cookie_value() {
    awk -v name="$1" '$6 == name { print $7 }' "$JAR"
}
log "Logging in as $DEMO_USER"
curl --silent --show-error --fail-with-body --cookie-jar "$JAR" --output /dev/null \
    "$BASE/api/v1/auth/csrf/"
curl --silent --show-error --fail-with-body --cookie "$JAR" --cookie-jar "$JAR" --output /dev/null \
    --header "X-CSRFToken: $(cookie_value csrftoken)" --header "Referer: $BASE/" \
    --header 'Content-Type: application/json' \
    --data "{\"username\": \"$DEMO_USER\", \"password\": \"$DEMO_PASSWORD\"}" \
    "$BASE/api/v1/auth/login/"
[[ -n "$(cookie_value yimei_sessionid)" ]] || die "the login set no yimei_sessionid cookie"
# Every cookie the login set, as a browser would send them (session, CSRF token, user hint).
SESSION_COOKIE="$(awk 'NF >= 7 && $6 != "" { printf "%s%s=%s", sep, $6, $7; sep = "; " }' "$JAR")"
readonly SESSION_COOKIE
curl --silent --show-error --fail-with-body --cookie "$SESSION_COOKIE" --output /dev/null \
    "$BASE/api/v1/me/"

declare -A RESULT
# measure NAME PATH COOKIE: warm up, then one measured wrk run; results go to RESULT.
measure() {
    local name=$1 path=$2 cookie=$3 line kv
    local out="$WORK_DIR/wrk-$name.txt"
    log "GET $path: $WARMUP warm-up, then $DURATION at $CONNECTIONS connections"
    BENCH_COOKIE=$cookie wrk --threads "$WRK_THREADS" --connections "$CONNECTIONS" \
        --duration "$WARMUP" --script "$LUA_SCRIPT" "$BASE$path" >/dev/null
    BENCH_COOKIE=$cookie wrk --threads "$WRK_THREADS" --connections "$CONNECTIONS" \
        --duration "$DURATION" --latency --script "$LUA_SCRIPT" "$BASE$path" >"$out"
    line="$(sed -n 's/^BENCH //p' "$out")"
    [[ -n "$line" ]] || {
        cat "$out" >&2
        die "wrk printed no result for $path"
    }
    RESULT[$name.path]=$path
    for kv in $line; do
        RESULT[$name.${kv%%=*}]=${kv#*=}
    done
}
measure ping /api/v1/ping/ ""
measure me /api/v1/me/ "$SESSION_COOKIE"

# awk_true EXPRESSION VAR=VALUE...: evaluate a numeric comparison.
awk_true() {
    local expr=$1 arg args=()
    shift
    for arg in "$@"; do
        args+=(-v "$arg")
    done
    awk "${args[@]}" "BEGIN { exit !($expr) }"
}

RATIO="$(awk -v me="${RESULT[me.rps]}" -v ping="${RESULT[ping.rps]}" 'BEGIN { printf "%.2f", me / ping }')"
readonly RATIO
PROBLEMS=()
for name in ping me; do
    failed=$((${RESULT[$name.non2xx]} + ${RESULT[$name.socket_errors]}))
    ((failed == 0)) || PROBLEMS+=("$failed request(s) to ${RESULT[$name.path]} failed")
done
awk_true 'r >= min' r="$RATIO" min="$MIN_RATIO" ||
    PROBLEMS+=("me/ping requests/s ratio $RATIO is below $MIN_RATIO")
awk_true 'p < max' p="${RESULT[me.p95_ms]}" max="$MAX_P95_MS" ||
    PROBLEMS+=("me/ p95 ${RESULT[me.p95_ms]} ms is not under $MAX_P95_MS ms")

report() {
    local name row='%-20s %11s %8s %8s %8s %8s %7s\n'
    printf 'YiMei CRM benchmark, %s\n' "$(date '+%F %T %Z')"
    printf 'code %s; %s on PostgreSQL 15 + Redis; %s CPU cores\n' \
        "$(git -C "$REPO_ROOT" describe --always --dirty 2>/dev/null || echo 'not committed')" \
        "$SERVER" "$(nproc)"
    printf 'wrk: %s threads, %s connections, %s per endpoint after a %s warm-up, loopback\n\n' \
        "$WRK_THREADS" "$CONNECTIONS" "$DURATION" "$WARMUP"
    # shellcheck disable=SC2059 # the format is the fixed $row
    printf "$row" endpoint requests/s 'p50 ms' 'p95 ms' 'p99 ms' non-2xx errors
    for name in ping me; do
        # shellcheck disable=SC2059
        printf "$row" "GET ${RESULT[$name.path]}" "${RESULT[$name.rps]}" "${RESULT[$name.p50_ms]}" \
            "${RESULT[$name.p95_ms]}" "${RESULT[$name.p99_ms]}" "${RESULT[$name.non2xx]}" \
            "${RESULT[$name.socket_errors]}"
    done
    printf '\nratio me/ping requests/s: %s (target >= %s); me p95 %s ms (target < %s ms)\n' \
        "$RATIO" "$MIN_RATIO" "${RESULT[me.p95_ms]}" "$MAX_P95_MS"
    if ((${#PROBLEMS[@]} == 0)); then
        printf 'PASS\n'
    else
        printf 'FAIL: %s\n' "${PROBLEMS[@]}"
    fi
}

mkdir -p "$RESULTS_DIR"
RESULT_FILE="$RESULTS_DIR/$(date '+%Y-%m-%d_%H%M%S').txt"
readonly RESULT_FILE
printf '\n'
report | tee "$RESULT_FILE"
log "Written to ${RESULT_FILE#"$REPO_ROOT"/}"
if ((${#PROBLEMS[@]} > 0)); then
    exit 1
fi
