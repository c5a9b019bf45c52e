# YiMei CRM — build, run, test. `make help` lists the targets.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

UV_COMPILE := uv pip compile --quiet --generate-hashes --python-version 3.11 --no-header

.PHONY: help run build test lint e2e bench lock clean

help: ## List the targets
	@grep -E '^[a-z0-9]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-7s %s\n", $$1, $$2}'

run: ## Install, build, migrate, load the demo and serve on http://127.0.0.1:8000
	@scripts/run.sh

build: ## Install the locked packages and build the front end
	@scripts/build.sh

test: ## Every check: lint, pytest (PostgreSQL + Redis, then SQLite), Vitest, Playwright
	@scripts/test.sh all

lint: ## ruff, front-end type check and lint
	@scripts/test.sh lint

e2e: ## Front-end build and the Playwright browser tests only
	@scripts/test.sh e2e

bench: ## GET /api/v1/me/ against the bare ping endpoint on the production setup
	@bench/run.sh

lock: ## Re-resolve requirements/*.txt from requirements/*.in with hashes
	@command -v uv >/dev/null || { echo "make lock needs uv: pip install uv" >&2; exit 1; }
	cd requirements && $(UV_COMPILE) base.in -o base.txt
	cd requirements && $(UV_COMPILE) dev.in -o dev.txt

clean: ## Remove build output and caches (keeps .venv, node_modules and var/)
	rm -rf frontend/dist e2e/test-results e2e/playwright-report .ruff_cache .pytest_cache
	find backend bench deploy -type d -name __pycache__ -prune -exec rm -rf {} +
