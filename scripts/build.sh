#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Install the locked Python and npm packages and build the staff console (frontend/dist).
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/deps.sh
source "$REPO_ROOT/scripts/lib/deps.sh"

ensure_venv
ensure_node_modules "$REPO_ROOT/frontend"
log "Building the front end"
(cd "$REPO_ROOT/frontend" && npm run build)
