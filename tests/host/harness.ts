// Builds and starts the page host for browser tests, the benchmark and the native preview:
// the esbuild bundle of Grafana's packages, the devhost Go server (which serves the built
// plugin, dist/, under /public/plugins/<id>/ and launches its backend binary) and Debian's
// Chromium driven by playwright-core. The pages run the shipped artifact, not the sources.
// Every browser test starts its stack with startHostStack().
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Browser, chromium } from 'playwright-core';
import { type ContractServer, type ContractState, startGrafanaContractServer } from '../contract/grafanaContractServer';
import { LokiStream, pushLoki, startPrometheus, startVictoriaLogs } from '../stack';
import { launch, ManagedServer, versionsVar } from '../stack/process';

const run = promisify(execFile);
export const REPO_ROOT = resolve(__dirname, '..', '..');
export const HOST_DIST = join(REPO_ROOT, 'tests', 'host', 'dist');

/**
 * Set by tests/host/buildOnce.ts, jest's global setup of the integration and browser projects:
 * the devhost binary, and whether tests/host/dist holds the bundle, built once for the run.
 */
export const BUILT_DEVHOST_ENV = 'VIGIL_TEST_DEVHOST';
export const BUILT_HOST_ENV = 'VIGIL_TEST_HOST_BUILT';

/** Sizes printed by build.mjs, in bytes. */
export interface HostBuildReport {
  js: number;
  jsGzip: number;
  css: number;
  workers: number;
  files: number;
  buildMs: number;
}

/** Bundles tests/host with esbuild into tests/host/dist. */
export async function buildHost(extraArgs: string[] = []): Promise<HostBuildReport> {
  const { stdout } = await run(process.execPath, [join(REPO_ROOT, 'tests', 'host', 'build.mjs'), ...extraArgs], {
    cwd: REPO_ROOT,
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!) as HostBuildReport;
}

/** The page host bundle in tests/host/dist: the one built for this jest run, else built now. */
export async function ensureHost(): Promise<void> {
  if (process.env[BUILT_HOST_ENV] === '1' && existsSync(join(HOST_DIST, 'index.html'))) {
    return;
  }
  await buildHost();
}

/** The devhost binary: the one built for this jest run, else tools/devhost built now into a temp dir. */
export async function buildDevhost(): Promise<string> {
  const built = process.env[BUILT_DEVHOST_ENV];
  if (built && existsSync(built)) {
    return built;
  }
  const out = join(mkdtempSync(join(tmpdir(), 'vigil-devhost-')), 'devhost');
  await run('go', ['build', '-o', out, './tools/devhost'], { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 });
  return out;
}

/** The built plugin the devhost serves: dist/ from `npm run build`. */
export function requireBuiltPlugin(): void {
  for (const f of ['dist/plugin.json', 'dist/module.js', 'dist/datasource/plugin.json', 'dist/datasource/module.js']) {
    if (!existsSync(join(REPO_ROOT, f))) {
      throw new Error(`${f} is missing: run \`npm run build\` first`);
    }
  }
}

export interface DevhostOptions {
  binary: string;
  logBackend: 'loki' | 'victorialogs';
  logUrl: string;
  prometheusUrl: string;
  pluginLog?: boolean;
  /** Grafana API contract server (tests/contract) answering alerting, folder and settings-write routes. */
  grafanaApiUrl?: string;
  /** Authorization sent to it (the contract server's role); devhost's default is `Bearer Admin`. */
  grafanaApiAuth?: string;
  /** The built plugin to serve; the repository's dist/ unless a test builds its own. */
  dist?: string;
  /** The data source's jsonData.streamSelectors (a selector per source). */
  streamSelectors?: Record<string, string>;
}

/** Starts devhost on loopback; it is ready once /api/datasources answers. */
export function startDevhost(opts: DevhostOptions): Promise<ManagedServer> {
  return launch({
    name: 'devhost',
    binary: opts.binary,
    readyPath: '/api/datasources',
    args: (port) => [
      `-addr=127.0.0.1:${port}`,
      `-static=${HOST_DIST}`,
      `-dist=${opts.dist ?? join(REPO_ROOT, 'dist')}`,
      `-log-backend=${opts.logBackend}`,
      `-log-url=${opts.logUrl}`,
      `-prometheus-url=${opts.prometheusUrl}`,
      ...(opts.pluginLog ? [] : ['-quiet-plugin']),
      ...(opts.grafanaApiUrl ? [`-grafana-api=${opts.grafanaApiUrl}`] : []),
      ...(opts.grafanaApiAuth ? [`-grafana-api-auth=${opts.grafanaApiAuth}`] : []),
      ...(opts.streamSelectors ? [`-stream-selectors=${JSON.stringify(opts.streamSelectors)}`] : []),
    ],
  });
}

/** Debian's Chromium, headless, with the flags docs/dev/test-host.md#chromium explains. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_BIN || versionsVar('CHROMIUM_BIN'),
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** An address where nothing listens: devhost's log store or Prometheus when a test starts none. */
export const NOWHERE = 'http://127.0.0.1:1';

export interface HostStackOptions {
  /**
   * Lines for a fresh VictoriaLogs, pushed as the simulator pushes them before devhost starts.
   * Without them no VictoriaLogs starts and devhost's log store is NOWHERE.
   */
  streams?: LokiStream[];
  /** `verbatim` (default) keeps each line in `_msg`; `native` stores JSON events as fields, VictoriaLogs' default. */
  layout?: 'verbatim' | 'native';
  /** Start Prometheus for devhost (default true); false points devhost at NOWHERE. */
  prometheus?: boolean;
  /**
   * Start the Grafana API contract server (tests/contract) with this state and point devhost's
   * -grafana-api at it: alerting, folder and settings-write routes.
   */
  grafanaApi?: Partial<ContractState>;
  /** More devhost settings: the role sent to the contract server, the data source's stream selectors, another dist/. */
  devhost?: Pick<DevhostOptions, 'grafanaApiAuth' | 'streamSelectors' | 'dist'>;
}

/** Everything a browser test of the pages needs, started together. */
export interface HostStack {
  /** VictoriaLogs' URL, or NOWHERE when the test gave no streams. */
  vlUrl: string;
  /** Prometheus' URL, or NOWHERE. */
  promUrl: string;
  /** The contract server, when `grafanaApi` was given. */
  contract?: ContractServer;
  devhost: ManagedServer;
  browser: Browser;
  stop(): Promise<void>;
}

/**
 * Starts what a browser test needs: the page host bundle and devhost (built once per jest run),
 * VictoriaLogs holding `streams` and Prometheus (each unless told otherwise), the contract
 * server when asked, then devhost over them and Chromium. The caller's afterAll calls stop().
 */
export async function startHostStack(opts: HostStackOptions = {}): Promise<HostStack> {
  requireBuiltPlugin();
  const servers: ManagedServer[] = [];
  let contract: ContractServer | undefined;
  let browser: Browser | undefined;
  const stop = async () => {
    await browser?.close();
    await contract?.stop();
    await Promise.all(servers.map((s) => s.stop()));
  };
  try {
    const started = (s: ManagedServer) => (servers.push(s), s);
    const [, binary, vl, prom] = await Promise.all([
      ensureHost(),
      buildDevhost(),
      opts.streams ? startVictoriaLogs().then(started) : undefined,
      opts.prometheus === false ? undefined : startPrometheus().then(started),
      opts.grafanaApi ? startGrafanaContractServer(opts.grafanaApi).then((c) => (contract = c)) : undefined,
    ]);
    if (vl && opts.streams) {
      // pushLoki flushes VictoriaLogs, so the lines are searchable once it returns.
      await pushLoki(vl.url, opts.streams, { backend: 'victorialogs', layout: opts.layout ?? 'verbatim' });
    }
    const devhost = started(
      await startDevhost({
        binary,
        logBackend: 'victorialogs',
        logUrl: vl?.url ?? NOWHERE,
        prometheusUrl: prom?.url ?? NOWHERE,
        grafanaApiUrl: contract?.url,
        ...opts.devhost,
      })
    );
    browser = await launchChromium();
    return { vlUrl: vl?.url ?? NOWHERE, promUrl: prom?.url ?? NOWHERE, contract, devhost, browser, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
