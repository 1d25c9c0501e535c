# Pinned versions and binary locations shared by every script and test harness.
# shellcheck shell=bash
export VIGIL_CACHE_DIR="${VIGIL_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/vigil}"
export CHROMIUM_BIN="${CHROMIUM_BIN:-/usr/bin/chromium}"
export PROMETHEUS_BIN="${PROMETHEUS_BIN:-/usr/bin/prometheus}"
