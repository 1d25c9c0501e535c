#!/usr/bin/env bash
# Sets everything up and starts the demo. With Docker it runs docker compose (Grafana,
# Loki, Prometheus and the simulator); without it, the native preview.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
npm run build

if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
  exec docker compose up
fi
if [ -f scripts/preview.sh ]; then
  VIGIL_PREVIEW_SKIP_BUILD=1 exec scripts/preview.sh
fi
echo "Built dist/. Docker is not available and the native preview is not part of this version yet." >&2
