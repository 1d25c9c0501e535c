/** @jest-environment node */
// Investigate against real servers: simulator data pushed to a real VictoriaLogs in both of its
// layouts (events stored as fields, its default, and lines kept in _msg) and to a real Loki when
// VIGIL_LOKI_URL is set, every query run by the real plugin binary behind devhost's
// /api/ds/query, exactly as the page runs them: the data source and its layouts are read as the
// page reads them (data source list, then the backend's health check).
import { pushToLoki, simulate, type Backend as PushBackend, type SimResult } from '../../backend-stub/src';
import { loadQueryTarget, type QueryTarget } from '../alerting/target';
import { SettingsApi, type GrafanaHttp } from '../api/grafana';
import { DATASOURCE_TYPE } from '../constants';
import { SOURCES } from '../sources';
import type { SourceId } from '../sources/types';
import { flushVictoriaLogs, lokiUrlFromEnv, startPrometheus, startVictoriaLogs, type ManagedServer } from '../../tests/stack';
import { buildDevhost, requireBuiltPlugin, startDevhost } from '../../tests/host/harness';
import { httpRunner, loadCounts, loadOlder, loadTimeline, type Entity, type InvestigateRequest, type QueryRunner } from '.';

jest.setTimeout(240_000);

const HOUR = 3_600_000;
// Whole minutes, a little in the past, so a real Loki accepts the lines and every run differs.
const TO = Math.floor(Date.now() / 60_000) * 60_000 - 60_000;
const FROM = TO - 2 * HOUR;
const sim: SimResult = simulate({ seed: 23, from: FROM, to: TO, scenarios: 'all', profile: 'nearform' });
const scenario = (id: string) => sim.manifest.scenarios.find((s) => s.id === id)!;

function nodeHttp(base: string): GrafanaHttp {
  return {
    async request<T>(method: string, url: string, body?: unknown) {
      const res = await fetch(base + url, { method, headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: res.status, data: (await res.json()) as T };
    },
  };
}

/**
 * What a line says, whatever the layout: its parsed fields (empty values left out, as
 * VictoriaLogs does not store them). A row stored as fields comes back as a flat JSON line,
 * not the pushed text, and parses to the same event.
 */
function eventKey(source: SourceId, line: string): string {
  const parsed = SOURCES[source].parse(line);
  if (!parsed.ok) {
    return `${source} unparsed ${line}`;
  }
  const fields = Object.entries(parsed.event.fields).filter(([, v]) => v !== '' && v !== null && v !== undefined);
  return `${source} ${JSON.stringify(fields.sort(([a], [b]) => a.localeCompare(b)))}`;
}

let binary: Promise<string>;
beforeAll(() => {
  requireBuiltPlugin();
  binary = buildDevhost();
});

/** JSON sources follow the push layout; CoreDNS and netfilter lines are text, kept in _msg either way. */
const detected = (layout: 'native' | 'verbatim') => ({ audit: layout, coredns: 'verbatim', netfilter: 'verbatim', falco: layout });

function suite(backend: PushBackend, layout: 'native' | 'verbatim' | undefined, start: () => Promise<{ url: string; servers: ManagedServer[] }>) {
  describe(`on ${backend}${layout ? ` (${layout} layout)` : ''}`, () => {
    let servers: ManagedServer[] = [];
    let run: QueryRunner;
    let target: QueryTarget;
    const req = (entity: Entity, extra: Partial<InvestigateRequest> = {}): InvestigateRequest => ({ entity, fromMs: FROM, toMs: TO, ...target, ...extra });

    beforeAll(async () => {
      const [{ url, servers: up }, prom, bin] = await Promise.all([start(), startPrometheus(), binary]);
      servers = [...up, prom];
      await pushToLoki(url, sim.streams, { backend, layout });
      if (backend === 'victorialogs') {
        await flushVictoriaLogs(url);
      }
      const devhost = await startDevhost({ binary: bin, logBackend: backend, logUrl: url, prometheusUrl: prom.url });
      servers.push(devhost);
      const http = nodeHttp(devhost.url);
      run = httpRunner(http);
      const [ds] = await new SettingsApi(http).dataSources(DATASOURCE_TYPE);
      target = await loadQueryTarget(http, ds);
    });

    it('reads each source with the layout its data is stored in', () => {
      // No stream selectors set on devhost's data source: every source reads the default.
      expect(target).toEqual({ dsUid: 'vigil', backend, layouts: layout ? detected(layout) : {}, selectors: {} });
    });

    afterAll(async () => {
      await Promise.all(servers.map((s) => s.stop()));
    });

    it('crypto-miner: the pod timeline holds the audit create, the DNS lookups and the netfilter packets', async () => {
      const s = scenario('crypto-miner');
      const pod: Entity = { kind: 'pod', value: `${s.entities.namespace}/${s.entities.pod}` };
      const result = await loadTimeline(req(pod), run);
      expect(result.errors).toEqual([]);
      expect(result.resolution.ips).toEqual([s.entities.podIP]);
      const found = new Set(result.events.map((e) => eventKey(e.source, e.line)));
      const create = s.lines.find((l) => l.source === 'audit' && l.line.includes('"verb":"create"') && l.line.includes(s.entities.pod))!;
      expect(found).toContain(eventKey('audit', create.line));
      const dns = s.lines.filter((l) => l.source === 'coredns');
      const packets = s.lines.filter((l) => l.source === 'netfilter');
      expect(dns.length).toBe(4);
      expect(packets.length).toBe(8);
      [...dns, ...packets].forEach((l) => expect(found).toContain(eventKey(l.source, l.line)));
      // Resolved rows say how they relate to the pod; every source sits on one timeline, newest first.
      expect(result.events.find((e) => e.source === 'coredns')?.via).toBe(`pod IP ${s.entities.podIP}`);
      expect(result.events.map((e) => e.timeMs)).toEqual([...result.events.map((e) => e.timeMs)].sort((a, b) => b - a));
      const hits = new Set(result.events.flatMap((e) => e.hits.map((h) => h.id)));
      s.detections.forEach((d) => expect(hits).toContain(d));
      // The backend's counts agree with the page: nothing was truncated, so totals equal rows.
      const counts = await loadCounts(req(pod), result.plans, run);
      expect(counts.errors).toEqual([]);
      for (const c of counts.counts) {
        expect({ source: c.source, total: c.total }).toEqual({ source: c.source, total: result.events.filter((e) => e.source === c.source).length });
      }
    });

    it("exec-shell: the user's timeline shows the exec and the Falco shell alert", async () => {
      const s = scenario('exec-shell');
      const result = await loadTimeline(req({ kind: 'user', value: s.entities.user }), run);
      expect(result.errors).toEqual([]);
      expect(result.resolution.pods).toContain(`${s.entities.namespace}/${s.entities.pod}`);
      const exec = result.events.find((e) => e.source === 'audit' && e.line.includes(`/pods/${s.entities.pod}/exec`));
      const shell = result.events.find((e) => e.source === 'falco' && e.line.includes('Terminal shell in container'));
      expect(exec?.hits.map((h) => h.id)).toContain('k8s-exec-into-pod');
      expect(shell?.hits.map((h) => h.id)).toContain('falco-shell-in-container');
      expect(shell?.via).toMatch(/exec\/attach into pod/);
      expect(shell!.timeMs).toBeGreaterThan(exec!.timeMs);
    });

    it("crypto-miner by image and by pod IP: the workload's audit lines, and the pod that held the IP", async () => {
      const s = scenario('crypto-miner');
      const byImage = await loadTimeline(req({ kind: 'image', value: s.entities.image }), run);
      expect(byImage.errors).toEqual([]);
      const withImage = s.lines.filter((l) => l.source === 'audit' && l.line.includes(`"image":${JSON.stringify(s.entities.image)}`));
      expect(withImage.length).toBeGreaterThan(0);
      const found = new Set(byImage.events.map((e) => eventKey(e.source, e.line)));
      withImage.forEach((l) => expect(found).toContain(eventKey('audit', l.line)));
      const byIP = await loadTimeline(req({ kind: 'ip', value: s.entities.podIP }), run);
      expect(byIP.errors).toEqual([]);
      expect(byIP.resolution.pods).toContain(`${s.entities.namespace}/${s.entities.pod}`);
      expect(byIP.events.filter((e) => e.source === 'coredns').length).toBeGreaterThanOrEqual(4);
    });

    it('pages newest first and loads older events on demand', async () => {
      const s = scenario('crypto-miner');
      const pod: Entity = { kind: 'pod', value: `${s.entities.namespace}/${s.entities.pod}` };
      const full = await loadTimeline(req(pod), run);
      const first = await loadTimeline(req(pod, { limit: 2 }), run);
      expect(first.truncated.length).toBeGreaterThan(0);
      const netfilter = (r: typeof full) => r.events.filter((e) => e.source === 'netfilter').map((e) => e.id);
      // The page holds the newest two packets, not any two.
      expect(netfilter(first)).toEqual(netfilter(full).slice(0, 2));
      let page = first;
      for (let i = 0; i < 10 && page.truncated.length > 0; i++) {
        page = await loadOlder(req(pod, { limit: 2 }), page, run);
      }
      expect(page.events.map((e) => e.id)).toEqual(full.events.map((e) => e.id));
    });

    it('runs hostile entity values as plain values, and carries the upstream message of a failing source', async () => {
      for (const entity of [
        { kind: 'user', value: 'a"b\\c`d|e {x="y"}' },
        { kind: 'domain', value: 'evil.com" | delete' },
        { kind: 'pod', value: 'ns"x/na\\me' },
      ] as Entity[]) {
        const r = await loadTimeline(req(entity), run);
        expect({ entity, errors: r.errors, events: r.events.length }).toEqual({ entity, errors: [], events: 0 });
      }
      const broken = await loadTimeline(req({ kind: 'node', value: 'worker-1' }, { selectors: { netfilter: '{job="kernellog"' } }), run);
      expect(broken.errors.map((e) => e.source)).toEqual(['netfilter']);
      expect(broken.errors[0].message).toMatch(/VictoriaLogs|Loki/);
      expect(broken.events.some((e) => e.source === 'audit')).toBe(true);
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
