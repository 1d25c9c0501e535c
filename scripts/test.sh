#!/usr/bin/env bash
# The one command that runs every test. It installs what is missing first, so it works
# on a fresh clone; CI runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

step() { echo; echo "=== $* ==="; }

step "typecheck"; npx tsc --noEmit
step "lint"; npx eslint --cache --max-warnings 0 .
step "build (frontend + backend)"; npm run build
# dist/ as Grafana reads it, and the npm run package archive: before anything runs on them.
step "artifact checks"; npx jest --ci --selectProjects integration tests/artifact
step "go vet"; go vet ./...
step "go test"; go test ./...
# A bounded fuzz run of the hand-written JSON scanner against encoding/json (seeds run above).
step "go fuzz (pkg/frames scanner, 20 s)"; go test -run '^$' -fuzz '^FuzzScanner$' -fuzztime 20s -fuzzminimizetime 10s ./pkg/frames/
# The protocol harness drives the dist/ binary just built, as Grafana would run it.
step "go integration (plugin binary over gRPC, real VictoriaLogs and Prometheus)"
VIGIL_PLUGIN_BINARY="$PWD/dist/datasource/gpx_vigil_k8ssecurity_datasource_$(go env GOOS)_$(go env GOARCH)" \
  go test -tags integration -count=1 ./pkg/...
# The jest projects (jest.config.js): unit first, then integration and browser together, but
# for the artifact checks that ran above.
step "jest unit"; npm run test:unit -- --ci
step "jest integration and browser"
npx jest --ci --selectProjects integration browser --testPathPattern '^(?!.*/tests/artifact/)'
