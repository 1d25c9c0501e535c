// Benchmark of the page host: bundle size and time to first render of the Overview page in
// headless Chromium, for the code-split build the tests use versus one unsplit bundle.
// Writes its section of docs/benchmarks.md. Run: node --import tsx tests/host/bench.ts
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
  const result = await page.evaluate(() => ({
    firstRenderMs: (window as unknown as { firstRenderMs: number }).firstRenderMs,
    jsLoadedBytes: performance
      .getEntriesByType('resource')
      .filter((e) => e.name.endsWith('.js'))
      .reduce((n, e) => n + (e as PerformanceResourceTiming).encodedBodySize, 0),
  }));
  await context.close();
  return result;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (n: number) => `${(n / 1e6).toFixed(2)} MB`;

async function measure(browser: Browser, binary: string, stack: { vl: string; prom: string }, args: string[]) {
  const build = await buildHost(args);
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
    };
  } finally {
    await devhost.stop();
  }
}

function row(name: string, m: { build: HostBuildReport; firstRender: number; jsLoaded: number }) {
  return `| ${name} | ${mb(m.build.js)} (${mb(m.build.jsGzip)} gzip) | ${mb(m.jsLoaded)} | ${Math.round(m.firstRender)} ms |`;
}

async function main() {
  requireBuiltPlugin();
  const binary = await buildDevhost();
  const [vl, prom] = await Promise.all([startVictoriaLogs(), startPrometheus()]);
  const browser = await launchChromium();
  try {
    const stack = { vl: vl.url, prom: prom.url };
    const naive = await measure(browser, binary, stack, ['--no-split']);
    const split = await measure(browser, binary, stack, []);
    const chromium = execFileSync(process.env.CHROMIUM_BIN || '/usr/bin/chromium', ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    const md = [
      '## Page host: bundle size and first render of Overview',
      '',
      `Command: \`node --import tsx tests/host/bench.ts\` (median of ${RUNS} page loads after one warm-up, fresh browser context each,`,
      `loopback devhost without compression; ${chromium} headless). First render = from navigation start until the Overview`,
      'test id enters the DOM (MutationObserver in the page). The naive alternative bundles the lazy pages into the entry.',
      '',
      '| build | JS on disk (all chunks) | JS fetched for Overview | first render |',
      '|---|---|---|---|',
      row('code-split (what tests and the preview use)', split),
      row('one bundle, no splitting (naive)', naive),
      '',
      `CSS: ${mb(split.build.css)}; monaco workers: ${mb(split.build.workers)} (fetched only when a code editor opens).`,
    ].join('\n');
    execFileSync(process.execPath, [join(REPO_ROOT, 'scripts', 'bench-section.mjs'), 'page-host', '-'], {
      input: md,
      stdio: ['pipe', 'inherit', 'inherit'],
    });
    process.stdout.write(md + '\n');
  } finally {
    await browser.close();
    await Promise.all([vl.stop(), prom.stop()]);
    await buildHost(); // leave the default build in place for the tests
  }
}

main().catch((err: Error) => {
  process.stderr.write(`bench: ${err.message}\n`);
  process.exit(1);
});
