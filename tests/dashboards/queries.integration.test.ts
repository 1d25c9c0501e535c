/** @jest-environment node */
// Every panel query of the dashboards runs against real servers loaded with simulator data
// (attack scenarios on): LogsQL and PromQL through the real plugin binary behind devhost's
// /api/ds/query (VictoriaLogs and Prometheus scraping the simulator's Falco metrics), LogQL on
// the LogQL oracle. Each returns data, and the attack panels show their scenario's entity, with
// VictoriaLogs holding the lines in `_msg` (verbatim) and, as it does by default, the JSON
// events as fields (native): the builder compiles for the layout as the data source does.
import { FalcoCounters, pushToLoki, simulate, startMetricsServer, type MetricsServer } from '../../backend-stub/src';
import { flushVictoriaLogs, startPrometheus, startVictoriaLogs, type ManagedServer } from '../stack';
import { buildDevhost, requireBuiltPlugin, startDevhost } from '../host/harness';
import { evaluateInstant, evaluateLogs, evaluateRange, type LogEntry } from '../logql/oracle';
import { DASHBOARDS, panelTargets, runnableExpr, variableValues, type PanelTarget } from './targets';
import type { Layout } from '../../src/detections/logsql';

jest.setTimeout(300_000);

const MINUTE = 60_000;
const TO = Math.floor(Date.now() / MINUTE) * MINUTE - MINUTE;
const FROM = TO - 120 * MINUTE;
const STEP_S = 60;
const sim = simulate({ seed: 41, from: FROM, to: TO, scenarios: 'all', profile: 'nearform' });
const entries: LogEntry[] = sim.streams.flatMap((s) => s.values.map(([ns, line]) => ({ labels: s.stream, ts: BigInt(ns), line })));
const ms = (t: number) => BigInt(t) * BigInt(1_000_000);
const targets = panelTargets();
const expectations = DASHBOARDS.flatMap((d) => d.expectations.map((e) => ({ ...e, dashboard: d.json.uid as string })));

/** What a panel must contain for its attack, from the simulator's manifest. */
function expectedText(t: PanelTarget): string[] {
  return expectations
    .filter((e) => e.dashboard === t.dashboard && e.panelId === t.panelId && (e.refId ?? 'A') === t.target.refId)
    .map((e) => {
      const s = sim.manifest.scenarios.find((x) => x.id === e.scenario)!;
      return e.text ?? s.entities[e.entity!];
    });
}

function valuesOf(t: PanelTarget) {
  return variableValues(DASHBOARDS.find((d) => d.json.uid === t.dashboard)!, (TO - FROM) / 1000, STEP_S);
}

/** The LogQL form on the oracle, as Loki would answer the backend's request. */
function oracleResult(t: PanelTarget): { rows: number; text: string } {
  const expr = runnableExpr(t.target, 'logql', valuesOf(t));
  if (t.target.queryType === 'logs') {
    const lines = evaluateLogs(expr, entries, ms(FROM), ms(TO), t.target.limit ?? 100);
    return { rows: lines.length, text: JSON.stringify(lines.map((l) => [l.labels, l.line])) };
  }
  if (t.target.instant) {
    const samples = evaluateInstant(expr, entries, ms(TO));
    return { rows: samples.filter((s) => s.value > 0).length, text: JSON.stringify(samples) };
  }
  const series = evaluateRange(expr, entries, ms(FROM), ms(TO), ms(STEP_S * 1000));
  return { rows: series.filter((s) => s.points.some((p) => p.value > 0)).length, text: JSON.stringify(series.map((s) => s.labels)) };
}

interface Frame {
  schema?: { fields: Array<{ name: string; labels?: Record<string, string> }> };
  data?: { values: unknown[][] };
}

describe.each(['verbatim', 'native'] as Layout[])('dashboard panel queries on simulator data, %s layout', (layout) => {
  const ctx = { layouts: { audit: layout, falco: layout } };
  const servers: Array<ManagedServer | MetricsServer> = [];
  let devhostUrl = '';

  beforeAll(async () => {
    requireBuiltPlugin();
    const binary = buildDevhost();
    const counters = new FalcoCounters();
    const metrics = await startMetricsServer(0, counters);
    servers.push(metrics);
    const [vl, prom] = await Promise.all([startVictoriaLogs(), startPrometheus({ scrapeTargets: [metrics.url], scrapeIntervalSeconds: 1 })]);
    servers.push(vl, prom);
    await pushToLoki(vl.url, sim.streams, { backend: 'victorialogs', layout });
    await flushVictoriaLogs(vl.url);
    // Counters grow while Prometheus scrapes, so rates see the baseline and then the attacks.
    await waitFor(async () => (await promValue(prom.url, 'up')) === 1);
    counters.add(sim.events.filter((e) => !e.scenario));
    await new Promise((r) => setTimeout(r, 3000));
    counters.add(sim.events.filter((e) => e.scenario));
    await waitFor(async () => (await promValue(prom.url, 'sum(falco_events)')) === sim.events.filter((e) => e.falco).length);
    const devhost = await startDevhost({ binary: await binary, logBackend: 'victorialogs', logUrl: vl.url, prometheusUrl: prom.url });
    servers.push(devhost);
    devhostUrl = devhost.url;
  });

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
  });

  it('covers every panel target and every attack expectation', () => {
    expect(targets.length).toBeGreaterThan(40);
    expect(expectations.length).toBeGreaterThan(10);
    for (const e of expectations) {
      expect(targets.some((t) => t.dashboard === e.dashboard && t.panelId === e.panelId)).toBe(true);
    }
  });

  it.each(targets.map((t) => [`${t.dashboard} #${t.panelId} ${t.title} ${t.target.refId}`, t] as const))('%s returns data', async (_n, t) => {
    const promql = t.target.language === 'promql';
    const language = promql ? 'promql' : 'logsql';
    const expr = runnableExpr(t.target, promql ? 'logql' : 'logsql', valuesOf(t), promql ? {} : ctx);
    const now = Date.now();
    let [from, to] = promql ? [now - 5 * MINUTE, now] : [FROM, TO];
    let instant = t.target.instant;
    const detection = t.target.builder?.operation.kind === 'detection' ? t.target.builder.operation : undefined;
    if (detection?.form === 'metric') {
      // The detection compiler's LogsQL metric form is its alert query (`_time:<window>` before
      // the evaluation time): evaluate it as an alert would, right after the attack.
      const s = sim.manifest.scenarios.find((x) => x.detections.includes(detection.ruleId))!;
      [from, to, instant] = [s.toMs - 5 * MINUTE, s.toMs + 1000, true];
    }
    const query = { ...t.target, instant, refId: 'A', datasource: { type: t.target.datasource.type, uid: 'vigil' }, language, expr, intervalMs: STEP_S * 1000, maxDataPoints: 1000 };
    const res = await fetch(`${devhostUrl}/api/ds/query`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ queries: [query], from: String(from), to: String(to) }),
    });
    const body = (await res.json()) as { results: Record<string, { frames?: Frame[]; error?: string }> };
    const result = body.results.A;
    expect({ expr, error: result.error }).toEqual({ expr, error: undefined });
    const frames = result.frames ?? [];
    const rows = frames.reduce((n, f) => n + (f.data?.values[0]?.length ?? 0), 0);
    expect({ expr, rows: rows > 0 }).toEqual({ expr, rows: true });
    const text = JSON.stringify(frames);
    for (const want of expectedText(t)) {
      expect({ expr, shows: want, found: text.includes(want) }).toEqual({ expr, shows: want, found: true });
    }
    if (!promql) {
      const oracle = oracleResult(t);
      expect({ logql: runnableExpr(t.target, 'logql', valuesOf(t)), rows: oracle.rows > 0 }).toEqual({ logql: runnableExpr(t.target, 'logql', valuesOf(t)), rows: true });
      for (const want of expectedText(t)) {
        expect({ shows: want, found: oracle.text.includes(want) }).toEqual({ shows: want, found: true });
      }
    }
  });
});

async function promValue(base: string, q: string): Promise<number | undefined> {
  const res = await fetch(`${base}/api/v1/query?query=${encodeURIComponent(q)}`);
  const body = (await res.json()) as { data?: { result?: Array<{ value: [number, string] }> } };
  const v = body.data?.result?.[0]?.value[1];
  return v === undefined ? undefined : Number(v);
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) {
      throw new Error('timed out waiting for Prometheus to scrape the simulator');
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}
