/**
 * Simulator throughput: generation lines/s (default and busy presets) and push lines/s into
 * a real VictoriaLogs, batched versus the naive one-request-per-line push.
 * Run: npm run bench:sim   (writes the "simulator" section of docs/benchmarks.md)
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { flushVictoriaLogs, startVictoriaLogs } from '../../tests/stack';
import { pushToLoki, simulate } from '../src';
import type { Stream } from '../src/types';

const TO = Math.floor(Date.now() / 60_000) * 60_000;
const HOUR = 3_600_000;

function timed<T>(fn: () => T): [T, number] {
  const t0 = process.hrtime.bigint();
  const out = fn();
  return [out, Number(process.hrtime.bigint() - t0) / 1e9];
}

async function timedAsync<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = process.hrtime.bigint();
  const out = await fn();
  return [out, Number(process.hrtime.bigint() - t0) / 1e9];
}

const rate = (n: number, s: number) => Math.round(n / s).toLocaleString('en-US');

async function main(): Promise<void> {
  simulate({ seed: 1, from: TO - HOUR, to: TO }); // warm-up (JIT)
  const [def, tDef] = timed(() => simulate({ seed: 1, from: TO - 6 * HOUR, to: TO, scenarios: 'all' }));
  const [busy, tBusy] = timed(() => simulate({ seed: 1, from: TO - HOUR, to: TO, preset: 'busy', scenarios: 'all' }));
  const bytes = busy.streams.reduce((n, s) => n + s.values.reduce((m, [, l]) => m + l.length + 1, 0), 0);

  const vl = await startVictoriaLogs();
  try {
    const [report, tPush] = await timedAsync(async () => {
      const r = await pushToLoki(vl.url, busy.streams, { backend: 'victorialogs' });
      await flushVictoriaLogs(vl.url);
      return r;
    });
    // The naive alternative: one request per line (as a per-event shipper would), on a sample.
    const sample: Stream[] = def.streams.map((s) => ({ stream: s.stream, values: s.values.slice(0, 200) }));
    const sampleLines = sample.reduce((n, s) => n + s.values.length, 0);
    const [, tNaive] = await timedAsync(() => pushToLoki(vl.url, sample, { backend: 'victorialogs', batchBytes: 1 }));

    const md = [
      '## Simulator throughput',
      '',
      'Command: `npm run bench:sim` (backend-stub/bench/throughput.ts). VictoriaLogs from the test stack on loopback.',
      '',
      '| measurement | data | time | lines/s |',
      '|---|---|---|---|',
      `| generate, default preset, all scenarios | 6 h, ${def.events.length.toLocaleString('en-US')} lines | ${tDef.toFixed(2)} s | ${rate(def.events.length, tDef)} |`,
      `| generate, busy preset (100×), all scenarios | 1 h, ${busy.events.length.toLocaleString('en-US')} lines, ${(bytes / 2 ** 20).toFixed(0)} MiB | ${tBusy.toFixed(2)} s | ${rate(busy.events.length, tBusy)} |`,
      `| push to VictoriaLogs, 1 MiB batches | busy 1 h, ${report.lines.toLocaleString('en-US')} lines, ${report.requests} requests | ${tPush.toFixed(2)} s | ${rate(report.lines, tPush)} |`,
      `| push to VictoriaLogs, one request per line (naive) | ${sampleLines.toLocaleString('en-US')} lines | ${tNaive.toFixed(2)} s | ${rate(sampleLines, tNaive)} |`,
    ].join('\n');
    const file = path.join(os.tmpdir(), `vigil-bench-sim-${process.pid}.md`);
    fs.writeFileSync(file, md + '\n');
    execFileSync('node', [path.join(__dirname, '../../scripts/bench-section.mjs'), 'simulator', file], { stdio: 'inherit' });
    fs.rmSync(file);
    process.stdout.write(md + '\n');
  } finally {
    await vl.stop();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`bench:sim failed: ${err.message}\n`);
  process.exit(1);
});
