/** @jest-environment node */
// The Investigate landing against real servers: the simulator's lines pushed to a real
// VictoriaLogs in both of its layouts (events stored as fields, and lines kept in _msg) and to
// a real Loki when VIGIL_LOKI_URL is set, every query run by the real plugin binary behind
// devhost's /api/ds/query, as the page runs them. The landing equals the ground truth: every
// catalog rule through the detection matcher on the parsed lines, window rules through the
// engine's correlation, with the exceptions the simulator's manifest allows.
import { pushToLoki, simulate, type Backend as PushBackend } from '../../backend-stub/src';
import { evaluationOf, loadQueryTarget, type QueryTarget, type RuleSettings } from '../alerting';
import { SettingsApi, type GrafanaHttp } from '../api/grafana';
import { DATASOURCE_TYPE } from '../constants';
import { matchEvent } from '../detections';
import { CATALOG_RULES } from '../detections/catalog';
import type { SourceId } from '../sources/types';
import { flushVictoriaLogs, lokiUrlFromEnv, startVictoriaLogs, type ManagedServer } from '../../tests/stack';
import { buildDevhost, NOWHERE, requireBuiltPlugin, startDevhost } from '../../tests/host/harness';
import { detectedEvents, httpRunner, loadLanding, parseRows, tallyEntities, type RuleEvents } from '.';

jest.setTimeout(240_000);

const HOUR = 3_600_000;
// Whole minutes, a little in the past, so a real Loki accepts the lines and every run differs.
const TO = Math.floor(Date.now() / 60_000) * 60_000 - 60_000;
const FROM = TO - 3 * HOUR;
const sim = simulate({ seed: 29, from: FROM, to: TO - 5 * 60_000, scenarios: 'all', profile: 'nearform' });
const SOURCE_OF = (l: Record<string, string>): SourceId =>
  l.job === 'auditlog'
    ? 'audit'
    : l.container === 'coredns'
      ? 'coredns'
      : l.job === 'kernellog'
        ? 'netfilter'
        : 'falco';
const ALLOWED: Record<string, RuleSettings> = Object.fromEntries(
  Object.entries(sim.manifest.allowed).map(([id, a]) => [id, { exceptions: [{ 'user.username': a.usernames }] }])
);
const attacker = sim.manifest.scenarios.find((s) => s.id === 'exec-shell')!.entities.user;

function truth(target: QueryTarget) {
  const { events } = parseRows(
    sim.streams.flatMap((s) =>
      s.values.map(([ns, line]) => ({ source: SOURCE_OF(s.stream), timeMs: Number(BigInt(ns) / BigInt(1e6)), line }))
    )
  );
  const perRule: RuleEvents[] = CATALOG_RULES.flatMap((rule) => {
    const { plan } = evaluationOf(rule, ALLOWED[rule.id], target);
    const detected = detectedEvents(
      plan,
      events.filter((e) => matchEvent(plan, e))
    );
    return detected.length ? [{ rule, events: detected, partial: false }] : [];
  });
  return { top: tallyEntities(perRule), fired: perRule.map((r) => r.rule.id).sort() };
}

function nodeHttp(base: string): GrafanaHttp {
  return {
    async request<T>(method: string, url: string, body?: unknown) {
      const res = await fetch(base + url, {
        method,
        headers: { 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, data: (await res.json()) as T };
    },
  };
}

let binary: Promise<string>;
beforeAll(() => {
  requireBuiltPlugin();
  binary = buildDevhost();
});

function suite(
  backend: PushBackend,
  layout: 'native' | 'verbatim' | undefined,
  start: () => Promise<{ url: string; servers: ManagedServer[] }>
) {
  describe(`on ${backend}${layout ? ` (${layout} layout)` : ''}`, () => {
    let servers: ManagedServer[] = [];
    let target: QueryTarget;
    let http: GrafanaHttp;
    beforeAll(async () => {
      const [{ url, servers: up }, bin] = await Promise.all([start(), binary]);
      servers = up;
      await pushToLoki(url, sim.streams, { backend, layout });
      if (backend === 'victorialogs') {
        await flushVictoriaLogs(url);
      }
      const devhost = await startDevhost({ binary: bin, logBackend: backend, logUrl: url, prometheusUrl: NOWHERE });
      servers.push(devhost);
      http = nodeHttp(devhost.url);
      const [ds] = await new SettingsApi(http).dataSources(DATASOURCE_TYPE);
      target = await loadQueryTarget(http, ds);
    });
    afterAll(async () => {
      await Promise.all(servers.map((s) => s.stop()));
    });

    it('lists the entities of the ground truth, the attacker first among users', async () => {
      const landing = await loadLanding(target, FROM, TO, httpRunner(http), { settings: ALLOWED });
      expect(landing.errors).toEqual([]);
      expect(landing.unparsed).toBe(0);
      const expected = truth(target);
      expect(landing.fired.map((f) => f.rule.id).sort()).toEqual(expected.fired);
      expect(landing.top).toEqual(expected.top);
      expect(landing.top.user[0].entity.value).toBe(attacker);
    });
  });
}

for (const layout of ['native', 'verbatim'] as const) {
  suite('victorialogs', layout, async () => {
    const vl = await startVictoriaLogs();
    return { url: vl.url, servers: [vl] };
  });
}
const lokiUrl = lokiUrlFromEnv();
if (lokiUrl) {
  suite('loki', undefined, async () => ({ url: lokiUrl, servers: [] }));
}
