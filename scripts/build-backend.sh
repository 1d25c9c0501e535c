#!/usr/bin/env bash
# Builds the data source backend into dist/datasource/ for the platforms Vigil ships.
# A plain `go build` does what the SDK's mage target does for a nested data source:
# same executable name, same -tags arrow_json_stdlib, version through -ldflags.
set -euo pipefail
cd "$(dirname "$0")/.."

exe=$(node -p "require('./src/datasource/plugin.json').executable")
version=$(node -p "require('./package.json').version")
platforms=${VIGIL_PLATFORMS:-"linux/amd64 linux/arm64"}
# Tests build into their own folder so a running dev server's binary is never overwritten.
outdir=${VIGIL_OUT_DIR:-dist/datasource}
mkdir -p "$outdir"

for p in $platforms; do
  os=${p%/*}
  arch=${p#*/}
  out="${outdir}/${exe}_${os}_${arch}"
  [ "$os" = windows ] && out="$out.exe"
  CGO_ENABLED=0 GOOS=$os GOARCH=$arch go build -trimpath -tags arrow_json_stdlib \
    -ldflags "-w -s -X github.com/vigil/k8ssecurity/pkg/plugin.Version=$version" \
    -o "$out" ./pkg
  echo "built $out"
done
