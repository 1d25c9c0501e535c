/**
 * `vigil-sim`: backfill and/or stream simulated cluster security telemetry.
 */
import { parseArgs } from 'node:util';
import { runLive } from './live';
import { LiveStatus, type StatusMode } from './liveStatus';
import { FalcoCounters, startMetricsServer } from './output/metrics';
import { writeFiles } from './output/files';
import { Backend, pushToLoki } from './output/push';
import { PROFILES } from './profiles';
import { SCENARIOS } from './scenarios';
import { simulate } from './simulate';
import { parseDuration } from './time';
import type { ProfileId, SourceId, Volume } from './types';

const HELP = `Usage: vigil-sim [options]

Generates a small Kubernetes cluster's security telemetry (audit, CoreDNS, netfilter, Falco)
with attack scenarios, and pushes it to Loki/VictoriaLogs, writes files and/or serves Falco metrics.

Options:
  --push URL            Loki or VictoriaLogs base URL (or full push URL)
  --backend B           loki (default) | victorialogs
  --tenant ID           Loki tenant (X-Scope-OrgID)
  --layout L            VictoriaLogs: native (default; JSON lines split into fields, as any
                        shipper's) | verbatim (each line kept in _msg, as Loki keeps it)
  --profile P           shipper labels: ${PROFILES.join(' | ')} (default nearform)
  --scenario S          scenario id, comma list, or all (repeatable; default none)
  --since D             backfill this far back from now, e.g. 90m, 2h (default 1h)
  --seed N              PRNG seed (default 1): same seed and range, same output
  --preset P            default | busy (100x the default volume)
  --volume SRC=N,...    lines per hour per source, e.g. audit=5000,falco=200
  --out DIR             write audit.log, kern.log, containers/*coredns*.log, falco.json, manifest.json
  --manifest FILE       write the ground-truth manifest as JSON
  --metrics-port N      serve Falco metrics on HOST:N/metrics (stays up until Ctrl-C)
  --metrics-host HOST   address the metrics server listens on (default 127.0.0.1; 0.0.0.0 in a container)
  --live                after the backfill, keep generating in real time (pushing and/or appending to --out);
                        prints its status on stdout
  --status S            live status: tty (one line, redrawn in place; default on a terminal) |
                        log (a summary at most once a minute; default otherwise)
  --list-scenarios      print the scenarios and their detection ids
  -h, --help            this help

Scenarios: ${SCENARIOS.map((s) => s.id).join(', ')}
`;

function fail(msg: string): never {
  process.stderr.write(`vigil-sim: ${msg}\nTry vigil-sim --help.\n`);
  process.exit(2);
}

function parseVolume(text: string | undefined): Partial<Volume> {
  const out: Partial<Volume> = {};
  for (const part of (text ?? '').split(',').filter(Boolean)) {
    const [k, v] = part.split('=');
    if (!['audit', 'coredns', 'netfilter', 'falco'].includes(k) || !/^\d+$/.test(v ?? '')) {
      fail(`invalid --volume entry "${part}": use source=lines-per-hour with audit, coredns, netfilter or falco`);
    }
    out[k as SourceId] = Number(v);
  }
  return out;
}

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs({
      options: {
        push: { type: 'string' }, backend: { type: 'string', default: 'loki' }, tenant: { type: 'string' }, layout: { type: 'string', default: 'native' },
        profile: { type: 'string', default: 'nearform' }, scenario: { type: 'string', multiple: true }, since: { type: 'string', default: '1h' },
        seed: { type: 'string', default: '1' }, preset: { type: 'string', default: 'default' }, volume: { type: 'string' }, out: { type: 'string' },
        manifest: { type: 'string' }, 'metrics-port': { type: 'string' }, 'metrics-host': { type: 'string', default: '127.0.0.1' }, live: { type: 'boolean' }, status: { type: 'string' }, 'list-scenarios': { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (err) {
    fail((err as Error).message);
  }
  if (args.help) {
    process.stdout.write(HELP);
    return;
  }
  if (args['list-scenarios']) {
    for (const s of SCENARIOS) {
      process.stdout.write(`${s.id.padEnd(22)} ${s.detections.join(', ')}\n  ${s.description}\n`);
    }
    return;
  }
  const backend = args.backend as Backend;
  if (!['loki', 'victorialogs'].includes(backend)) {
    fail(`unknown backend "${backend}": use loki or victorialogs`);
  }
  if (!PROFILES.includes(args.profile as ProfileId)) {
    fail(`unknown profile "${args.profile}": use ${PROFILES.join(', ')}`);
  }
  if (!['default', 'busy'].includes(args.preset!)) {
    fail(`unknown preset "${args.preset}": use default or busy`);
  }
  const since = parseDuration(args.since!);
  if (since instanceof Error) {
    fail(since.message);
  }
  if (!/^\d+$/.test(args.seed!)) {
    fail(`invalid --seed "${args.seed}": use a non-negative integer`);
  }
  const statusMode = (args.status ?? (process.stdout.isTTY ? 'tty' : 'log')) as StatusMode;
  if (!['tty', 'log'].includes(statusMode)) {
    fail(`unknown status "${args.status}": use tty or log`);
  }
  const metricsPort = args['metrics-port'] === undefined ? undefined : Number(args['metrics-port']);
  if (metricsPort !== undefined && !(Number.isInteger(metricsPort) && metricsPort >= 0 && metricsPort < 65536)) {
    fail(`invalid --metrics-port "${args['metrics-port']}"`);
  }
  if (!args.push && !args.out && !args.manifest && metricsPort === undefined) {
    fail('nothing to do: give --push URL, --out DIR, --manifest FILE and/or --metrics-port N');
  }
  const scenarios = (args.scenario ?? []).flatMap((s) => s.split(',')).filter(Boolean);
  const common = { seed: Number(args.seed), profile: args.profile as ProfileId, scenarios, preset: args.preset as 'default' | 'busy', volume: parseVolume(args.volume) };
  const to = Date.now();
  let result;
  try {
    result = simulate({ ...common, from: to - since, to });
  } catch (err) {
    fail((err as Error).message);
  }
  const log = (m: string) => process.stderr.write(`vigil-sim: ${m}\n`);
  log(`generated ${result.events.length} lines (${Object.entries(result.manifest.counts).map(([k, v]) => `${k} ${v}`).join(', ')}), ${result.manifest.scenarios.length} scenarios`);
  const counters = new FalcoCounters();
  counters.add(result.events);
  if (args.out) {
    const files = await writeFiles(args.out, result.events, result.manifest);
    log(`wrote ${[files.audit, files.kern, files.falco, ...files.coredns].length} log files to ${args.out}`);
  }
  if (args.manifest) {
    const fs = await import('node:fs/promises');
    await fs.writeFile(args.manifest, JSON.stringify(result.manifest, null, 2) + '\n');
  }
  const layout = args.layout as 'native' | 'verbatim';
  if (!['native', 'verbatim'].includes(layout)) {
    fail(`unknown layout "${layout}": use native or verbatim`);
  }
  const pushOpts = args.push ? { url: args.push, backend, tenant: args.tenant, layout } : undefined;
  if (pushOpts) {
    const report = await pushToLoki(pushOpts.url, result.streams, pushOpts);
    log(`pushed ${report.lines} lines in ${report.requests} requests to ${pushOpts.url}`);
  }
  const server = metricsPort === undefined ? undefined : await startMetricsServer(metricsPort, counters, args['metrics-host']);
  if (server) {
    log(`serving Falco metrics at ${server.url}`);
  }
  if (args.live || server) {
    const abort = new AbortController();
    process.once('SIGINT', () => abort.abort());
    process.once('SIGTERM', () => abort.abort());
    if (args.live) {
      log('live: generating in real time; Ctrl-C to stop');
      // A reader that went away (a closed pipe) must not stop the simulator.
      process.stdout.on('error', () => undefined);
      const status = new LiveStatus({
        mode: statusMode,
        verb: pushOpts ? 'pushed' : args.out ? 'written' : 'generated',
        write: (text) => process.stdout.write(text),
        // Piped to a terminal by another program (the native preview), which passes COLUMNS.
        columns: () => process.stdout.columns ?? (Number(process.env.COLUMNS) || undefined),
      });
      await runLive({ ...common, push: pushOpts, outDir: args.out, counters, signal: abort.signal, report: status });
      status.finish();
    } else {
      await new Promise<void>((resolve) => abort.signal.addEventListener('abort', () => resolve(), { once: true }));
    }
    await server?.stop();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`vigil-sim: ${err.message}\n`);
  process.exit(1);
});
