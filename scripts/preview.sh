#!/usr/bin/env bash
# The native preview: Vigil's pages in your browser without Grafana or Docker. It builds the
# plugin and the page host, starts VictoriaLogs and Prometheus on loopback, backfills two
# hours of simulator data, and serves the pages with the real backend behind them
# (tools/devhost, a test host, not Grafana). Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/versions.sh

missing=()
command -v go >/dev/null 2>&1 || missing+=("Go (to build the backend and devhost)")
[ -x "$VICTORIALOGS_BIN" ] || missing+=("VictoriaLogs at $VICTORIALOGS_BIN (npm run setup builds it)")
command -v "$PROMETHEUS_BIN" >/dev/null 2>&1 || missing+=("Prometheus at $PROMETHEUS_BIN (apt-get install prometheus)")
[ -d node_modules ] || missing+=("npm packages (npm run setup)")
if [ ${#missing[@]} -gt 0 ]; then
  echo "The native preview cannot start; missing:" >&2
  printf '  - %s\n' "${missing[@]}" >&2
  exit 1
fi

# demo.sh has just built the plugin; run on its own, the preview builds it.
if [ "${VIGIL_PREVIEW_SKIP_BUILD:-}" != 1 ]; then
  npm run build
fi
# node itself, not npx: npx does not pass Ctrl-C on in a way that lets the clean-up run.
exec node --import tsx tests/host/preview.ts
