#!/usr/bin/env bash
# Installs everything the tests and the demo need, skipping what is already there:
# npm packages, Go modules, Debian's chromium, prometheus, zip and unzip, and the VictoriaLogs
# binary (built from its Go module once, cached outside the repo).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/versions.sh

log() { echo "[setup] $*" >&2; }

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm packages"
  npm ci --no-audit --no-fund
fi

log "downloading Go modules"
go mod download

missing_debs=()
command -v "$CHROMIUM_BIN" >/dev/null 2>&1 || missing_debs+=(chromium)
command -v "$PROMETHEUS_BIN" >/dev/null 2>&1 || missing_debs+=(prometheus)
# npm run package and its test pack and unpack the plugin archive.
command -v zip >/dev/null 2>&1 || missing_debs+=(zip)
command -v unzip >/dev/null 2>&1 || missing_debs+=(unzip)
if [ ${#missing_debs[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "[setup] missing ${missing_debs[*]}: install them with: sudo apt-get install -y ${missing_debs[*]}" >&2
    exit 1
  fi
  log "installing Debian packages: ${missing_debs[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing_debs[@]}" >/dev/null
fi

if [ -f scripts/build-victorialogs.sh ]; then
  scripts/build-victorialogs.sh
fi
log "ready"
