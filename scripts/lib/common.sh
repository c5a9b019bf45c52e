# shellcheck shell=bash
# Shared helpers for the scripts under scripts/ and bench/. Source it; do not run it.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
readonly REPO_ROOT
readonly VENV_DIR="$REPO_ROOT/.venv"
readonly VENV_BIN="$VENV_DIR/bin"

if [[ -t 2 ]]; then
    log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
else
    log() { printf '==> %s\n' "$*" >&2; }
fi
warn() { printf 'warning: %s\n' "$*" >&2; }
die() {
    printf 'error: %s\n' "$*" >&2
    exit 1
}

# manage COMMAND [ARG...]: the back end's manage.py in the project's virtualenv.
manage() {
    (cd "$REPO_ROOT/backend" && "$VENV_BIN/python" manage.py "$@")
}

# ensure_system_packages PKG...: install the Debian packages that are missing.
# As root this runs apt-get; otherwise it names the missing packages and fails.
ensure_system_packages() {
    local pkg missing=()
    for pkg in "$@"; do
        if [[ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null)" != "install ok installed" ]]; then
            missing+=("$pkg")
        fi
    done
    ((${#missing[@]} == 0)) && return 0
    if ((EUID != 0)); then
        die "missing system packages: ${missing[*]}. Install them as root: apt-get install -y ${missing[*]}"
    fi
    log "Installing system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get -o DPkg::Lock::Timeout=600 update -qq
    apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}"
}

# free_port: print a TCP port on 127.0.0.1 that nothing listens on right now.
free_port() {
    python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# wait_for_http URL SECONDS: wait until URL answers with a 2xx status.
wait_for_http() {
    local url=$1 timeout=$2 deadline=$((SECONDS + $2))
    until curl --silent --fail --max-time 2 --output /dev/null "$url"; do
        if ((SECONDS >= deadline)); then
            warn "$url did not answer within ${timeout}s"
            return 1
        fi
        sleep 0.3
    done
}

# quietly LOGFILE COMMAND...: run COMMAND with its output in LOGFILE; show it and fail
# when COMMAND fails.
quietly() {
    local logfile=$1
    shift
    if ! "$@" >"$logfile" 2>&1; then
        cat "$logfile" >&2
        die "failed: $*"
    fi
}
