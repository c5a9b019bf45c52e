#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Run the project's checks: `make test` (all), `make lint` (lint), `make e2e` (e2e).
#
#   all   system packages, Python and npm packages, ruff, type check, lint, pytest on
#         PostgreSQL + Redis and again on SQLite, Vitest, front-end build, Playwright
#   lint  ruff, front-end type check and lint
#   e2e   front-end build and Playwright against a fresh demo database
#
# Installation steps stop the run at once; the checks after them all run, and the script
# exits non-zero when any failed. Servers it starts listen on 127.0.0.1 only and are
# stopped on exit. A summary line per stage, with its duration, ends the output.
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/deps.sh
source "$REPO_ROOT/scripts/lib/deps.sh"
# shellcheck source=lib/services.sh
source "$REPO_ROOT/scripts/lib/services.sh"

readonly MODE="${1:-all}"
case "$MODE" in
    all | lint | e2e) ;;
    *) die "usage: $0 [all|lint|e2e]" ;;
esac

readonly FRONTEND="$REPO_ROOT/frontend"
readonly E2E="$REPO_ROOT/e2e"
WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/yimei-test.XXXXXX")"
readonly WORK_DIR

SUMMARY=()
FAILURES=0
CURRENT_STAGE=""
CURRENT_START=0

# record RESULT: close the current stage with RESULT and its duration.
record() {
    SUMMARY+=("$(printf '  %-30s %-11s %5ds' "$CURRENT_STAGE" "$1" $((SECONDS - CURRENT_START)))")
    [[ "$1" == ok || "$1" == skipped ]] || FAILURES=$((FAILURES + 1))
    CURRENT_STAGE=""
}

begin() {
    log "$1"
    CURRENT_STAGE=$1
    CURRENT_START=$SECONDS
}

# step NAME COMMAND...: an installation or setup step; a failure ends the run.
step() {
    begin "$1"
    shift
    "$@"
    record ok
}

# check NAME COMMAND...: a check; a failure is counted and the run goes on. The result
# is left in LAST_RC. Never call it as a condition: bash would then ignore `set -e` inside.
check() {
    begin "$1"
    shift
    set +e
    (
        set -e
        "$@"
    )
    LAST_RC=$?
    set -e
    if ((LAST_RC == 0)); then
        record ok
    else
        record FAILED
    fi
}

finish() {
    local rc=$?
    if [[ -n "$CURRENT_STAGE" ]]; then
        if ((rc == 130 || rc == 143)); then
            record interrupted
        else
            record FAILED
        fi
    fi
    app_stop "$WORK_DIR"
    redis_stop "$WORK_DIR"
    pg_stop "$WORK_DIR"
    rm -rf "$WORK_DIR"
    if ((${#SUMMARY[@]} > 0)); then
        log "Summary ($MODE)"
        printf '%s\n' "${SUMMARY[@]}"
    fi
    printf 'stages: %d passed, %d failed\n' $((${#SUMMARY[@]} - FAILURES)) "$FAILURES"
    if ((FAILURES > 0 && rc == 0)); then
        rc=1
    fi
    exit "$rc"
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- stages -------------------------------------------------------------------------

install_npm_packages() {
    local dir
    for dir in "$@"; do
        ensure_node_modules "$dir"
    done
}

start_services() {
    pg_start "$WORK_DIR"
    redis_start "$WORK_DIR"
}

npm_run() { # npm_run DIR SCRIPT
    (cd "$1" && npm run "$2")
}

ruff_check() {
    (cd "$REPO_ROOT" && "$VENV_BIN/ruff" check backend bench deploy)
}

# run_pytest ENV_ARG...: the back-end suite on two cores, in `env ENV_ARG...`; "no tests
# collected" (exit 5) is a failure too.
run_pytest() {
    local rc=0
    (cd "$REPO_ROOT" && env "$@" "$VENV_BIN/pytest" -p no:cacheprovider -n 2) || rc=$?
    if ((rc == 5)); then
        warn "pytest collected no tests"
    fi
    return "$rc"
}

# The generated TypeScript client and the migrations must match the back end's models and views.
generated_code_current() {
    local schema="$WORK_DIR/openapi.json" types="$WORK_DIR/schema.d.ts"
    export YIMEI_VAR_DIR="$WORK_DIR/var"
    manage makemigrations --check --dry-run >/dev/null || {
        warn "models changed without a migration: run manage.py makemigrations"
        return 1
    }
    manage spectacular --validate --fail-on-warn --format openapi-json --file "$schema"
    (cd "$FRONTEND" && npx openapi-typescript "$schema" -o "$types" >/dev/null)
    diff -q "$types" "$FRONTEND/src/api/schema.d.ts" >/dev/null || {
        warn "frontend/src/api/schema.d.ts is out of date: run manage.py spectacular and npm run gen:api"
        return 1
    }
}

pytest_postgres() {
    run_pytest YIMEI_DATABASE_URL="$PG_URL" YIMEI_REDIS_URL="$REDIS_URL"
}

pytest_sqlite() {
    run_pytest -u YIMEI_DATABASE_URL -u YIMEI_REDIS_URL
}

# Playwright against the built console, served by gunicorn from a fresh demo database.
playwright() {
    local port
    port="$(free_port)"
    # The browser tests log in many times from one address: lift the login rate limit, not the lockout.
    export YIMEI_DATABASE_URL="sqlite:///$WORK_DIR/e2e.sqlite3" YIMEI_VAR_DIR="$WORK_DIR/var" YIMEI_DEMO=1 \
        YIMEI_LOGIN_RATE=1000/min
    unset YIMEI_REDIS_URL
    quietly "$WORK_DIR/migrate.log" manage migrate --noinput
    quietly "$WORK_DIR/seed.log" manage seed_demo
    app_start "$WORK_DIR" "$port" --workers 1 --threads 8 --worker-class gthread
    local rc=0
    # E2E_GREP="pattern" runs only the browser tests whose title matches (while working on one page).
    (cd "$E2E" && E2E_BASE_URL="http://127.0.0.1:$port" npx playwright test ${E2E_GREP:+--grep "$E2E_GREP"}) || rc=$?
    app_stop "$WORK_DIR"
    if ((rc != 0)); then
        log "Last lines of the back end's log"
        tail -n 40 "$WORK_DIR/gunicorn.log" >&2
    fi
    return "$rc"
}

build_and_playwright() {
    check "build (frontend)" npm_run "$FRONTEND" build
    if ((LAST_RC == 0)); then
        check "playwright (e2e)" playwright
    else
        begin "playwright (e2e)"
        record skipped
    fi
}

# --- main ---------------------------------------------------------------------------

case "$MODE" in
    all)
        step "system packages" ensure_system_packages postgresql-15 redis-server chromium curl
        step "python packages" ensure_venv
        step "npm packages" install_npm_packages "$FRONTEND" "$E2E"
        check "ruff" ruff_check
        check "typecheck (frontend)" npm_run "$FRONTEND" typecheck
        check "lint (frontend)" npm_run "$FRONTEND" lint
        check "typecheck (e2e)" npm_run "$E2E" typecheck
        check "generated code current" generated_code_current
        step "start PostgreSQL + Redis" start_services
        check "pytest (PostgreSQL + Redis)" pytest_postgres
        check "pytest (SQLite)" pytest_sqlite
        redis_stop "$WORK_DIR"
        pg_stop "$WORK_DIR"
        check "vitest (frontend)" npm_run "$FRONTEND" test
        build_and_playwright
        ;;
    lint)
        step "python packages" ensure_venv
        step "npm packages" install_npm_packages "$FRONTEND"
        check "ruff" ruff_check
        check "typecheck (frontend)" npm_run "$FRONTEND" typecheck
        check "lint (frontend)" npm_run "$FRONTEND" lint
        ;;
    e2e)
        step "system packages" ensure_system_packages chromium curl
        step "python packages" ensure_venv
        step "npm packages" install_npm_packages "$FRONTEND" "$E2E"
        build_and_playwright
        ;;
esac
