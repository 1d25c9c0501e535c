#!/usr/bin/env bash
# Frame conversion benchmark: Vigil's streaming converters vs decoding the whole response
# into generic values first, on one core (GOMAXPROCS=1), one 5,000-line page (Loki's
# maximum) per operation. Writes the "backend-frames" section of docs/benchmarks.md.
# Usage: scripts/bench-backend.sh   (VIGIL_BENCH_COUNT=N repeats, default 5; the median is shown)
set -euo pipefail
cd "$(dirname "$0")/.."
count=${VIGIL_BENCH_COUNT:-5}
raw=$(mktemp)
out=$(mktemp)
trap 'rm -f "$raw" "$out"' EXIT

cmd="go test -run '^\$' -bench . -benchmem -benchtime 20x -count $count -cpu 1 ./pkg/frames/"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
eval "$cmd" | tee "$raw" >&2
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# Median of each metric per benchmark name.
awk '
  /^Benchmark/ {
    name=$1; sub(/-[0-9]+$/, "", name); sub(/^Benchmark/, "", name)
    for (i = 3; i < NF; i++) {
      if ($(i+1) == "lines/s") ls[name] = ls[name] " " $i
      if ($(i+1) == "B/op") bo[name] = bo[name] " " $i
      if ($(i+1) == "allocs/op") al[name] = al[name] " " $i
      if ($(i+1) == "MB/s") mb[name] = mb[name] " " $i
    }
    if (!(name in seen)) { order[++n] = name; seen[name] = 1 }
  }
  function median(s,   a, k, i, j, t) {
    k = split(s, a, " ")
    for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
    return a[int((k + 1) / 2)]
  }
  END {
    for (i = 1; i <= n; i++) {
      name = order[i]
      printf "%s %d %d %d %.1f\n", name, median(ls[name]), median(bo[name]), median(al[name]), median(mb[name])
    }
  }' "$raw" > "$out"

row() { # label streaming-name naive-name
  local s n
  s=$(grep "^$2 " "$out"); n=$(grep "^$3 " "$out")
  awk -v label="$1" -v s="$s" -v n="$n" 'BEGIN {
    split(s, a, " "); split(n, b, " ")
    printf "| %s | %\047d | %\047d | %.1f× | %.1f MiB / %d | %.1f MiB / %d |\n", label, a[2], b[2], a[2] / b[2], a[3] / 1048576, a[4], b[3] / 1048576, b[4]
  }'
}

section=$(mktemp)
trap 'rm -f "$raw" "$out" "$section"' EXIT
{
  echo "## Backend frame conversion (pkg/frames)"
  echo
  echo "Log responses converted to a dataplane log-lines frame (timestamp, body, labels, id), newest first."
  echo "One operation = one page of 5,000 lines (Loki's maximum), one core (\`-cpu 1\`), median of $count runs."
  echo "Streaming = Vigil's converters; naive = decode the whole response into generic Go values, then convert."
  echo "Audit lines are ~600-byte Kubernetes audit events (JSON, so heavily escaped inside Loki's JSON); short lines are ~110-byte CoreDNS query logs."
  echo "The large-response rows feed 50,000 lines with a 5,000 limit: streaming reads only the page."
  echo "The native-layout row holds the same audit events as VictoriaLogs stores them when it splits JSON into fields (23 fields a row, \`_msg\` the \"missing _msg field\" placeholder): the converter rebuilds each body as a JSON object of the event's fields (docs/victorialogs.md); naive decodes each row into a map and marshals the event fields."
  echo
  echo "| Response | streaming lines/s/core | naive lines/s/core | speedup | streaming memory / allocs per page | naive memory / allocs per page |"
  echo "|---|---:|---:|---:|---:|---:|"
  row "Loki, audit lines" LokiStreaming LokiNaive
  row "Loki, short lines" LokiStreamingShortLines LokiNaiveShortLines
  row "VictoriaLogs, audit lines" VictoriaLogsStreaming VictoriaLogsNaive
  row "VictoriaLogs, short lines" VictoriaLogsStreamingShortLines VictoriaLogsNaiveShortLines
  row "VictoriaLogs, 50k-line response, limit 5k" VictoriaLogsStreamingLargeResponse VictoriaLogsNaiveLargeResponse
  row "VictoriaLogs, audit events as fields (native layout)" VictoriaLogsStreamingNative VictoriaLogsNaiveNative
  echo
  echo "Target: ≥500,000 lines/s/core. Load average during the run: $load_before → $load_after (the machine is shared, so absolute numbers are pessimistic; ratios are more stable)."
  echo
  echo "Command: \`scripts/bench-backend.sh\` (runs \`$cmd\`)."
} > "$section"
cat "$section"
node scripts/bench-section.mjs backend-frames "$section"
