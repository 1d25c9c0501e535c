/**
 * Time to first rows of an Investigate search over 24 h of simulator data, on a real
 * VictoriaLogs through the real plugin binary (devhost's /api/ds/query), vs the naive
 * alternative: pull the newest lines of every source (the backend's 5000-line cap) and
 * filter them in the browser with the source parsers.
 * Run: npx tsx bench/investigate.ts (needs `npm run build` first; writes the "investigate"
 * section of docs/benchmarks.md). Env: BENCH_RUNS (default 5).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pushToLoki, simulate } from '../backend-stub/src';
import type { GrafanaHttp } from '../src/api/grafana';
import { DEFAULT_SELECTORS } from '../src/detections';
import { httpRunner, loadCounts, loadTimeline, rowsOf, toEvents, type Entity, type InvestigateRequest } from '../src/investigate';
import { SOURCE_IDS } from '../src/sources/types';
import { flushVictoriaLogs, startPrometheus, startVictoriaLogs } from '../tests/stack';
import { buildDevhost, requireBuiltPlugin, startDevhost } from '../tests/host/harness';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const HOUR = 3_600_000;
const TO = Math.floor(Date.now() / 60_000) * 60_000;
const FROM = TO - 24 * HOUR;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  await fn(); // warm-up: caches as a second click would see them
  const times: number[] = [];
  let value!: T;
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    value = await fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return { ms: median(times), value };
}

async function main() {
  requireBuiltPlugin();
  const sim = simulate({ seed: 41, from: FROM, to: TO, scenarios: 'all', profile: 'nearform' });
  const lines = sim.streams.reduce((n, s) => n + s.values.length, 0);
  const [binary, vl, prom] = await Promise.all([buildDevhost(), startVictoriaLogs(), startPrometheus()]);
  const servers = [vl, prom];
  try {
    await pushToLoki(vl.url, sim.streams, { backend: 'victorialogs', layout: 'verbatim' });
    await flushVictoriaLogs(vl.url);
    const devhost = await startDevhost({ binary, logBackend: 'victorialogs', logUrl: vl.url, prometheusUrl: prom.url });
    servers.push(devhost);
    const http: GrafanaHttp = {
      async request<T>(method: string, url: string, body?: unknown) {
        const res = await fetch(devhost.url + url, { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
        return { status: res.status, data: (await res.json()) as T };
      },
    };
    const run = httpRunner(http);
    const miner = sim.manifest.scenarios.find((s) => s.id === 'crypto-miner')!;
    const expected = new Set(miner.lines.filter((l) => l.source !== 'audit' || l.line.includes(miner.entities.pod)).map((l) => l.line));
    const pod: Entity = { kind: 'pod', value: `${miner.entities.namespace}/${miner.entities.pod}` };
    const req: InvestigateRequest = { entity: pod, fromMs: FROM, toMs: TO, dsUid: 'vigil', backend: 'victorialogs' };

    const first = await timed(() => loadTimeline(req, run));
    const withCounts = await timed(async () => loadCounts(req, (await loadTimeline(req, run)).plans, run));
    // Naive: newest 5000 lines of every source, parsed and filtered in the browser on the pod and its IP.
    const naive = await timed(async () => {
      const targets = SOURCE_IDS.map((s) => ({ refId: s, datasource: { type: 'vigil-k8ssecurity-datasource', uid: 'vigil' }, version: 1 as const, mode: 'code' as const, queryType: 'logs' as const, language: 'logsql' as const, expr: DEFAULT_SELECTORS[s], limit: 5000 }));
      const results = await run(targets, FROM, TO);
      const events = toEvents(SOURCE_IDS.flatMap((s) => rowsOf(results, s, s)));
      return events.filter((e) => e.line.includes(miner.entities.pod) || e.line.includes(`${miner.entities.podIP}:`) || e.line.includes(`SRC=${miner.entities.podIP} `));
    });
    const found = (ls: string[]) => ls.filter((l) => expected.has(l)).length;
    const body = [
      '## Investigate: time to first rows (24 h entity search)',
      '',
      `Data: ${lines.toLocaleString('en-US')} simulator lines over 24 h (default volume, every scenario), real VictoriaLogs, queries through the plugin binary (devhost /api/ds/query). Entity: the crypto-miner pod; ${expected.size} ground-truth lines. Median of ${RUNS} runs after one warm-up.`,
      '',
      '| approach | time | rows to the browser | ground-truth lines found |',
      '|---|---|---|---|',
      `| Investigate: direct + resolution queries, then resolved sources (first rows) | ${first.ms.toFixed(0)} ms | ${first.value.events.length} | ${found(first.value.events.map((e) => e.line))} / ${expected.size} |`,
      `| Investigate with counts by source over time | ${withCounts.ms.toFixed(0)} ms | — | — |`,
      `| naive: newest 5000 lines per source, parsed and filtered in the browser | ${naive.ms.toFixed(0)} ms | ${SOURCE_IDS.length * 5000} max | ${found(naive.value.map((e) => e.line))} / ${expected.size} |`,
      '',
      'The naive form is both slower and incomplete: the backend caps a page at 5000 lines, so a 24 h range loses older events.',
      '',
      `Command: \`npx tsx bench/investigate.ts\` (load average before: ${os.loadavg()[0].toFixed(2)}).`,
    ].join('\n');
    const out = path.join(os.tmpdir(), 'vigil-bench-investigate.md');
    fs.writeFileSync(out, body);
    execFileSync(process.execPath, [path.join(__dirname, '..', 'scripts', 'bench-section.mjs'), 'investigate', out], { stdio: 'inherit' });
    process.stdout.write(body + '\n');
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : e}\n`);
  process.exit(1);
});
