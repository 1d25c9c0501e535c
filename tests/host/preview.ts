// The native preview: Vigil's pages on the page host, over a real VictoriaLogs and
// Prometheus filled by the cluster simulator, with the real backend binary behind devhost.
// Started by scripts/preview.sh; Ctrl-C stops everything. It is not Grafana. It prints its
// URLs once, then the simulator's live status: one line redrawn in place on a terminal, a
// summary at most once a minute otherwise.
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ManagedServer, startPrometheus, startVictoriaLogs } from '../stack';
import { freeLoopbackPort } from '../stack/process';
import { REPO_ROOT, buildDevhost, buildHost, requireBuiltPlugin, startDevhost } from './harness';
import { startGrafanaContractServer } from '../contract/grafanaContractServer';

const SIM_CLI = join(REPO_ROOT, 'bin', 'vigil-sim.mjs');
const SIM_SOURCES = join(REPO_ROOT, 'backend-stub', 'src', 'cli.ts');
const SIM_READY_TIMEOUT_MS = 180_000;

const servers: ManagedServer[] = [];
let simulator: ChildProcess | undefined;

// The simulator's stdout (its live status) is held until the URLs are printed, then passed on.
let held: Buffer[] | undefined = [];
/** The last output ended inside the status line (a terminal's line is redrawn, not ended). */
let midLine = false;

function relay(chunk: Buffer) {
  if (held) {
    held.push(chunk);
    return;
  }
  process.stdout.write(chunk);
  midLine = chunk.length > 0 && chunk[chunk.length - 1] !== 0x0a;
}

function releaseStatus() {
  const chunks = held ?? [];
  held = undefined;
  chunks.forEach(relay);
}

const log = (msg: string) => {
  if (midLine) {
    process.stdout.write('\n');
    midLine = false;
  }
  process.stderr.write(`[preview] ${msg}\n`);
};
let stopContract: (() => Promise<void>) | undefined;

// Synchronous, so it also runs from the exit hook the test stack's own Ctrl-C handler triggers.
function stopSimulator() {
  if (simulator?.pid && simulator.exitCode === null) {
    try {
      process.kill(-simulator.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}
process.on('exit', stopSimulator);

async function stopAll() {
  stopSimulator();
  await Promise.all([...servers.map((s) => s.stop()), stopContract?.()].map((p) => p?.catch(() => undefined)));
}

// The simulator backfills two hours with every scenario, then keeps generating in real
// time and serves its Falco metrics for Prometheus to scrape.
async function startSimulator(vlUrl: string, metricsPort: number): Promise<boolean> {
  if (!existsSync(SIM_SOURCES)) {
    log('the cluster simulator (backend-stub/) is not part of this checkout: the pages will show no data');
    return false;
  }
  const args = [SIM_CLI, '--push', vlUrl, '--backend', 'victorialogs', '--since', '2h', '--scenario', 'all'];
  args.push('--live', '--metrics-port', String(metricsPort));
  log(`backfilling simulator data: vigil-sim ${args.slice(1).join(' ')}`);
  // Its stdout comes through a pipe: tell it whether ours is a terminal, and how wide.
  const tty = Boolean(process.stdout.isTTY);
  args.push('--status', tty ? 'tty' : 'log');
  simulator = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...(tty && process.stdout.columns ? { COLUMNS: String(process.stdout.columns) } : {}) },
  });
  simulator.stdout!.on('data', relay);
  const exited = new Promise<number | null>((done) => simulator!.once('exit', done));
  const deadline = Date.now() + SIM_READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const outcome = await Promise.race([exited.then((code) => ({ code })), sleep(500).then(() => undefined)]);
    if (outcome) {
      throw new Error(`the simulator exited with code ${outcome.code} before its backfill finished`);
    }
    const res = await fetch(`http://127.0.0.1:${metricsPort}/metrics`).catch(() => undefined);
    if (res?.ok) {
      return true;
    }
  }
  throw new Error(`the simulator did not finish its backfill within ${SIM_READY_TIMEOUT_MS / 1000} s`);
}

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}

async function main() {
  requireBuiltPlugin();
  log('building the page host and devhost');
  const [report, devhostBinary] = await Promise.all([buildHost(), buildDevhost()]);
  log(`page host: ${(report.js / 1e6).toFixed(2)} MB JS (${(report.jsGzip / 1e6).toFixed(2)} MB gzip)`);

  const metricsPort = await freeLoopbackPort();
  const [vl, prom] = await Promise.all([
    startVictoriaLogs(),
    startPrometheus({ scrapeTargets: [`127.0.0.1:${metricsPort}`], scrapeIntervalSeconds: 15 }),
  ]);
  servers.push(vl, prom);
  log(`VictoriaLogs ${vl.url}, Prometheus ${prom.url}`);
  await startSimulator(vl.url, metricsPort);

  // Alert rules, folders and app settings written by the pages go to the contract server (README).
  const contract = await startGrafanaContractServer({
    plugins: new Map([['vigil-k8ssecurity-app', { id: 'vigil-k8ssecurity-app', enabled: true, pinned: true, jsonData: {} }]]),
  });
  stopContract = contract.stop;
  log(`Grafana API contract server ${contract.url} (alert rule writes land here)`);
  const devhost = await startDevhost({
    binary: devhostBinary,
    logBackend: 'victorialogs',
    logUrl: vl.url,
    prometheusUrl: prom.url,
    pluginLog: process.env.VIGIL_PREVIEW_PLUGIN_LOG === '1',
    grafanaApiUrl: contract.url,
  });
  servers.push(devhost);
  process.stdout.write(
    `\nVigil native preview (a test host, not Grafana) is running:\n\n  ${devhost.url}/a/vigil-k8ssecurity-app/overview\n\nPress Ctrl-C to stop.\n\n`
  );
  releaseStatus();
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  log('stopping');
  await stopAll();
}

main().catch(async (err: Error) => {
  log(`cannot start: ${err.message}`);
  await stopAll();
  process.exit(1);
});
