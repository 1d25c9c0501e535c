/** @jest-environment node */
// Backfills an hour into a real VictoriaLogs with the simulator's own push, then checks
// through LogsQL that every stream, volume and scenario line arrived; serves the Falco
// metrics to a real Prometheus and checks the counters through PromQL.
import { flushVictoriaLogs, ManagedServer, queryLogsQL, queryPromQL, startPrometheus, startVictoriaLogs } from '../../tests/stack';
import { FalcoCounters, MetricsServer, pushToLoki, simulate, startMetricsServer } from './index';
import type { ProfileId, SimResult } from './types';

jest.setTimeout(180_000);

const HOUR = 3_600_000;
const TO = Math.floor(Date.now() / 60_000) * 60_000;

/** LogsQL stream filter for a label set; values quoted as JSON strings (Go escapes). */
function streamFilter(labels: Record<string, string>): string {
  return `{${Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}}`;
}

async function count(url: string, query: string): Promise<number> {
  const rows = await queryLogsQL(url, `${query} | stats count() as n`);
  return rows.length === 0 ? 0 : Number(rows[0].n);
}

describe.each<[ProfileId]>([['nearform'], ['falcosidekick']])('backfill into VictoriaLogs with the %s profile', (profile) => {
  let vl: ManagedServer;
  let sim: SimResult;

  beforeAll(async () => {
    vl = await startVictoriaLogs();
    sim = simulate({ seed: 17, from: TO - HOUR, to: TO, profile, scenarios: 'all' });
    const report = await pushToLoki(vl.url, sim.streams, { backend: 'victorialogs', layout: 'verbatim', batchBytes: 256 * 1024 });
    expect(report.lines).toBe(sim.events.length);
    expect(report.requests).toBeGreaterThan(1);
    await flushVictoriaLogs(vl.url);
  });

  afterAll(async () => {
    await vl?.stop();
  });

  it('stores every stream with the profile labels and its exact volume', async () => {
    for (const s of sim.streams) {
      expect([streamFilter(s.stream), await count(vl.url, streamFilter(s.stream))]).toEqual([streamFilter(s.stream), s.values.length]);
    }
    expect(await count(vl.url, '*')).toBe(sim.events.length);
  });

  it('stores each source under its shipper labels', async () => {
    const c = sim.manifest.counts;
    expect(await count(vl.url, '{job="auditlog"}')).toBe(c.audit);
    expect(await count(vl.url, '{job="kernellog"}')).toBe(c.netfilter);
    expect(await count(vl.url, '{namespace="kube-system",container="coredns"}')).toBe(c.coredns);
    if (profile === 'falcosidekick') {
      expect(await count(vl.url, '{rule=~".+",priority=~".+",source=~".+",hostname=~".+"}')).toBe(c.falco);
      expect(await count(vl.url, '{rule="Terminal shell in container",priority="Notice",k8s_ns_name="shop"}')).toBe(1);
    } else {
      expect(await count(vl.url, '{job="falco"}')).toBe(c.falco);
    }
  });

  it('keeps lines verbatim in _msg', async () => {
    const s = sim.streams.find((x) => x.stream.job === 'auditlog')!;
    const [ts, line] = s.values[0];
    const rows = await queryLogsQL(vl.url, `${streamFilter(s.stream)} | sort by (_time) | limit 1`);
    expect(rows[0]._msg).toBe(line);
    expect(rows[0]._time.replace(/\.(\d+)Z$/, (_, f: string) => `.${f.padEnd(9, '0')}Z`)).toBe(new Date(Number(ts.slice(0, -6))).toISOString().slice(0, 20) + ts.slice(-9) + 'Z');
  });

  it('holds every line of every scenario in its stream and time range', async () => {
    for (const sc of sim.manifest.scenarios) {
      const range = `_time:[${new Date(sc.fromMs).toISOString()}, ${new Date(sc.toMs + 1).toISOString()})`;
      const byStream = new Map<string, string[]>();
      for (const l of sc.lines) {
        byStream.set(streamFilter(l.labels), [...(byStream.get(streamFilter(l.labels)) ?? []), l.line]);
      }
      for (const [filter, lines] of byStream) {
        const rows = await queryLogsQL(vl.url, `${filter} ${range}`);
        const got = new Set(rows.map((r) => r._msg));
        expect([sc.id, lines.filter((l) => !got.has(l))]).toEqual([sc.id, []]);
      }
    }
  });

  it('lets the miner pod IP be followed from audit to DNS to netfilter', async () => {
    const miner = sim.manifest.scenarios.find((s) => s.id === 'crypto-miner')!;
    const ip = JSON.stringify(miner.entities.podIP);
    expect(await count(vl.url, `{job="auditlog"} ${ip}`)).toBeGreaterThan(0);
    expect(await count(vl.url, `{container="coredns"} ${ip} "pool.supportxmr.com."`)).toBe(4);
    expect(await count(vl.url, `{job="kernellog"} ${JSON.stringify('SRC=' + miner.entities.podIP)}`)).toBe(8);
  });
});

describe('Falco metrics scraped by Prometheus', () => {
  let prom: ManagedServer;
  let metrics: MetricsServer;
  let sim: SimResult;

  beforeAll(async () => {
    sim = simulate({ seed: 17, from: TO - HOUR, to: TO, scenarios: 'all' });
    const counters = new FalcoCounters();
    counters.add(sim.events);
    metrics = await startMetricsServer(0, counters);
    prom = await startPrometheus({ scrapeTargets: [metrics.url], scrapeIntervalSeconds: 1 });
  });

  afterAll(async () => {
    await prom?.stop();
    await metrics?.stop();
  });

  async function poll(query: string): Promise<Awaited<ReturnType<typeof queryPromQL>>> {
    for (let i = 0; i < 60; i++) {
      const res = await queryPromQL(prom.url, query);
      if (res.length > 0) {
        return res;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error(`no result for ${query} after 30 s`);
  }

  it('sees counters consistent with the generated Falco events', async () => {
    const total = sim.manifest.counts.falco;
    for (const family of ['falco_events', 'falcosecurity_falcosidekick_falco_events_total', 'falcosecurity_falco_rules_matches_total']) {
      const [sample] = await poll(`sum(${family})`);
      expect([family, Number(sample.value[1])]).toEqual([family, total]);
    }
    const alerts = sim.events.filter((e) => ['Warning', 'Error', 'Critical'].includes(e.falco?.priority ?? '')).length;
    const [byNumber] = await poll('sum(falcosecurity_falco_rules_matches_total{priority=~"[0-4]"})');
    expect(Number(byNumber.value[1])).toBe(alerts);
    const shell = await poll('falcosecurity_falcosidekick_falco_events_total{rule="Terminal shell in container"}');
    expect(shell).toHaveLength(1);
    expect(shell[0].metric).toMatchObject({ priority: '3', priority_raw: 'notice', k8s_ns_name: 'shop' });
    const tagged = await poll('falcosecurity_falco_rules_matches_total{rule_name="Terminal shell in container",tag_shell="true",tag_T1059="true"}');
    expect(Number(tagged[0].value[1])).toBe(1);
  });
});
