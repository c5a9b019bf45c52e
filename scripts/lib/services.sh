# shellcheck shell=bash
# Throwaway servers on 127.0.0.1 for tests and benchmarks. Source after common.sh.
#
# Every function takes the caller's state directory (a fresh `mktemp -d`) and keeps its
# server's files and pid there, so the matching *_stop works from any (sub)shell and is a
# no-op when the server is not running. Call the *_stop functions from an EXIT trap.

readonly PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"

# Run a PostgreSQL server binary as the owner of its data directory: initdb refuses root.
_as_pg_owner() {
    if ((EUID == 0)); then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

# pg_start STATE_DIR: start PostgreSQL 15 (fsync off, trust auth on loopback) with an
# empty database `yimei`; sets PG_PORT and PG_URL.
pg_start() {
    local state=$1
    local dir="$state/postgres"
    [[ -x "$PG_BIN/initdb" ]] || die "PostgreSQL 15 not found in $PG_BIN"
    mkdir -m 700 "$dir"
    if ((EUID == 0)); then
        chmod o+x "$state" # let the postgres user reach its data directory
        chown postgres: "$dir"
    fi
    if ! _as_pg_owner "$PG_BIN/initdb" --pgdata="$dir/data" --username=postgres --auth=trust \
        --encoding=UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1; then
        cat "$dir/initdb.log" >&2
        die "initdb failed"
    fi
    PG_PORT="$(free_port)"
    local options="-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories=$dir"
    options+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    if ! _as_pg_owner "$PG_BIN/pg_ctl" --pgdata="$dir/data" --log="$dir/server.log" \
        --options="$options" --wait --silent start; then
        cat "$dir/server.log" >&2
        die "PostgreSQL did not start"
    fi
    "$PG_BIN/createdb" --host=127.0.0.1 --port="$PG_PORT" --username=postgres yimei
    # shellcheck disable=SC2034 # for the caller
    PG_URL="postgres://postgres@127.0.0.1:$PG_PORT/yimei"
    log "PostgreSQL on 127.0.0.1:$PG_PORT"
}

# pg_stop STATE_DIR
pg_stop() {
    local data="$1/postgres/data"
    [[ -f "$data/postmaster.pid" ]] || return 0
    _as_pg_owner "$PG_BIN/pg_ctl" --pgdata="$data" --mode=fast --wait --silent stop ||
        warn "PostgreSQL in $data did not stop"
}

# redis_start STATE_DIR: start Redis without persistence; sets REDIS_PORT and REDIS_URL.
redis_start() {
    local dir="$1/redis"
    mkdir -m 700 "$dir"
    REDIS_PORT="$(free_port)"
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
        --daemonize yes --dir "$dir" --pidfile "$dir/redis.pid" --logfile "$dir/redis.log"
    local deadline=$((SECONDS + 10))
    until [[ "$(redis-cli -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]]; do
        if ((SECONDS >= deadline)); then
            cat "$dir/redis.log" >&2
            die "Redis did not start"
        fi
        sleep 0.2
    done
    # shellcheck disable=SC2034 # for the caller
    REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
    log "Redis on 127.0.0.1:$REDIS_PORT"
}

# redis_stop STATE_DIR
redis_stop() {
    _stop_pidfile "$1/redis/redis.pid" Redis
}

# app_start STATE_DIR PORT [GUNICORN_OPTION...]: serve the back end with gunicorn on
# 127.0.0.1:PORT in the background (environment as set by the caller) and wait until
# GET /api/v1/ping/ answers. The log is STATE_DIR/gunicorn.log.
app_start() {
    local state=$1 port=$2
    shift 2
    (cd "$REPO_ROOT/backend" &&
        exec "$VENV_BIN/gunicorn" "$@" --bind "127.0.0.1:$port" \
            --control-socket "$state/gunicorn.ctl" config.wsgi:application \
            >>"$state/gunicorn.log" 2>&1) &
    printf '%s\n' "$!" >"$state/gunicorn.pid"
    if ! wait_for_http "http://127.0.0.1:$port/api/v1/ping/" 60; then
        tail -n 60 "$state/gunicorn.log" >&2
        die "the back end did not start on 127.0.0.1:$port"
    fi
    log "Back end on http://127.0.0.1:$port"
}

# app_stop STATE_DIR
app_stop() {
    _stop_pidfile "$1/gunicorn.pid" gunicorn
}

# _stop_pidfile PIDFILE NAME: SIGTERM the process, SIGKILL it after 30 s.
_stop_pidfile() {
    local pidfile=$1 name=$2 pid
    [[ -f "$pidfile" ]] || return 0
    pid="$(<"$pidfile")"
    rm -f "$pidfile"
    kill -TERM "$pid" 2>/dev/null || return 0
    local deadline=$((SECONDS + 30))
    while _running "$pid"; do
        if ((SECONDS >= deadline)); then
            warn "$name (pid $pid) did not stop; killing it"
            kill -KILL "$pid" 2>/dev/null || true
            break
        fi
        sleep 0.2
    done
    wait "$pid" 2>/dev/null || true # reap it when it is a child of this shell
}

# _running PID: true while the process exists and is not a zombie.
_running() {
    [[ -r "/proc/$1/status" ]] && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null
}
