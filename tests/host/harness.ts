// Builds and starts the page host for browser tests, the benchmark and the native preview:
// the esbuild bundle of Grafana's packages, the devhost Go server (which serves the built
// plugin, dist/, under /public/plugins/<id>/ and launches its backend binary) and Debian's
// Chromium driven by playwright-core. The pages run the shipped artifact, not the sources.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Browser, chromium } from 'playwright-core';
import { flushVictoriaLogs, LokiStream, pushLoki, startPrometheus, startVictoriaLogs } from '../stack';
import { launch, ManagedServer, versionsVar } from '../stack/process';

const run = promisify(execFile);
export const REPO_ROOT = resolve(__dirname, '..', '..');
export const HOST_DIST = join(REPO_ROOT, 'tests', 'host', 'dist');

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

/** Builds tools/devhost into a temp dir and returns the binary's path. */
export async function buildDevhost(): Promise<string> {
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

/** Everything a browser test of the pages needs, started together. */
export interface HostStack {
  vlUrl: string;
  promUrl: string;
  devhost: ManagedServer;
  browser: Browser;
  stop(): Promise<void>;
}

/**
 * Builds the host and devhost, starts the test stack's VictoriaLogs and Prometheus, loads
 * `streams` into VictoriaLogs (pushed like the simulator's; `native` lets VictoriaLogs store
 * JSON events as fields, its default), then devhost (its data source with `streamSelectors`,
 * when given) and Chromium.
 */
export async function startHostStack(
  streams: LokiStream[],
  layout: 'verbatim' | 'native' = 'verbatim',
  opts: Pick<DevhostOptions, 'streamSelectors'> = {}
): Promise<HostStack> {
  requireBuiltPlugin();
  const [, binary, vl, prom] = await Promise.all([buildHost(), buildDevhost(), startVictoriaLogs(), startPrometheus()]);
  const servers: ManagedServer[] = [vl, prom];
  const stop = async () => {
    await Promise.all(servers.map((s) => s.stop()));
  };
  try {
    await pushLoki(vl.url, streams, { backend: 'victorialogs', layout });
    await flushVictoriaLogs(vl.url);
    const devhost = await startDevhost({ binary, logBackend: 'victorialogs', logUrl: vl.url, prometheusUrl: prom.url, ...opts });
    servers.push(devhost);
    const browser = await launchChromium();
    return {
      vlUrl: vl.url,
      promUrl: prom.url,
      devhost,
      browser,
      stop: async () => {
        await browser.close();
        await stop();
      },
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
