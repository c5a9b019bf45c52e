# shellcheck shell=bash
# shellcheck source-path=SCRIPTDIR
# What the benchmark scripts share: throwaway PostgreSQL 15 (with production-like settings) and Redis servers in
# a work directory removed on exit, and the production environment (random keys, no debug, no demo mode).
#
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#   bench_servers sales "shared_buffers=1GB work_mem=32MB"    # sets WORK_DIR, PG_PORT, REDIS_URL, VENV_BIN…

# shellcheck source=../scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib/common.sh"
# shellcheck source=../scripts/lib/deps.sh
source "$REPO_ROOT/scripts/lib/deps.sh"
# shellcheck source=../scripts/lib/services.sh
source "$REPO_ROOT/scripts/lib/services.sh"

bench_cleanup() {
    redis_stop "$WORK_DIR"
    pg_stop "$WORK_DIR"
    rm -rf "$WORK_DIR"
}

# bench_servers NAME "PG_SETTING=VALUE …": start both servers for the benchmark NAME and export its environment.
bench_servers() {
    local name="$1" options="$2" setting=""
    WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/yimei-$name-bench.XXXXXX")"
    readonly WORK_DIR
    trap bench_cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM

    ensure_system_packages postgresql-15 redis-server
    ensure_venv
    pg_start "$WORK_DIR"
    # The throwaway server starts with PostgreSQL's small defaults; give it a production-like cache.
    for setting in $options; do
        "$PG_BIN/psql" --host=127.0.0.1 --port="$PG_PORT" --username=postgres --quiet --dbname=yimei \
            --command="ALTER SYSTEM SET ${setting%%=*} = '${setting#*=}'"
    done
    _as_pg_owner "$PG_BIN/pg_ctl" --pgdata="$WORK_DIR/postgres/data" --mode=fast --wait --silent restart \
        --log="$WORK_DIR/postgres/server.log"
    redis_start "$WORK_DIR"

    # Production settings (keys from the environment, no debug, no demo mode), files in WORK_DIR.
    unset YIMEI_DEBUG YIMEI_DEMO
    export YIMEI_REDIS_URL="$REDIS_URL" YIMEI_ALLOWED_HOSTS=127.0.0.1 YIMEI_VAR_DIR="$WORK_DIR/var" \
        BENCH_GUNICORN_LOG="$WORK_DIR/gunicorn.log"
    YIMEI_SECRET_KEY="$("$VENV_BIN/python" -c 'import secrets; print(secrets.token_urlsafe(48))')"
    YIMEI_DATA_KEY="$("$VENV_BIN/python" -c 'import secrets; print(secrets.token_urlsafe(48))')"
    export YIMEI_SECRET_KEY YIMEI_DATA_KEY
}
