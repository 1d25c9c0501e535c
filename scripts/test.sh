#!/usr/bin/env bash
# The one command that runs every test. It installs what is missing first, so it works
# on a fresh clone; CI runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

step() { echo; echo "=== $* ==="; }

step "typecheck"; npx tsc --noEmit
step "lint"; npx eslint --cache .
step "build (frontend + backend)"; npm run build
step "go vet"; go vet ./...
step "go test"; go test ./...
step "jest"; npx jest --ci
