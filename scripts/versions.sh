# Pinned versions and binary locations shared by every script and test harness.
# shellcheck shell=bash
export VIGIL_CACHE_DIR="${VIGIL_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/vigil}"
export CHROMIUM_BIN="${CHROMIUM_BIN:-/usr/bin/chromium}"
export PROMETHEUS_BIN="${PROMETHEUS_BIN:-/usr/bin/prometheus}"

# VictoriaLogs (Apache-2.0), built from its Go module by scripts/build-victorialogs.sh.
# The module proxy only serves this pseudo-version of VictoriaLogs, and refuses the
# VictoriaMetrics pseudo-version its go.mod requires, so the build replaces
# VictoriaMetrics with a served release whose API still matches.
export VICTORIALOGS_VERSION="v1.51.1-0.20260624061259-dc94972a8708"
export VICTORIALOGS_VM_REPLACE="v1.151.0"
export VICTORIALOGS_BIN="${VICTORIALOGS_BIN:-$VIGIL_CACHE_DIR/victoria-logs-$VICTORIALOGS_VERSION/victoria-logs}"
