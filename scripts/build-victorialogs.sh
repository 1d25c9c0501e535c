#!/usr/bin/env bash
# Builds the pinned VictoriaLogs binary once into the cache dir (outside the repo) and
# skips the build when it is already there. The build happens in a throwaway Go module
# next to the binary, so the repo's go.mod never sees VictoriaLogs.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/versions.sh

log() { echo "[victorialogs] $*" >&2; }

if [ -x "$VICTORIALOGS_BIN" ]; then
  log "cached: $VICTORIALOGS_BIN"
  exit 0
fi

out_dir="$(dirname "$VICTORIALOGS_BIN")"
work_dir="$out_dir/build"
rm -rf "$work_dir"
mkdir -p "$work_dir"
trap 'rm -rf "$work_dir"' EXIT

cat >"$work_dir/go.mod" <<MOD
module vigil.local/victorialogs-build

go 1.26

require github.com/VictoriaMetrics/VictoriaLogs $VICTORIALOGS_VERSION

replace github.com/VictoriaMetrics/VictoriaMetrics => github.com/VictoriaMetrics/VictoriaMetrics $VICTORIALOGS_VM_REPLACE
MOD
# A blank import lets `go mod tidy` resolve (and checksum) the binary's whole import graph.
cat >"$work_dir/tools.go" <<'SRC'
//go:build tools

package tools

import _ "github.com/VictoriaMetrics/VictoriaLogs/app/victoria-logs"
SRC

log "building VictoriaLogs $VICTORIALOGS_VERSION (VictoriaMetrics => $VICTORIALOGS_VM_REPLACE)"
start=$(date +%s)
(
  cd "$work_dir"
  export GOWORK=off GOFLAGS=-mod=mod CGO_ENABLED=0
  go mod tidy
  # CGO off selects the pure-Go zstd: no C toolchain needed and a static binary.
  go build -trimpath -o "$work_dir/victoria-logs" \
    -ldflags "-s -w -X github.com/VictoriaMetrics/VictoriaMetrics/lib/buildinfo.Version=victoria-logs-$VICTORIALOGS_VERSION" \
    github.com/VictoriaMetrics/VictoriaLogs/app/victoria-logs
)
mv "$work_dir/victoria-logs" "$VICTORIALOGS_BIN"
log "built $VICTORIALOGS_BIN in $(($(date +%s) - start)) s ($(du -h "$VICTORIALOGS_BIN" | cut -f1))"
