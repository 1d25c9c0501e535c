/**
 * Parser throughput per source (lines/s on one thread), against a naive approach in the
 * same run. Data is generated with a seeded PRNG: audit events of 1–3 KB (Metadata reads,
 * Request-level pod creates, exec), CoreDNS common/combined/IPv6 lines, netfilter TCP/UDP/
 * ICMP lines in kern.log framing, Falco events in both output styles.
 *
 *   npm run bench:parsers            # writes the "parsers" section of docs/benchmarks.md
 *   npm run bench:parsers -- --quick # smaller run, prints only
 *
 * The whole measurement runs three times and each cell is the median of the three, since the
 * machine may be shared. For the JSON sources, JSON.parse alone on the same lines is the
 * ceiling any parser built on it can reach.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SOURCES } from '../src/sources';
import type { SourceId } from '../src/sources/types';
import { NAIVE } from './naiveParsers';
import { generateLines } from './parserData';

const quick = process.argv.includes('--quick');
const COUNTS: Record<SourceId, number> = quick
  ? { audit: 5_000, coredns: 20_000, netfilter: 20_000, falco: 5_000 }
  : { audit: 40_000, coredns: 200_000, netfilter: 200_000, falco: 40_000 };
const TARGET: Record<SourceId, number> = { audit: 100_000, coredns: 200_000, netfilter: 200_000, falco: 0 };
const REPEATS = 5;
const RUNS = quick ? 1 : 3;
const JSON_SOURCES = new Set<SourceId>(['audit', 'falco']);

/** Best-of-N wall time to run `fn` over every line, in seconds (first pass warms the JIT). */
function timeIt(lines: string[], fn: (line: string) => unknown): { seconds: number; ok: number } {
  let ok = 0;
  for (const l of lines.slice(0, 2000)) {
    fn(l);
  }
  let best = Infinity;
  for (let r = 0; r < REPEATS; r++) {
    ok = 0;
    const t0 = process.hrtime.bigint();
    for (const l of lines) {
      const res = fn(l) as { ok?: boolean } | undefined;
      if (res && res.ok !== false) {
        ok++;
      }
    }
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return { seconds: best, ok };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

// The machine may be shared: record how busy it was, since it moves these numbers a lot.
const load = os.loadavg()[0].toFixed(1);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const rows: string[] = [];
for (const id of Object.keys(COUNTS) as SourceId[]) {
  const lines = generateLines(id, COUNTS[id], 42);
  const bytes = lines.reduce((s, l) => s + l.length, 0);
  const rates = { ours: [] as number[], naive: [] as number[], json: [] as number[] };
  for (let run = 0; run < RUNS; run++) {
    const ours = timeIt(lines, (l) => SOURCES[id].parse(l));
    if (ours.ok !== lines.length) {
      throw new Error(`${id}: ${lines.length - ours.ok} generated lines failed to parse`);
    }
    rates.ours.push(lines.length / ours.seconds);
    rates.naive.push(lines.length / timeIt(lines, NAIVE[id].parse).seconds);
    if (JSON_SOURCES.has(id)) {
      rates.json.push(lines.length / timeIt(lines, (l) => JSON.parse(l)).seconds);
    }
  }
  const rate = median(rates.ours);
  const naiveRate = median(rates.naive);
  const ceiling = rates.json.length > 0 ? fmt(median(rates.json)) : '—';
  const target = TARGET[id] ? `${fmt(TARGET[id])} ${rate >= TARGET[id] ? 'met' : '**missed**'}` : '—';
  rows.push(
    `| ${id} | ${fmt(lines.length)} | ${fmt(bytes / lines.length)} B | ${fmt(rate)} | ${(bytes / (lines.length / rate) / 2 ** 20).toFixed(1)} MiB/s | ${NAIVE[id].name}: ${fmt(naiveRate)} | ${(rate / naiveRate).toFixed(2)}× | ${ceiling} | ${target} |`
  );
  console.error(rows[rows.length - 1]);
}

const section = `## Source parsers (bench/parsers.ts)

Lines per second through each TypeScript parser on one thread (best of ${REPEATS} passes after a
warm-up; median of ${RUNS} such runs), on generated lines (seeded PRNG, bench/parserData.ts). The
naive column runs the obvious alternative on the same lines in the same process
(bench/naiveParsers.ts); it does less work (no frames, no typed fields, no entity fields) and
gets several variants wrong. \`JSON.parse\` is that call alone on the same lines: the ceiling of
any parser of the JSON sources that builds on it (ours adds validation, timestamps with
nanoseconds, the flattened catalog fields and the pod-spec summary).

| source | lines | avg line | lines/s | throughput | naive lines/s | ours vs naive | JSON.parse alone | target |
|---|---|---|---|---|---|---|---|---|
${rows.join('\n')}

1-minute load average when the run started: ${load} on ${os.cpus().length} CPUs.

Command: \`npm run bench:parsers\`${quick ? ' -- --quick' : ''}.`;

if (quick) {
  console.log(section);
} else {
  const file = path.join(os.tmpdir(), `vigil-bench-parsers-${process.pid}.md`);
  fs.writeFileSync(file, section);
  execFileSync(process.execPath, [path.join(__dirname, '../scripts/bench-section.mjs'), 'parsers', file], { stdio: 'inherit' });
  fs.rmSync(file);
}
