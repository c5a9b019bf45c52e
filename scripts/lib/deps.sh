# shellcheck shell=bash
# Project dependencies: the Python virtualenv and the npm packages. Source after common.sh.

readonly PYTHON="${PYTHON:-python3.11}"
readonly PY_LOCK="$REPO_ROOT/requirements/dev.txt"
readonly VENV_STAMP="$VENV_DIR/.installed-lock.sha256"

# ensure_venv: create .venv and install requirements/dev.txt (hash-checked) when the
# lock file differs from the one installed last time.
ensure_venv() {
    local want
    want="$(sha256sum "$PY_LOCK" | cut -d' ' -f1)"
    if [[ -x "$VENV_BIN/python" && -f "$VENV_STAMP" && "$(<"$VENV_STAMP")" == "$want" ]]; then
        return 0
    fi
    command -v "$PYTHON" >/dev/null || die "$PYTHON not found (set PYTHON to a Python 3.11 interpreter)"
    if [[ ! -x "$VENV_BIN/python" ]]; then
        log "Creating $VENV_DIR"
        "$PYTHON" -m venv "$VENV_DIR"
    fi
    log "Installing Python packages from ${PY_LOCK#"$REPO_ROOT"/}"
    "$VENV_BIN/pip" install --quiet --require-hashes -r "$PY_LOCK"
    printf '%s\n' "$want" >"$VENV_STAMP"
}

# ensure_node_modules DIR: `npm ci` in DIR when node_modules is missing or older than
# package-lock.json. Browser downloads are off: the tests use Debian's Chromium.
ensure_node_modules() {
    local dir=$1
    local stamp="$dir/node_modules/.installed-stamp"
    [[ -f "$dir/package-lock.json" ]] || die "$dir/package-lock.json not found"
    if [[ -f "$stamp" && ! "$dir/package-lock.json" -nt "$stamp" ]]; then
        return 0
    fi
    log "npm ci in ${dir#"$REPO_ROOT"/}"
    (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
    touch "$stamp"
}
