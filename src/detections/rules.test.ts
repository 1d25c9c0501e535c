/** @jest-environment node */
import { parseCoreDns } from '../sources';
import type { ParsedEvent } from '../sources/types';
import { compileRule } from './compile';
import { loadRule } from './load';
import { detect, matchEvent } from './matcher';
import { planRule } from './plan';
import { UnsupportedRuleError, type Rule } from './types';

const HEAD = 'title: T\nid: t\ndescription: d\nlevel: low\nlogsource: {product: kubernetes, service: SERVICE}\n';

function rule(body: string, service = 'audit'): Rule {
  const r = loadRule(HEAD.replace('SERVICE', service) + body);
  if (!r.ok) {
    throw new Error(JSON.stringify(r.errors));
  }
  return r.rule;
}

function unsupported(body: string, service = 'audit'): string {
  try {
    planRule(rule(body, service));
  } catch (e) {
    expect(e).toBeInstanceOf(UnsupportedRuleError);
    return (e as Error).message;
  }
  throw new Error('expected an UnsupportedRuleError');
}

describe('rule loading', () => {
  it('points schema errors at the YAML line and column', () => {
    const r = loadRule(`${HEAD.replace('SERVICE', 'audit')}detection:\n  sel:\n    verb: get\n  condition: sel\nstatus: final\ncolour: red\n`);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors).toEqual([
      { message: 'unknown key "colour"', path: 'colour', line: 11, col: 9 },
      { message: 'must be one of "stable", "test", "experimental", "deprecated", "unsupported"', path: 'status', line: 10, col: 9 },
    ]);
  });

  it('reports YAML syntax errors with their line', () => {
    const r = loadRule('title: [unclosed\nid: x\n');
    expect(!r.ok && r.errors[0]).toMatchObject({ message: expect.stringMatching(/^YAML: /), line: 2 });
  });

  it('rejects a missing service, a bad level and a correlation over other rules', () => {
    const r = loadRule('title: T\nid: t\ndescription: d\nlevel: urgent\nlogsource: {product: kubernetes}\ndetection: {condition: x}\n');
    expect(!r.ok && r.errors.map((e) => e.message)).toEqual(['missing required key "service"', 'must be one of "informational", "low", "medium", "high", "critical"']);
    const c = loadRule(`${HEAD.replace('SERVICE', 'audit')}detection: {s: {verb: get}, condition: s}\ncorrelation: {type: event_count, rules: [other], timespan: 5m, condition: {gte: 2}}\n`);
    expect(!c.ok && c.errors[0]).toMatchObject({ message: expect.stringMatching(/other rules/), path: 'correlation.rules.0', line: 7 });
  });
});

describe('unsupported constructs give a precise error', () => {
  it.each([
    ['s: {CommandLine|base64offset: x}\n  condition: s', /use base64offset\|contains/],
    ['s: {CommandLine|wide|base64: x}\n  condition: s', /modifier "wide" is not supported: wide is UTF-16LE: JSON and text logs hold decoded Unicode text/],
    ['s: {CommandLine|utf16le: x}\n  condition: s', /never UTF-16 bytes/],
    ['s: {verb|fieldref|contains: user.username}\n  condition: s', /fieldref compares values for equality only/],
    ['s: {verb|fieldref: user.groups}\n  condition: s', /fieldref: user.groups is a list/],
    ['s: {verb|frobnicate: x}\n  condition: s', /unknown modifier "frobnicate"/],
    ['s: {verb: get}\n  condition: s | count() > 5', /Sigma v1 aggregations are not supported/],
    ['s: {verb: get}\n  condition: t', /unknown selection "t"/],
    ['s: {verb|re: "(?=x)"}\n  condition: s', /lookahead is not RE2/],
    ['s: {verb|re: "a\\\\sb"}\n  condition: s', /\\s differs/],
    ['s: {sourceIPs|cidr: "fd00::/129"}\n  condition: s', /write an IPv4 \(a.b.c.d\/n\) or IPv6/],
    ['s: {sourceIPs|cidr: "1.2.3.4::/8"}\n  condition: s', /write an IPv4/],
    ['s: {responseStatus.code|gt: 2.5}\n  condition: s', /needs an integer/],
    ['s: {pod.privileged: "true"}\n  condition: s', /derived by the parser/],
    ['s: {verb: get}\n  k: [evil]\n  condition: s or k', /raw-line test/],
    ['s: {user.groups|re: "x"}\n  condition: s', /is a list/],
    ['s: {verb|expand: "%nope%"}\n  condition: s', /unknown parameter %nope%/],
  ])('%s', (body, message) => {
    expect(unsupported(`detection:\n  ${body}\n`)).toMatch(message);
  });

  it('text sources accept only catalog fields', () => {
    expect(unsupported('detection:\n  s: {qname: x}\n  condition: s\n', 'coredns')).toMatch(/cannot be used in coredns rules; use one of: client.ip/);
  });
});

describe('conditions and modifiers', () => {
  const ev = (o: Record<string, unknown>): ParsedEvent => ({ source: 'audit', timeMs: 0, fields: {}, object: o, line: JSON.stringify(o) });
  const plan = planRule(
    rule(`detection:
  a: {verb: [get, list], objectRef.resource|startswith: sec}
  b1: {user.username|endswith: '@corp'}
  b2: {user.groups|contains: admin}
  c: {responseStatus.code|gte: 200}
  d: {requestURI|re|i: '^/API/'}
  e: {sourceIPs|cidr: 10.0.0.0/8}
  f: {user.uid: null}
  condition: a and 1 of b* and c and not (d or e) and f
`)
  );

  it('evaluates and/or/not, 1 of, modifiers, lists and null', () => {
    const base = { verb: 'get', objectRef: { resource: 'secrets' }, user: { username: 'x@corp', groups: ['g'] }, responseStatus: { code: 200 }, requestURI: '/apis', sourceIPs: ['192.0.2.1'] };
    expect(matchEvent(plan, ev(base))).toBe(true);
    expect(matchEvent(plan, ev({ ...base, verb: 'watch' }))).toBe(false);
    expect(matchEvent(plan, ev({ ...base, user: { username: 'y', groups: ['cluster-admins'] } }))).toBe(true);
    expect(matchEvent(plan, ev({ ...base, user: { username: 'y', groups: ['g'] } }))).toBe(false);
    expect(matchEvent(plan, ev({ ...base, responseStatus: { code: 'abc' } }))).toBe(false);
    expect(matchEvent(plan, ev({ ...base, requestURI: '/api/v1' }))).toBe(false);
    expect(matchEvent(plan, ev({ ...base, sourceIPs: ['192.0.2.1', '10.1.2.3'] }))).toBe(false);
    expect(matchEvent(plan, ev({ ...base, user: { username: 'x@corp', uid: 'u1' } }))).toBe(false);
  });

  it('compiles the same plan to LogQL with line filters before the parser', () => {
    const q = compileRule(rule('detection:\n  s: {verb|cased: get, objectRef.resource|cased: secrets}\n  condition: s\n'), 'log');
    expect(q).toBe(
      '{job=~"auditlog|integrations/kubernetes-audit|kube-audit"} |= "\\"get\\"" |= "\\"secrets\\"" | json f_verb="verb", f_objectRef_resource="objectRef.resource" | f_verb="get" | f_objectRef_resource="secrets" | __error__=""'
    );
  });

  it('exceptions and parameters compile into the query', () => {
    const r = rule('parameters: {ns: {type: list, default: [prod], description: d}}\ndetection:\n  s: {objectRef.namespace|expand|cased: "%ns%"}\n  condition: s\nexceptions:\n  - user.username|cased: ci\n');
    expect(compileRule(r, 'log', 'loki', { ns: ['a', 'b'] })).toContain('| f_objectRef_namespace="a" or f_objectRef_namespace="b" | f_user_username!="ci"');
    expect(compileRule(r, 'log', 'victorialogs')).toContain('"f_objectRef.namespace":="prod" NOT "f_user.username":="ci"');
    expect(compileRule(r, 'ruler')).toMatch(/alert: t\n\s+expr: sum\(count_over_time\(/);
  });
});

describe('window rules in the matcher', () => {
  const r = rule(
    'detection:\n  s: {rcode: NXDOMAIN}\n  condition: s\ncorrelation: {type: event_count, group-by: [client.ip], timespan: 1m, condition: {gte: 3}}\n',
    'coredns'
  );
  const line = (ip: string, rcode = 'NXDOMAIN') => `[INFO] ${ip}:5353 - 1 "A IN x.example. udp 29 false 512" ${rcode} qr,rd,ra 45 0.0001s`;
  const at = (ms: number, ip: string, rcode?: string): ParsedEvent => {
    const p = parseCoreDns(line(ip, rcode), { entryTimeMs: ms });
    if (!p.ok) {
      throw new Error(p.error.message);
    }
    return p.event;
  };

  it('fires per key when the count in (t − window, t] reaches the threshold, once per burst', () => {
    const events = [at(0, '10.0.0.1'), at(10_000, '10.0.0.1'), at(20_000, '10.0.0.2'), at(59_999, '10.0.0.1'), at(61_000, '10.0.0.1'), at(70_000, '10.0.0.1', 'NOERROR'), at(200_000, '10.0.0.1')];
    expect(detect(planRule(r), events)).toEqual([{ ruleId: 't', key: '10.0.0.1', events: [0, 1, 3] }]);
  });

  it('the window excludes its start: events exactly one window apart do not add up', () => {
    const events = [at(0, '10.0.0.1'), at(30_000, '10.0.0.1'), at(60_000, '10.0.0.1')];
    expect(detect(planRule(r), events)).toEqual([]);
  });
});
