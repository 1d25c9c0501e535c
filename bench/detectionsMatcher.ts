/**
 * The in-process matcher (what `vigil detect` runs) over the busy-cluster simulator data: all
 * catalog rules over every parsed line, median and minimum of several passes. Prints JSON.
 * Run: npx tsx bench/detectionsMatcher.ts (env BENCH_MINUTES, default 10; BENCH_RUNS, default 6).
 */
import { simulate } from '../backend-stub/src';
import { CATALOG_RULES } from '../src/detections/catalog';
import { matchEvent } from '../src/detections/matcher';
import { planRule } from '../src/detections/plan';
import { SOURCES } from '../src/sources';
import type { ParsedEvent, SourceId } from '../src/sources/types';

const MINUTES = Number(process.env.BENCH_MINUTES ?? 10);
const RUNS = Number(process.env.BENCH_RUNS ?? 6);
const TO = Date.parse('2026-03-01T12:00:00Z');

function sourceOf(labels: Record<string, string>): SourceId {
  return labels.job === 'auditlog' ? 'audit' : labels.container === 'coredns' ? 'coredns' : labels.job === 'kernellog' ? 'netfilter' : 'falco';
}

const sim = simulate({ seed: 3, from: TO - MINUTES * 60_000, to: TO, preset: 'busy', scenarios: 'all' });
const events: ParsedEvent[] = [];
for (const s of sim.streams) {
  const source = sourceOf(s.stream);
  for (const [ts, line] of s.values) {
    const r = SOURCES[source].parse(line, { entryTimeMs: Number(BigInt(ts) / BigInt(1000000)) });
    if (r.ok) {
      events.push(r.event);
    }
  }
}
const plans = CATALOG_RULES.map((r) => planRule(r));
const times: number[] = [];
let hits = 0;
for (let run = 0; run < RUNS; run++) {
  hits = 0;
  const t0 = process.hrtime.bigint();
  for (const p of plans) {
    for (const e of events) {
      hits += matchEvent(p, e) ? 1 : 0;
    }
  }
  times.push(Number(process.hrtime.bigint() - t0) / 1e6);
}
times.sort((a, b) => a - b);
console.log(JSON.stringify({ events: events.length, rules: plans.length, hits, minMs: Math.round(times[0]), medianMs: Math.round(times[Math.floor(RUNS / 2)]) }));
