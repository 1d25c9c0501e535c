/** @jest-environment node */
// Unit tests of src/investigate: URL round trip, planning (compiled queries parse; the plans
// select exactly the simulator's ground-truth lines through the detection matcher), resolution,
// merge, related entities and pivots.
import fc from 'fast-check';
import { parser } from '@grafana/lezer-logql';
import { simulate, type SimResult } from '../../backend-stub/src';
import { matchEvent } from '../detections';
import { SOURCES } from '../sources';
import type { SourceId } from '../sources/types';
import {
  countExpr,
  directPlans,
  ENTITY_KINDS,
  logExpr,
  mergeTimeline,
  parseEntity,
  rowsOf,
  pivotsOf,
  resolvedPlans,
  resolveFromLines,
  resolvePlans,
  resolveRange,
  searchFromState,
  stateFromSearch,
  toEvents,
  topRelated,
  emptyResolution,
  type Entity,
  type InvestigateState,
  type SourcePlan,
} from '.';
import type { SourceLayouts } from '../datasource/layouts';
import { isJsonSource } from '../detections/fields';

const TO = Date.parse('2026-03-01T12:00:00Z');
const sim: SimResult = simulate({ seed: 5, from: TO - 3_600_000, to: TO, scenarios: ['crypto-miner', 'exec-shell'], profile: 'nearform' });
const scenario = (id: string) => sim.manifest.scenarios.find((s) => s.id === id)!;
const SOURCE_OF_JOB = (labels: Record<string, string>): SourceId =>
  labels.job === 'auditlog' ? 'audit' : labels.container === 'coredns' ? 'coredns' : labels.job === 'kernellog' ? 'netfilter' : 'falco';
const allEvents = sim.streams.flatMap((s) =>
  s.values.map(([ns, line]) => {
    const source = SOURCE_OF_JOB(s.stream);
    const r = SOURCES[source].parse(line, { entryTimeMs: Number(BigInt(ns) / BigInt(1e6)) });
    if (!r.ok) {
      throw new Error(`simulator line does not parse: ${line}`);
    }
    return { raw: line, ev: r.event };
  })
);

/** Lines every plan selects, through the matcher (the compiled queries' semantics). */
function selected(plans: SourcePlan[]): Set<string> {
  return new Set(allEvents.filter(({ ev }) => plans.some((p) => matchEvent(p.plan, ev))).map(({ raw }) => raw));
}

/**
 * A JSON line as the backend returns a row VictoriaLogs stored as fields (its default): one
 * flat object of strings, nested names joined with dots, arrays as their JSON text, empty
 * strings and nulls dropped (docs/victorialogs.md).
 */
function flatRow(line: string): string {
  const out: Record<string, string> = {};
  const walk = (v: unknown, name: string): void => {
    if (v === null || v === '') {
      return;
    }
    if (typeof v === 'object' && !Array.isArray(v)) {
      Object.entries(v as Record<string, unknown>).forEach(([k, x]) => walk(x, name ? `${name}.${k}` : k));
      return;
    }
    out[name] = Array.isArray(v) ? JSON.stringify(v) : String(v);
  };
  walk(JSON.parse(line), '');
  return JSON.stringify(out);
}

const NATIVE: SourceLayouts = { audit: 'native', coredns: 'native', netfilter: 'native', falco: 'native' };

function hasSyntaxError(query: string): boolean {
  let bad = false;
  parser.parse(query).iterate({
    enter: (node) => {
      if (node.type.isError) {
        bad = true;
      }
    },
  });
  return bad;
}

describe('URL state', () => {
  const entityArb = fc.record({
    kind: fc.constantFrom(...ENTITY_KINDS.filter((k) => k !== 'pod')),
    value: fc.string({ minLength: 1 }).filter((s) => s.trim() === s && s !== ''),
  });
  const podArb = fc
    .tuple(fc.stringMatching(/^[a-z0-9-]{1,12}$/), fc.string({ minLength: 1 }).filter((s) => !s.includes('/') && s.trim() === s))
    .map(([ns, name]) => ({ kind: 'pod' as const, value: `${ns}/${name}` }));
  const stateArb: fc.Arbitrary<InvestigateState> = fc.record(
    {
      entity: fc.oneof(entityArb, podArb),
      from: fc.constantFrom('now-1h', 'now-24h', '1767225600000'),
      to: fc.constantFrom('now', '1767229200000'),
      sources: fc.subarray(['audit', 'coredns', 'netfilter', 'falco'] as SourceId[]),
      event: fc.string({ minLength: 1 }),
    },
    { requiredKeys: ['from', 'to'] }
  );

  it('reads back every state it writes (state → URL → state)', () => {
    fc.assert(
      fc.property(stateArb, (state) => {
        const back = stateFromSearch(searchFromState(state));
        expect(back.error).toBeUndefined();
        expect(back.state).toEqual(state);
      })
    );
  });

  it('keeps a rule entity keys through the round trip', () => {
    const state: InvestigateState = { entity: { kind: 'rule', value: 'dns-nxdomain-burst', keys: { 'client.ip': '10.0.0.5' } }, from: 'now-1h', to: 'now' };
    expect(stateFromSearch(searchFromState(state)).state).toEqual(state);
  });

  it('reads the alert annotation link of the Detections page', () => {
    const { state } = stateFromSearch('rule=dns-nxdomain-burst&source=coredns&client.ip=10.244.1.7&from=now-1h&to=now');
    expect(state).toEqual({ entity: { kind: 'rule', value: 'dns-nxdomain-burst', keys: { 'client.ip': '10.244.1.7' } }, from: 'now-1h', to: 'now' });
  });

  it('reads the pre-filtered link and says what is wrong with a bad one', () => {
    expect(stateFromSearch('entity=pod:shop/frontend-1&from=1&to=2').state.entity).toEqual({ kind: 'pod', value: 'shop/frontend-1' });
    expect(stateFromSearch('entity=pod:frontend-1').error).toMatch(/namespace\/name/);
    expect(stateFromSearch('entity=planet:mars').error).toMatch(/unknown entity kind "planet"/);
    expect(parseEntity('user:system:serviceaccount:ci:deployer')).toEqual({ kind: 'user', value: 'system:serviceaccount:ci:deployer' });
  });

  it('resolves relative and absolute ranges, and refuses reversed ones', () => {
    expect(resolveRange({ from: 'now-24h', to: 'now' }, TO)).toEqual({ fromMs: TO - 86_400_000, toMs: TO });
    expect(resolveRange({ from: '2026-03-01T11:00:00Z', to: String(TO) }, 0)).toEqual({ fromMs: TO - 3_600_000, toMs: TO });
    expect(resolveRange({ from: 'now', to: 'now-1h' }, TO)).toBeInstanceOf(Error);
    expect(resolveRange({ from: 'yesterday', to: 'now' }, TO)).toBeInstanceOf(Error);
  });
});

describe('planning', () => {
  const hostile: Entity[] = [
    { kind: 'user', value: 'a"b\\c`d|e {x="y"}' },
    { kind: 'pod', value: 'ns"x/na\\me' },
    { kind: 'domain', value: 'evil.com" |= "x' },
    { kind: 'image', value: 'reg.io/a"b:1' },
    { kind: 'node', value: 'n\nl' },
    { kind: 'ip', value: '1.2.3.4") or ("' },
    { kind: 'namespace', value: '.*' },
  ];

  it.each(hostile.map((e) => [e.kind, e]))('escapes a hostile %s value: every LogQL query parses', (_kind, entity) => {
    const plans = [
      ...directPlans(entity),
      ...resolvePlans(entity).map((r) => ({ source: r.plan.source, plan: r.plan })),
      ...resolvedPlans(entity, { ips: ['10.0.0.1'], pods: ['a/b'] }),
    ];
    expect(plans.length).toBeGreaterThan(0);
    for (const p of plans) {
      for (const q of [logExpr(p.plan, { backend: 'loki' }), countExpr(p.plan, { backend: 'loki' }, 60_000)]) {
        expect({ q, bad: hasSyntaxError(q) }).toEqual({ q, bad: false });
      }
    }
  });

  const plain: Entity[] = [
    { kind: 'image', value: 'nginx:1.25' },
    { kind: 'ip', value: '10.0.0.1' },
    { kind: 'pod', value: 'a/b' },
  ];
  it.each([...hostile, ...plain].map((e) => [e.kind, JSON.stringify(e.value), e] as const))(
    'native layout: every %s %s query filters stored fields, no line and no unpacking',
    (_kind, _value, entity) => {
      const plans = [
        ...directPlans(entity),
        ...resolvePlans(entity).map((r) => ({ source: r.plan.source, plan: r.plan })),
        ...resolvedPlans(entity, { ips: ['10.0.0.1'], pods: ['a/b'] }),
      ];
      for (const { source, plan } of plans) {
        const target = { backend: 'victorialogs' as const, layouts: NATIVE };
        for (const q of [logExpr(plan, target), countExpr(plan, target, 60_000)]) {
          expect({ source, q, line: isJsonSource(source) && /_msg|unpack_json/.test(q) }).toEqual({ source, q, line: false });
        }
        // Without layouts the line is read verbatim, unpacked.
        if (isJsonSource(source) && plan.fields.length > 0) {
          expect(logExpr(plan, { backend: 'victorialogs' })).toContain('| unpack_json');
        }
      }
    }
  );

  it('pushes line filters before extraction, and the count into the backend', () => {
    const [audit] = directPlans({ kind: 'user', value: 'oidc:contractor-7' });
    const logql = logExpr(audit.plan, { backend: 'loki' });
    const filter = '|= "\\"oidc:contractor-7\\""';
    expect(logql.indexOf(filter)).toBeGreaterThan(0);
    expect(logql.indexOf(filter)).toBeLessThan(logql.indexOf('| json'));
    const logsql = logExpr(audit.plan, { backend: 'victorialogs' });
    expect(logsql.indexOf('_msg:~')).toBeLessThan(logsql.indexOf('unpack_json'));
    expect(countExpr(audit.plan, { backend: 'victorialogs' }, 60_000)).toMatch(/\| stats count\(\) as events$/);
    expect(countExpr(audit.plan, { backend: 'loki' }, 300_000)).toMatch(/^sum\(count_over_time\(.+ \[5m\]\)\)$/);
  });

  it('the pod of the crypto-miner scenario: direct + resolved plans select its audit, DNS and netfilter lines', () => {
    const s = scenario('crypto-miner');
    const pod: Entity = { kind: 'pod', value: `${s.entities.namespace}/${s.entities.pod}` };
    const resolveLines = allEvents.filter(({ ev }) => resolvePlans(pod).some((r) => matchEvent(r.plan, ev))).map(({ raw }) => raw);
    const resolution = resolveFromLines('pod-ips', resolveLines, emptyResolution());
    expect(resolution.ips).toEqual([s.entities.podIP]);
    const got = selected([...directPlans(pod), ...resolvedPlans(pod, resolution)]);
    // Every scenario line except the Deployment create (it names the deployment, not the pod) is found.
    const expected = s.lines.filter((l) => l.line.includes(s.entities.pod) || l.source !== 'audit').map((l) => l.line);
    expect(expected.length).toBeGreaterThanOrEqual(10);
    for (const line of expected) {
      expect(got).toContain(line);
    }
    expect(['audit', 'coredns', 'netfilter'].every((src) => s.lines.some((l) => l.source === src && got.has(l.line)))).toBe(true);
  });

  it("the exec-shell user: the exec resolves the pod, whose Falco shell alert joins the user's timeline", () => {
    const s = scenario('exec-shell');
    const user: Entity = { kind: 'user', value: s.entities.user };
    const resolveLines = allEvents.filter(({ ev }) => resolvePlans(user).some((r) => matchEvent(r.plan, ev))).map(({ raw }) => raw);
    const resolution = resolveFromLines('exec-pods', resolveLines, emptyResolution());
    expect(resolution.pods).toContain(`${s.entities.namespace}/${s.entities.pod}`);
    const got = selected([...directPlans(user), ...resolvedPlans(user, resolution)]);
    for (const l of s.lines) {
      expect(got).toContain(l.line);
    }
  });

  it('a rule entity narrows the rule to the alert keys; an unknown rule says so', () => {
    const [p] = directPlans({ kind: 'rule', value: 'k8s-exec-into-pod', keys: { 'user.username': 'oidc:contractor-7' } });
    expect(p.source).toBe('audit');
    const hits = allEvents.filter(({ ev }) => matchEvent(p.plan, ev)).map(({ ev }) => ev);
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((ev) => ev.fields['user.username'] === 'oidc:contractor-7')).toBe(true);
    expect(() => directPlans({ kind: 'rule', value: 'no-such-rule' })).toThrow(/no-such-rule/);
  });
});

describe('timeline', () => {
  const s = scenario('exec-shell');
  const rows = s.lines.map((l) => ({ source: l.source, timeMs: Number(BigInt(l.timestampNs) / BigInt(1e6)), line: l.line }));

  it('merges newest first, drops duplicates and keeps malformed lines with their error', () => {
    const a = toEvents(rows);
    const dup = toEvents(rows.map((r) => ({ ...r, via: 'pod x' })));
    const bad = toEvents([{ source: 'audit', timeMs: 1, line: '{"truncated' }]);
    const merged = mergeTimeline(dup, a, bad);
    expect(merged).toHaveLength(rows.length + 1);
    expect(merged.map((e) => e.timeMs)).toEqual([...merged.map((e) => e.timeMs)].sort((x, y) => y - x));
    expect(merged.every((e) => e.via === undefined)).toBe(true);
    expect(merged[merged.length - 1].parseError?.kind).toBe('invalid-json');
    expect(merged[merged.length - 1].line).toBe('{"truncated');
  });

  it('reads rows stored as fields (flat JSON lines) as it reads the verbatim lines', () => {
    const flat = rows.map((r) => (r.source === 'audit' || r.source === 'falco' ? { ...r, line: flatRow(r.line) } : r));
    expect(flat.filter((r, i) => r.line !== rows[i].line).length).toBeGreaterThan(0);
    const verbatim = toEvents(rows);
    const native = toEvents(flat);
    expect(native.filter((e) => e.parseError)).toEqual([]);
    expect(native.map((e) => e.hits.map((h) => h.id))).toEqual(verbatim.map((e) => e.hits.map((h) => h.id)));
    expect(native.map((e) => e.entities)).toEqual(verbatim.map((e) => e.entities));
    // The row the backend returns for one stored event, read through the page's frame reader.
    const frames = { only: { frames: [{ schema: { fields: [{ name: 'timestamp', type: 'time' }, { name: 'body', type: 'string' }] }, data: { values: [[1000], ['{"objectRef.resource":"pods","verb":"create","user.username":"alice"}']] } }] } };
    const [row] = toEvents(rowsOf(frames, 'only', 'audit'));
    expect(row.parseError).toBeUndefined();
    expect(row.event?.fields).toMatchObject({ 'objectRef.resource': 'pods', verb: 'create', 'user.username': 'alice' });
    expect(row.entities).toEqual([{ kind: 'user', value: 'alice' }]);
  });

  it('resolves pod IPs and pods from rows stored as fields', () => {
    const miner = scenario('crypto-miner');
    const pod: Entity = { kind: 'pod', value: `${miner.entities.namespace}/${miner.entities.pod}` };
    const lines = allEvents.filter(({ ev }) => resolvePlans(pod).some((r) => matchEvent(r.plan, ev))).map(({ raw }) => raw);
    expect(lines.length).toBeGreaterThan(0);
    const resolution = resolveFromLines('pod-ips', lines.map(flatRow), emptyResolution());
    expect(resolution).toEqual(resolveFromLines('pod-ips', lines, emptyResolution()));
    expect(resolution.ips).toEqual([miner.entities.podIP]);
  });

  it('marks detection hits and lists related entities and pivots', () => {
    const events = toEvents(rows);
    const hitIds = new Set(events.flatMap((e) => e.hits.map((h) => h.id)));
    for (const id of s.detections) {
      expect(hitIds).toContain(id);
    }
    const related = topRelated(events, { kind: 'user', value: s.entities.user });
    expect(related.map((r) => `${r.entity.kind}:${r.entity.value}`)).toContain(`pod:${s.entities.namespace}/${s.entities.pod}`);
    expect(related.some((r) => r.entity.kind === 'user' && r.entity.value === s.entities.user)).toBe(false);
    const falco = events.find((e) => e.source === 'falco')!;
    const keys = pivotsOf(falco).map((p) => p.key);
    expect(keys).toEqual(expect.arrayContaining(['pod-falco', 'user', 'node']));
    const exec = events.find((e) => e.source === 'audit' && e.line.includes('/exec'))!;
    expect(pivotsOf(exec).find((p) => p.key === 'ip-dns')).toMatchObject({ sources: ['coredns'], entity: { kind: 'ip' } });
  });
});
