// Benchmark of the page host: its bundle of Grafana's packages, the plugin JavaScript the
// Overview page fetches from the built dist/ (through SystemJS) and the time to first render
// in headless Chromium. Writes its section of docs/benchmarks.md.
// Run after `npm run build`: node --import tsx tests/host/bench.ts
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Browser } from 'playwright-core';
import { testIds } from '../../src/components/testIds';
import { ManagedServer, startPrometheus, startVictoriaLogs } from '../stack';
import {
  HostBuildReport,
  REPO_ROOT,
  buildDevhost,
  buildHost,
  launchChromium,
  requireBuiltPlugin,
  startDevhost,
} from './harness';

const RUNS = Number(process.env.VIGIL_BENCH_RUNS ?? 7);
const OVERVIEW = '/a/vigil-k8ssecurity-app/overview';

interface Sample {
  firstRenderMs: number;
  jsLoadedBytes: number;
  pluginJsBytes: number;
}

// Records, inside the page, the moment the Overview test id first enters the DOM.
function watchFirstRender(selector: string) {
  const w = window as unknown as { firstRenderMs?: number };
  new MutationObserver((_, observer) => {
    if (document.querySelector(selector)) {
      w.firstRenderMs = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
}

async function sample(browser: Browser, url: string): Promise<Sample> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const selector = `[data-testid="${testIds.pages.overview}"]`;
  await page.addInitScript(watchFirstRender, selector);
  await page.goto(url + OVERVIEW);
  await page.waitForSelector(selector);
  // Only plain data comes out of the page: helpers defined in Node do not exist there.
  const [firstRenderMs, js] = await page.evaluate(
    () =>
      [
        (window as unknown as { firstRenderMs: number }).firstRenderMs,
        (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
          .filter((e) => /\.js(\?|$)/.test(e.name))
          .map((e) => ({ path: new URL(e.name).pathname, bytes: e.encodedBodySize })),
      ] as const
  );
  const bytes = (entries: typeof js) => entries.reduce((n, e) => n + e.bytes, 0);
  const result = {
    firstRenderMs,
    jsLoadedBytes: bytes(js),
    pluginJsBytes: bytes(js.filter((e) => e.path.startsWith('/public/plugins/'))),
  };
  await context.close();
  return result;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (n: number) => `${(n / 1e6).toFixed(2)} MB`;

async function measure(browser: Browser, binary: string, stack: { vl: string; prom: string }) {
  const build = await buildHost();
  const devhost: ManagedServer = await startDevhost({
    binary,
    logBackend: 'victorialogs',
    logUrl: stack.vl,
    prometheusUrl: stack.prom,
  });
  try {
    await sample(browser, devhost.url); // warm-up: Chromium's own start-up costs
    const samples: Sample[] = [];
    for (let i = 0; i < RUNS; i++) {
      samples.push(await sample(browser, devhost.url));
    }
    return {
      build,
      firstRender: median(samples.map((s) => s.firstRenderMs)),
      jsLoaded: median(samples.map((s) => s.jsLoadedBytes)),
      pluginJs: median(samples.map((s) => s.pluginJsBytes)),
    };
  } finally {
    await devhost.stop();
  }
}

interface Measured {
  build: HostBuildReport;
  firstRender: number;
  jsLoaded: number;
  pluginJs: number;
}

function row(m: Measured) {
  const kb = (n: number) => `${(n / 1000).toFixed(1)} KB`;
  return `| ${mb(m.build.js)} (${mb(m.build.jsGzip)} gzip) | ${kb(m.pluginJs)} | ${mb(m.jsLoaded)} | ${Math.round(m.firstRender)} ms |`;
}

async function main() {
  requireBuiltPlugin();
  const binary = await buildDevhost();
  const [vl, prom] = await Promise.all([startVictoriaLogs(), startPrometheus()]);
  const browser = await launchChromium();
  try {
    const stack = { vl: vl.url, prom: prom.url };
    const m = await measure(browser, binary, stack);
    const chromium = execFileSync(process.env.CHROMIUM_BIN || '/usr/bin/chromium', ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    const md = [
      '## Page host: bundle size and first render of Overview',
      '',
      `Command: \`node --import tsx tests/host/bench.ts\` (median of ${RUNS} page loads after one warm-up, fresh browser context each,`,
      `loopback devhost without compression; ${chromium} headless). First render = from navigation start until the Overview`,
      "test id enters the DOM (MutationObserver in the page). The host bundle is Grafana's packages and the host's",
      'stand-ins for Grafana core; the plugin is the built dist/, loaded through SystemJS as Grafana loads it (its',
      'chunk sizes: section artifact-sizes).',
      '',
      '| host bundle JS | plugin JS fetched for Overview (dist/) | all JS fetched for Overview | first render |',
      '|---|---|---|---|',
      row(m),
      '',
      `CSS: ${mb(m.build.css)}; monaco workers: ${mb(m.build.workers)} (fetched only when a code editor opens).`,
    ].join('\n');
    execFileSync(process.execPath, [join(REPO_ROOT, 'scripts', 'bench-section.mjs'), 'page-host', '-'], {
      input: md,
      stdio: ['pipe', 'inherit', 'inherit'],
    });
    process.stdout.write(md + '\n');
  } finally {
    await browser.close();
    await Promise.all([vl.stop(), prom.stop()]);
  }
}

main().catch((err: Error) => {
  process.stderr.write(`bench: ${err.message}\n`);
  process.exit(1);
});
