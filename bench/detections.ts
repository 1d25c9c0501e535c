/**
 * Detection query cost on a real VictoriaLogs with the busy-cluster simulator data: for each
 * catalog rule, the compiled LogsQL vs the naive full-unpack-then-filter query and vs a bare
 * substring scan of the same streams; plus the LogQL plan's per-line stage cost model.
 * Run: npm run bench:detections (writes the "detections" section of docs/benchmarks.md).
 * Options (env): BENCH_MINUTES (default 20) of busy data, BENCH_RUNS (default 3) per query.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pushToLoki, simulate } from '../backend-stub/src';
import { CATALOG_RULES } from '../src/detections/catalog';
import { logqlLogQuery, parserStages, splitConjuncts } from '../src/detections/logql';
import { lineScan, logsqlLogQuery, logsqlNaiveQuery } from '../src/detections/logsql';
import { planRule } from '../src/detections/plan';
import { flushVictoriaLogs, queryLogsQL, startVictoriaLogs } from '../tests/stack';

const MINUTES = Number(process.env.BENCH_MINUTES ?? 20);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const TO = Date.parse('2026-03-01T12:00:00Z');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function timeQuery(url: string, query: string): Promise<{ ms: number; n: number }> {
  const counted = `${query} | stats count() as n`;
  await queryLogsQL(url, counted); // warm caches as an alert evaluated every minute would
  const times: number[] = [];
  let n = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    const rows = await queryLogsQL(url, counted);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    n = Number(rows[0]?.n ?? 0);
  }
  return { ms: median(times), n };
}

/** Which LogQL stages run on every selected line and which only on lines that passed the line filters. */
function costModel(plan: ReturnType<typeof planRule>): string {
  const { rest } = splitConjuncts(plan);
  const filters = logqlLogQuery(plan).split(/ (?=\|[=~]|![=~])/).length - 1;
  const parsers = parserStages(plan).map((s) => s.split(' ')[1]);
  return `${filters} line filter(s) on every line; ${parsers.length ? `${parsers.join(' + ')} (${plan.fields.length} field(s))` : 'no parser'} + ${rest.length} label filter(s) only on lines that pass`;
}

async function main(): Promise<void> {
  const sim = simulate({ seed: 3, from: TO - MINUTES * 60_000, to: TO, preset: 'busy', scenarios: 'all' });
  const lines = sim.streams.reduce((n, s) => n + s.values.length, 0);
  const bytes = sim.streams.reduce((n, s) => n + s.values.reduce((m, [, l]) => m + l.length + 1, 0), 0);
  const vl = await startVictoriaLogs();
  try {
    await pushToLoki(vl.url, sim.streams, { backend: 'victorialogs', layout: 'verbatim' });
    await flushVictoriaLogs(vl.url);
    const rows: string[] = [];
    const ratios: number[] = [];
    const bareRatios: number[] = [];
    for (const rule of CATALOG_RULES) {
      const plan = planRule(rule);
      const compiled = await timeQuery(vl.url, logsqlLogQuery(plan));
      const naive = await timeQuery(vl.url, logsqlNaiveQuery(plan));
      if (naive.n !== compiled.n) {
        throw new Error(`${rule.id}: naive query found ${naive.n} lines, compiled ${compiled.n}`);
      }
      const bare = await timeQuery(vl.url, [plan.selector, ...lineScan(plan)].join(' '));
      const speedup = naive.ms / compiled.ms;
      const overBare = compiled.ms / bare.ms;
      ratios.push(speedup);
      bareRatios.push(overBare);
      rows.push(
        `| ${rule.id} | ${compiled.n} | ${compiled.ms.toFixed(1)} | ${naive.ms.toFixed(1)} | ${speedup.toFixed(1)}× | ${bare.ms.toFixed(1)} | ${overBare.toFixed(2)}× | ${costModel(plan)} |`
      );
      console.error(rows[rows.length - 1]);
    }
    const md = [
      '## Detection queries (compiled vs naive vs bare scan)',
      '',
      `Data: busy-cluster simulator (seed 3, all scenarios), ${MINUTES} min, ${lines.toLocaleString('en-US')} lines, ${(bytes / 2 ** 20).toFixed(0)} MiB, pushed into a real VictoriaLogs (lines kept verbatim in \`_msg\`).`,
      `Each query ends in \`| stats count()\`; time is the median of ${RUNS} runs after one warm-up, measured over HTTP on loopback.`,
      'Naive = the same condition after `unpack_json` of every field (text sources: every extraction) with no line filter first;',
      'bare = the same streams with only the substring/phrase tests the compiled query starts with (no parser, no regex); a rule without any (case-insensitive or length-only conditions) has a bare scan that reads nothing, so its ratio is not meaningful.',
      'Targets: compiled ≥3× faster than naive, and ≤1.5× the bare scan.',
      '',
      '| rule | hits | compiled ms | naive ms | naive/compiled | bare ms | compiled/bare | LogQL plan: stages per line |',
      '|---|---:|---:|---:|---:|---:|---:|---|',
      ...rows,
      '',
      `Median naive/compiled: ${median(ratios).toFixed(1)}× (min ${Math.min(...ratios).toFixed(1)}×); median compiled/bare: ${median(bareRatios).toFixed(2)}× (max ${Math.max(...bareRatios).toFixed(2)}×).`,
      `Load average at the end (shared 2-core machine, 1/5/15 min): ${os.loadavg().map((l) => l.toFixed(2)).join(' / ')}.`,
      'Loki: set `VIGIL_LOKI_URL` to a Loki holding the same data to compare there (not run here: no Loki in this environment).',
      '',
      'Command: `npm run bench:detections` (env BENCH_MINUTES, BENCH_RUNS).',
    ].join('\n');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-bench-')), 'detections.md');
    fs.writeFileSync(file, md);
    execFileSync(process.execPath, ['scripts/bench-section.mjs', 'detections', file], { stdio: 'inherit' });
  } finally {
    await vl.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
