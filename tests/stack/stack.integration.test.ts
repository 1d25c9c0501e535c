/** @jest-environment node */
import { existsSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import {
  lokiUrlFromEnv,
  LokiStream,
  ManagedServer,
  pushLoki,
  queryLogsQL,
  queryLokiRange,
  queryPromQL,
  startPrometheus,
  startVictoriaLogs,
} from './index';

jest.setTimeout(60_000);

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function expectStopped(server: ManagedServer): Promise<void> {
  await server.stop();
  expect(isRunning(server.pid)).toBe(false);
  expect(existsSync(server.dataDir)).toBe(false);
}

const NS_PER_MS = BigInt(1_000_000);
const NS_PER_S = BigInt(1_000_000_000);

/** Go's RFC3339Nano in UTC, as VictoriaLogs prints `_time`: trailing zeros of the fraction dropped. */
function rfc3339Nano(nsText: string): string {
  const n = BigInt(nsText);
  const seconds = new Date(Number(n / NS_PER_S) * 1000).toISOString().slice(0, 19);
  const fraction = (n % NS_PER_S).toString().padStart(9, '0').replace(/0+$/, '');
  return `${seconds}${fraction ? '.' + fraction : ''}Z`;
}

// A unique run id keeps assertions on a real shared Loki to this run's lines.
const runId = `run${process.pid}x${Date.now()}`;
// A sub-millisecond part proves nanoseconds survive the round trip.
const baseNs = BigInt(Date.now() - 60_000) * NS_PER_MS + BigInt(123_456);
const ns = (offsetMs: number) => (baseNs + BigInt(offsetMs) * NS_PER_MS).toString();
const jsonLine = JSON.stringify({ verb: 'delete', objectRef: { resource: 'secrets' }, run: runId });

const streams: LokiStream[] = [
  {
    stream: { job: 'audit', cluster: 'c1', run: runId },
    values: [
      [ns(0), jsonLine],
      [ns(1), 'plain second line'],
    ],
  },
  { stream: { job: 'coredns', cluster: 'c1', run: runId }, values: [[ns(2), 'query A example.org.']] },
];

describe('VictoriaLogs through the Loki push API', () => {
  let vl: ManagedServer;
  beforeAll(async () => {
    vl = await startVictoriaLogs();
  });
  afterAll(async () => {
    await expectStopped(vl);
  });

  it('returns the pushed lines with their labels and nanosecond timestamps', async () => {
    await pushLoki(vl.url, streams);
    const rows = await queryLogsQL(vl.url, `run:=${JSON.stringify(runId)} | sort by (_time)`);
    expect(rows.map((r) => r._msg)).toEqual([jsonLine, 'plain second line', 'query A example.org.']);
    expect(rows.map((r) => r.job)).toEqual(['audit', 'audit', 'coredns']);
    expect(rows.every((r) => r.cluster === 'c1')).toBe(true);
    // Labels become stream fields, as in Loki.
    expect(rows[0]._stream).toBe(`{cluster="c1",job="audit",run="${runId}"}`);
    expect(rows.map((r) => r._time)).toEqual([0, 1, 2].map((o) => rfc3339Nano(ns(o))));
  });

  it('filters by a stream selector in LogsQL', async () => {
    const rows = await queryLogsQL(vl.url, `{job="coredns", run="${runId}"}`);
    expect(rows.map((r) => r._msg)).toEqual(['query A example.org.']);
  });

  it('carries the upstream message when a query is malformed', async () => {
    await expect(queryLogsQL(vl.url, 'run:=(')).rejects.toThrow(/HTTP 400: .*cannot parse/i);
  });

  it('keeps tenants apart on push and query (accountID:projectID)', async () => {
    await pushLoki(vl.url, streams, { backend: 'victorialogs', tenant: '7:3' });
    const query = `run:=${JSON.stringify(runId)}`;
    expect(await queryLogsQL(vl.url, query, {}, { tenant: '7:3' })).toHaveLength(3);
    expect(await queryLogsQL(vl.url, query, {}, { tenant: '7' })).toHaveLength(0);
  });
});

describe('Prometheus scraping an in-test metrics endpoint', () => {
  let metrics: Server;
  let prom: ManagedServer;
  beforeAll(async () => {
    metrics = createServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' });
      res.end(
        '# TYPE falcosecurity_falco_rules_matches_total counter\n' +
          'falcosecurity_falco_rules_matches_total{rule="Terminal shell in container",priority="4"} 7\n' +
          'falcosecurity_falco_rules_matches_total{rule="Read sensitive file untrusted",priority="4"} 3\n'
      );
    });
    await new Promise<void>((done) => metrics.listen(0, '127.0.0.1', done));
    const { port } = metrics.address() as AddressInfo;
    prom = await startPrometheus({ scrapeTargets: [`127.0.0.1:${port}`], scrapeIntervalSeconds: 1 });
  });
  afterAll(async () => {
    await expectStopped(prom);
    await new Promise((done) => metrics.close(done));
  });

  it('reads the scraped values back with PromQL', async () => {
    const query = 'sum by (rule) (falcosecurity_falco_rules_matches_total)';
    // The first scrape lands within a scrape interval; poll Prometheus rather than sleep.
    let samples = await queryPromQL(prom.url, query);
    for (let i = 0; i < 100 && samples.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 100));
      samples = await queryPromQL(prom.url, query);
    }
    const byRule = Object.fromEntries(samples.map((s) => [s.metric.rule, s.value[1]]));
    expect(byRule).toEqual({ 'Terminal shell in container': '7', 'Read sensitive file untrusted': '3' });
  });

  it('carries the upstream message when a query is malformed', async () => {
    await expect(queryPromQL(prom.url, 'sum(')).rejects.toThrow(/HTTP 400: .*parse error/);
  });
});

describe('parallel start', () => {
  it('gives every server its own port and data dir', async () => {
    const servers = await Promise.all([startVictoriaLogs(), startVictoriaLogs(), startPrometheus()]);
    expect(new Set(servers.map((s) => s.url)).size).toBe(3);
    expect(new Set(servers.map((s) => s.dataDir)).size).toBe(3);
    await Promise.all(servers.map(expectStopped));
  });
});

describe('a missing binary', () => {
  const saved = process.env.VICTORIALOGS_BIN;
  afterEach(() => {
    if (saved === undefined) {
      delete process.env.VICTORIALOGS_BIN;
    } else {
      process.env.VICTORIALOGS_BIN = saved;
    }
  });

  it('fails with a message naming the set-up command', async () => {
    process.env.VICTORIALOGS_BIN = '/nonexistent/victoria-logs';
    await expect(startVictoriaLogs()).rejects.toThrow('run `npm run setup` first');
  });
});

const lokiUrl = lokiUrlFromEnv();
// Opt-in: only when a real Loki is given (VIGIL_LOKI_URL); same data, same assertions.
if (lokiUrl) {
  describe('a real Loki (VIGIL_LOKI_URL)', () => {
    it('returns the pushed lines with their labels and timestamps', async () => {
      const url = lokiUrl as string;
      await pushLoki(url, streams, { backend: 'loki' });
      const entries = await queryLokiRange(url, `{run="${runId}"}`, ns(-1000), ns(1000));
      entries.sort((a, b) => (BigInt(a.ts) < BigInt(b.ts) ? -1 : 1));
      expect(entries.map((e) => e.line)).toEqual([jsonLine, 'plain second line', 'query A example.org.']);
      expect(entries.map((e) => e.labels.job)).toEqual(['audit', 'audit', 'coredns']);
      expect(entries.map((e) => e.ts)).toEqual([ns(0), ns(1), ns(2)]);
    });
  });
}
