#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# `make run`: build, migrate the embedded SQLite database (var/yimei.sqlite3), load the
# demo clinic once and serve everything on http://127.0.0.1:$PORT (default 8000).
# Set YIMEI_DATABASE_URL / YIMEI_REDIS_URL to use PostgreSQL / Redis instead.
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

readonly PORT="${PORT:-8000}"
readonly BASE_URL="http://127.0.0.1:$PORT"

"$REPO_ROOT/scripts/build.sh"

export YIMEI_DEMO=1
mkdir -p "$REPO_ROOT/var"
log "Migrating the database"
manage migrate --noinput
log "Loading the demo clinic (skipped when present)"
manage seed_demo

log "YiMei CRM on $BASE_URL (Ctrl-C stops it)"
cat <<URLS
  staff console   $BASE_URL/
  API docs        $BASE_URL/api/docs/   (log in to the console first)
URLS
cd "$REPO_ROOT/backend"
# The periodic jobs (the message outbox's dispatcher every 10 s, recovery, the no-show sweep …) run in one
# scheduler process next to the web server; it stops with it.
"$VENV_BIN/python" manage.py run_scheduler &
SCHEDULER_PID=$!
stop_scheduler() {
    kill -TERM "$SCHEDULER_PID" 2>/dev/null || true
    wait "$SCHEDULER_PID" 2>/dev/null || true
}
trap stop_scheduler EXIT
"$VENV_BIN/gunicorn" config.wsgi:application --bind "127.0.0.1:$PORT" \
    --workers 1 --threads 8 --worker-class gthread --no-control-socket
