#!/usr/bin/env bash
# Packs the built plugin (dist/) the way Grafana's plugin installer and the plugin validator
# expect: a zip with one top-level folder named after the plugin id, holding plugin.json,
# module.js and their chunks, the nested data source and both architectures' executables
# (executable bits kept). `npm run package` builds first; this script packs what is built.
# Usage: scripts/package.sh [out-dir]   (default: the repository root); prints the zip's path.
set -euo pipefail
cd "$(dirname "$0")/.."

for f in dist/plugin.json dist/module.js dist/datasource/plugin.json dist/datasource/module.js; do
  [ -f "$f" ] || { echo "package: $f is missing; run npm run build" >&2; exit 1; }
done
id=$(node -p "require('./dist/plugin.json').id")
version=$(node -p "require('./dist/plugin.json').info.version")
out=$(cd "${1:-.}" && pwd)
zip="$out/$id-$version.zip"

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp -a dist "$stage/$id"
rm -f "$zip"
# -X leaves out extra file attributes (uid/gid, times) so the archive depends on content only.
(cd "$stage" && zip -q -r -X "$zip" "$id")
echo "$zip"
