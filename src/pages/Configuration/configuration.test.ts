/** @jest-environment node */
import { simulate } from '../../../backend-stub/src';
import { CATALOG_RULES } from '../../detections/catalog';
import { SOURCE_IDS } from '../../sources/types';
import { readConfiguration, withConfiguration, parseList, globalParamOverrides } from './appSettings';
import { callsProbe, type LogBackendCalls } from './probe';
import { checkSources } from './checkSources';
import { vigilDataSourceFrom } from './createDataSource';
import { eventsPerMinute, sourceStatus, blindDetections } from './sourceStatus';

const HOUR = 3_600_000;

/** Calls answered from simulator streams held in memory, matched by exact label equality. */
function memoryCalls(streams: Array<{ stream: Record<string, string>; values: Array<[string, string]> }>): LogBackendCalls {
  const match = (expr: string) => {
    const matchers = [...expr.matchAll(/([a-z_]+)(=~|=)"((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2], JSON.parse(`"${m[3]}"`)]);
    const contains = expr.match(/\|= "([^"]*)"/)?.[1];
    return streams.filter((s) => matchers.every(([l, op, v]) => (op === '=' ? s.stream[l] === v : new RegExp(`^(?:${v})$`).test(s.stream[l] ?? ''))))
      .flatMap((s) => s.values.filter((v) => !contains || v[1].includes(contains)));
  };
  return {
    kind: 'loki',
    async resource(path, params) {
      if (path === 'labels') {
        return { labels: [...new Set(streams.flatMap((s) => Object.keys(s.stream)))] };
      }
      return { values: [...new Set(streams.map((s) => s.stream[params.label]).filter(Boolean))] };
    },
    async logs(expr, rangeMs, limit) {
      const rows = match(expr).sort((a, b) => b[0].localeCompare(a[0])).slice(0, limit);
      return { lines: rows.map((r) => r[1]), timesMs: rows.map((r) => Number(r[0].slice(0, -6))), rangeMs, limit };
    },
  };
}

describe('source check over simulator data', () => {
  const now = Date.now();
  it('finds all four sources healthy with nearform labels', async () => {
    const { streams } = simulate({ from: now - HOUR, to: now, profile: 'nearform', seed: 3 });
    const reports = await checkSources(memoryCalls(streams));
    expect(reports.map((r) => [r.status.source, r.status.state])).toEqual(SOURCE_IDS.map((s) => [s, 'healthy']));
    const netfilter = reports.find((r) => r.status.source === 'netfilter')!;
    expect(netfilter.status.selector?.logql).toContain('job="kernellog"');
    expect(netfilter.status.parseErrorRate).toBe(0);
    expect(netfilter.status.eventsPerMinute).toBeGreaterThan(0);
    expect(netfilter.blind).toEqual([]);
  });

  it('reports netfilter missing, with its catalog rules blind, when the simulator sends none', async () => {
    const { streams } = simulate({ from: now - HOUR, to: now, profile: 'nearform', seed: 3, volume: { netfilter: 0 } });
    const reports = await checkSources(memoryCalls(streams));
    const netfilter = reports.find((r) => r.status.source === 'netfilter')!;
    expect(netfilter.status.state).toBe('missing');
    const netRules = CATALOG_RULES.filter((r) => r.logsource.service === 'netfilter').map((r) => r.id);
    expect(netRules.length).toBeGreaterThan(0);
    expect(netfilter.blind.map((b) => b.id).sort()).toEqual(netRules.sort());
    expect(reports.filter((r) => r.status.state === 'healthy')).toHaveLength(3);
  });

  it('reports a stream of the wrong format as broken', async () => {
    const status = sourceStatus(
      { source: 'audit', candidates: [], proposal: { source: 'audit', query: { matchers: [] }, weight: 1, why: 'x', score: 1, confirmed: false, logql: '{job="auditlog"}', logsql: '{job="auditlog"}' } },
      { lines: ['not json', 'also not', '{"kind":"Event"'], timesMs: [1, 2, 3], rangeMs: HOUR, limit: 200 }
    );
    expect(status.state).toBe('broken');
    expect(status.parseErrorRate).toBe(1);
    expect(blindDetections(status, CATALOG_RULES).every((b) => b.reason.includes('do not parse'))).toBe(true);
  });
});

describe('streams VictoriaLogs stores as fields', () => {
  // The backend returns each such row as one flat JSON line of its fields; the parsers rebuild the event.
  const proposal = (source: 'audit' | 'falco', job: string) => ({
    source,
    candidates: [],
    proposal: { source, query: { matchers: [] }, weight: 1, why: 'x', score: 1, confirmed: false, logql: `{job="${job}"}`, logsql: `{job="${job}"}` },
  });
  const sample = (line: string) => ({ lines: [line, line], timesMs: [1, 2], rangeMs: HOUR, limit: 200 });

  it('are healthy: their sampled rows parse', () => {
    const audit = sourceStatus(
      proposal('audit', 'auditlog'),
      sample('{"apiVersion":"audit.k8s.io/v1","auditID":"a1","kind":"Event","level":"Metadata","objectRef.namespace":"shop","objectRef.resource":"pods","requestReceivedTimestamp":"2026-03-01T12:00:00.000000Z","requestURI":"/api/v1/namespaces/shop/pods","stage":"ResponseComplete","stageTimestamp":"2026-03-01T12:00:00.010000Z","user.username":"alice","verb":"create"}')
    );
    const falco = sourceStatus(
      proposal('falco', 'falco'),
      sample('{"hostname":"worker-1","output":"12:00:00.000000000: Notice A shell was spawned","output_fields.container.id":"abc","output_fields.proc.name":"bash","priority":"Notice","rule":"Terminal shell in container","source":"syscall","time":"2026-03-01T12:00:00.000000000Z"}')
    );
    expect([audit.state, audit.parseErrorRate, falco.state, falco.parseErrorRate]).toEqual(['healthy', 0, 'healthy', 0]);
  });
});

describe('rates', () => {
  it('spreads an uncut sample over the range and a cut one over its own span', () => {
    expect(eventsPerMinute({ lines: ['a', 'b', 'c'], timesMs: [0, 1, 2], rangeMs: HOUR, limit: 200 })).toBeCloseTo(3 / 60);
    expect(eventsPerMinute({ lines: ['a', 'b', 'c'], timesMs: [0, 60_000, 120_000], rangeMs: HOUR, limit: 3 })).toBeCloseTo(1);
    expect(eventsPerMinute({ lines: [], timesMs: [], rangeMs: HOUR, limit: 3 })).toBe(0);
  });
});

describe('app settings', () => {
  it('round-trips and keeps other jsonData keys', () => {
    const j = withConfiguration({ detections: { ruleGroup: 'g' } }, { dataSourceUid: 'v', globals: { allowedIdentities: ['ci'], trustedRegistries: [], miningDomains: ['pool.example'] } });
    expect(j.detections).toEqual({ ruleGroup: 'g' });
    expect(readConfiguration(j)).toEqual({ dataSourceUid: 'v', globals: { allowedIdentities: ['ci'], trustedRegistries: [], miningDomains: ['pool.example'] } });
  });
  it('reads damaged jsonData as defaults without throwing', () => {
    expect(readConfiguration({ dataSourceUid: 3, globals: { allowedIdentities: 'x', miningDomains: [1, ' a ', 'a'] } })).toEqual({
      dataSourceUid: undefined,
      globals: { allowedIdentities: [], trustedRegistries: [], miningDomains: ['a'] },
    });
    expect(readConfiguration(null).globals.allowedIdentities).toEqual([]);
  });
  it('parses lists by line or comma and extends the mining pools', () => {
    expect(parseList(' a\n\nb, c ,a')).toEqual(['a', 'b', 'c']);
    expect(globalParamOverrides({ allowedIdentities: [], trustedRegistries: [], miningDomains: ['x.example'] }, { pools: ['p'] })).toEqual({
      'dns-mining-pool-query': { pools: ['p', 'x.example'] },
    });
  });
});

describe('data source from existing ones', () => {
  it('maps Loki/VictoriaLogs and Prometheus and refuses other types', () => {
    const vl = { id: 1, uid: 'vl', name: 'VL', type: 'victoriametrics-logs-datasource', url: 'http://vl:9428', jsonData: { basicAuthUser: 'u' } };
    const prom = { id: 2, uid: 'p', name: 'P', type: 'prometheus', url: 'http://prom:9090' };
    expect(vigilDataSourceFrom(vl, prom).jsonData).toEqual({
      logBackend: 'victorialogs',
      logUrl: 'http://vl:9428',
      logAuthType: 'basic',
      logBasicAuthUser: 'u',
      prometheusUrl: 'http://prom:9090',
    });
    expect(vigilDataSourceFrom({ ...vl, type: 'loki' }, undefined).jsonData.logBackend).toBe('loki');
    expect(() => vigilDataSourceFrom(prom, undefined)).toThrow(/pick Loki or VictoriaLogs/);
    expect(() => vigilDataSourceFrom(vl, vl)).toThrow(/pick Prometheus/);
  });
});

describe('the detection probe', () => {
  it('asks the backend for stream labels only, as the health check reads them', async () => {
    const asked: Array<[string, Record<string, string>]> = [];
    const probe = callsProbe(
      {
        kind: 'victoriaLogs',
        async resource(path, params) {
          asked.push([path, params]);
          return path === 'labels' ? { labels: ['job'] } : { values: ['falco'] };
        },
        async logs(_expr, rangeMs, limit) {
          return { lines: [], timesMs: [], rangeMs, limit };
        },
      },
      HOUR
    );
    expect(await probe.labelNames()).toEqual(['job']);
    expect(await probe.labelValues('job')).toEqual(['falco']);
    expect(asked).toEqual([
      ['labels', { scope: 'stream' }],
      ['label-values', { label: 'job', scope: 'stream' }],
    ]);
  });
});
