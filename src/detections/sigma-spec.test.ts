/** @jest-environment node */
// The Sigma specification's own statements and examples (rules specification, modifiers
// appendix, correlation rules specification), mapped onto Kubernetes audit fields, checked on
// the matcher; sigma-agreement.test.ts and sigma-agreement.integration.test.ts check that
// LogQL and LogsQL agree with it.
import type { ParsedEvent } from '../sources/types';
import { base64Offsets } from './detection';
import { loadRule, loadRules } from './load';
import { logqlLogQuery } from './logql';
import { logsqlLogQuery } from './logsql';
import { matchEvent } from './matcher';
import { planRule } from './plan';
import { UnsupportedRuleError, type Plan, type Rule } from './types';

function rule(detection: string, extra = ''): Rule {
  const r = loadRule(`title: T\nid: t\ndescription: d\nlogsource: {product: kubernetes, service: audit}\nlevel: low\ndetection:\n${detection}\n${extra}`);
  if (!r.ok) {
    throw new Error(JSON.stringify(r.errors));
  }
  return r.rule;
}

const plan = (detection: string) => planRule(rule(detection));

function ev(o: Record<string, unknown>): ParsedEvent {
  return { source: 'audit', timeMs: 0, fields: {}, object: o, line: JSON.stringify(o) };
}

const hits = (p: Plan, objects: Array<Record<string, unknown>>) => objects.map((o) => matchEvent(p, ev(o)));

function refusal(detection: string): string {
  try {
    planRule(rule(detection));
  } catch (e) {
    expect(e).toBeInstanceOf(UnsupportedRuleError);
    return (e as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('values: "All values are treated as case-insensitive strings"', () => {
  it('keywords: EVILSERVICE matches EvilService (the spec\'s list example)', () => {
    const p = plan("  keywords:\n    - 'EVILSERVICE'\n    - 'svchost.exe -n evil'\n  condition: keywords");
    expect(hits(p, [{ userAgent: 'EvilService' }, { userAgent: 'SVCHOST.EXE -N EVIL' }, { userAgent: 'evil' }])).toEqual([true, true, false]);
  });

  it('field values in any case, with and without contains/startswith/endswith', () => {
    const p = plan('  s: {verb: create, userAgent|contains: KubeCtl, requestURI|startswith: /API/, user.username|endswith: "@CORP"}\n  condition: s');
    const base = { verb: 'CREATE', userAgent: 'kubectl/v1.31', requestURI: '/api/v1', user: { username: 'a@corp' } };
    expect(hits(p, [base, { ...base, verb: 'get' }, { ...base, userAgent: 'curl' }])).toEqual([true, false, false]);
  });

  it('cased: "Values are applied case sensitively"', () => {
    const p = plan('  s: {verb|cased: create}\n  condition: s');
    expect(hits(p, [{ verb: 'create' }, { verb: 'Create' }])).toEqual([true, false]);
  });

  it('wildcards * and ? are case-insensitive too; \\* is a literal star', () => {
    const p = plan("  s: {userAgent: 'Kube*/v1.?'}\n  t: {requestURI: 'a\\*b'}\n  condition: s or t");
    expect(hits(p, [{ userAgent: 'kubectl/V1.3' }, { userAgent: 'kubectl/v1.31' }, { requestURI: 'A*B' }, { requestURI: 'axb' }])).toEqual([true, false, true, false]);
  });

  it('"Regular expressions are case-sensitive by default"; re|i makes them insensitive', () => {
    const p = plan("  s: {userAgent|re: '^kube'}\n  t: {requestURI|re|i: '^/API'}\n  condition: s or t");
    expect(hits(p, [{ userAgent: 'kubectl' }, { userAgent: 'Kubectl' }, { requestURI: '/api/v1' }])).toEqual([true, false, true]);
  });

  it('a value without letters compiles to an exact test (no case folding to pay for)', () => {
    const q = logqlLogQuery(plan("  s: {responseStatus.code: 403, requestURI|contains: '/42/'}\n  condition: s"));
    expect(q).toContain('f_responseStatus_code="403"');
    expect(q).not.toContain('(?i)');
  });
});

describe('lists, maps and null (rules specification)', () => {
  it('a map ANDs its fields and a list ORs its values; all ANDs them', () => {
    const p = plan('  s: {verb: [get, list], user.groups|all: [a, b]}\n  condition: s');
    expect(hits(p, [{ verb: 'list', user: { groups: ['b', 'a'] } }, { verb: 'list', user: { groups: ['a'] } }, { verb: 'watch', user: { groups: ['a', 'b'] } }])).toEqual([true, false, false]);
  });

  it('null: the field is absent; the empty value is a value', () => {
    const p = plan("  s: {user.uid: null}\n  t: {userAgent: ''}\n  condition: s and t");
    expect(hits(p, [{ userAgent: '' }, { user: { uid: 'u' } }])).toEqual([true, false]);
  });

  it('exists: "PasswordLastSet|exists: true" (mapped onto impersonatedUser)', () => {
    const p = plan('  s: {verb: create, impersonatedUser.username|exists: true}\n  condition: s');
    const n = plan('  s: {impersonatedUser.username|exists: false}\n  condition: s');
    expect(hits(p, [{ verb: 'create', impersonatedUser: { username: 'x' } }, { verb: 'create' }])).toEqual([true, false]);
    expect(hits(n, [{ impersonatedUser: { username: 'x' } }, {}])).toEqual([false, true]);
  });
});

describe('modifiers appendix', () => {
  it('windash: "-" and "/" and the three long dashes are interchangeable', () => {
    const p = plan("  s: {requestURI|windash|contains: ' -encodedcommand'}\n  condition: s");
    const uris = [' -encodedcommand', ' /EncodedCommand', ' \u2013encodedcommand', ' \u2014encodedcommand', ' \u2015encodedcommand', ' encodedcommand', ' _encodedcommand'];
    expect(hits(p, uris.map((requestURI) => ({ requestURI })))).toEqual([true, true, true, true, true, false, false]);
  });

  it('base64: "The value is encoded with Base64" (exactly: encoded text is case-significant)', () => {
    const p = plan('  s: {requestObject.data.cmd|base64: cmd}\n  condition: s');
    expect(hits(p, [{ requestObject: { data: { cmd: 'Y21k' } } }, { requestObject: { data: { cmd: 'y21K' } } }])).toEqual([true, false]);
  });

  it('base64offset: the three offsets of a value inside a base64 string', () => {
    // The three shifts, each without the characters that depend on the neighbouring bytes.
    expect(base64Offsets('/bin/bash')).toEqual(['L2Jpbi9iYXNo', '9iaW4vYmFza', 'vYmluL2Jhc2']);
    const p = plan("  s: {requestObject.data.script|base64offset|contains: '/bin/bash'}\n  condition: s");
    const enc = (s: string) => Buffer.from(s).toString('base64');
    expect(hits(p, ['/bin/bash -c id', 'x /bin/bash', 'xy/bin/bashz', '/bin/sh'].map((s) => ({ requestObject: { data: { script: enc(s) } } })))).toEqual([true, true, true, false]);
  });

  it('cidr: "Supports both IPv4 and IPv6 notations" (DestinationIp|cidr: 10.0.0.0/8)', () => {
    const p = plan("  s: {sourceIPs|cidr: ['10.0.0.0/8', '2001:db8::/32']}\n  condition: s");
    const ips = ['10.1.2.3', '11.0.0.1', '2001:db8::1', '2001:DB8:0:0:0:0:0:1', '2001:0db8::', '2001:db9::1', '::ffff:10.1.2.3'];
    expect(hits(p, ips.map((ip) => ({ sourceIPs: [ip] })))).toEqual([true, false, true, true, true, false, false]);
  });

  it('lt, lte, gt, gte anywhere in a condition, also under OR and NOT', () => {
    const p = plan('  low: {responseStatus.code|lt: 300}\n  high: {responseStatus.code|gte: 500}\n  get: {verb: get}\n  condition: (low or high) and not get');
    const codes = [200, 299, 300, 499, 500, 501];
    expect(hits(p, codes.map((code) => ({ verb: 'list', responseStatus: { code } })))).toEqual([true, true, false, false, true, true]);
    expect(hits(p, [{ verb: 'list', responseStatus: { code: 'none' } }, { verb: 'list' }, { verb: 'get', responseStatus: { code: 200 } }])).toEqual([false, false, false]);
  });

  it('neq: "The field is different from the specified values"', () => {
    const p = plan('  s: {verb|neq: [get, list]}\n  condition: s');
    expect(hits(p, [{ verb: 'GET' }, { verb: 'list' }, { verb: 'delete' }])).toEqual([false, false, true]);
  });

  it.each([
    ['wide', /wide is UTF-16LE: JSON and text logs hold decoded Unicode text, never UTF-16 bytes/],
    ['utf16le', /never UTF-16 bytes/],
    ['utf16be', /never UTF-16 bytes/],
    ['utf16', /never UTF-16 bytes/],
  ])('%s is refused with the reason', (mod, why) => {
    expect(refusal(`  s: {requestURI|${mod}|base64offset|contains: cmd}\n  condition: s`)).toMatch(why);
  });

  it('fieldref: "compare fields of matched events directly" (both present, exactly equal; with neq, different)', () => {
    const p = plan('  s: {user.username|fieldref: impersonatedUser.username}\n  condition: s');
    const n = plan('  s: {user.username|fieldref|neq: impersonatedUser.username}\n  condition: s');
    const evs = [
      { user: { username: 'alice' }, impersonatedUser: { username: 'alice' } },
      { user: { username: 'alice' }, impersonatedUser: { username: 'Alice' } },
      { user: { username: 'alice' } },
      {},
    ];
    expect(hits(p, evs)).toEqual([true, false, false, false]);
    expect(hits(n, evs)).toEqual([false, true, true, true]);
    expect(logqlLogQuery(p)).toContain('| label_format vigil_eq_f_user_username_f_impersonatedUser_username="{{ if eq .f_user_username .f_impersonatedUser_username }}1{{ end }}"');
    expect(logsqlLogQuery(p)).toContain('"f_user.username":eq_field("f_impersonatedUser.username")');
  });
});

describe('correlation rules specification', () => {
  const SET = `
title: Many failed requests
id: 0e95725d-7320-415d-80f7-004da920fc11
correlation:
  type: event_count
  rules: [5638f7c0-ac70-491d-8465-2a65075e0d86]
  group-by: [user.username]
  timespan: 1h
  condition: {gte: 100}
level: high
---
title: Failed request
id: 5638f7c0-ac70-491d-8465-2a65075e0d86
name: failed_request
description: a request answered 403
logsource: {product: kubernetes, service: audit}
detection:
  s: {responseStatus.code: 403}
  condition: s
level: low
---
title: Many users failing
id: 0e95725d-7320-415d-80f7-004da920fc12
correlation:
  type: value_count
  rules: [failed_request]
  group-by: [sourceIPs]
  timespan: 1d
  condition: {field: user.username, gte: 100}
level: high
`;

  it('event_count by id ("Many failed logins"): the referenced rule\'s condition, counted per group', () => {
    const [meta, base] = loadRules(SET);
    expect(meta.ok && base.ok).toBe(true);
    const p = planRule((meta as { rule: Rule }).rule);
    expect(p.window).toMatchObject({ type: 'event_count', groupBy: ['user.username'], window: '1h', op: 'gte', threshold: 100 });
    expect(logqlLogQuery(planRule((base as { rule: Rule }).rule))).toContain('|= "403" | json f_responseStatus_code="responseStatus.code" | f_responseStatus_code="403" | __error__=""');
    expect(logqlLogQuery(p)).toContain('|= "403" | json f_responseStatus_code="responseStatus.code", f_user_username="user.username" | f_responseStatus_code="403" | f_user_username!="" | __error__=""');
    expect(hits(p, [{ responseStatus: { code: 403 }, user: { username: 'a' } }, { responseStatus: { code: 200 }, user: { username: 'a' } }])).toEqual([true, false]);
  });

  it('value_count by name: a list field cannot be a group key', () => {
    const results = loadRules(SET);
    expect(results[2].ok).toBe(true);
    expect(() => planRule((results[2] as { rule: Rule }).rule)).toThrow(/cannot group or count by the list field sourceIPs/);
  });

  it('a rule of the catalog can be referenced, rules of two sources cannot', () => {
    const text = `title: C\nid: c\ncorrelation: {type: event_count, rules: [k8s-exec-into-pod, REF], group-by: [user.username], timespan: 5m, condition: {gte: 2}}\nlevel: low\n`;
    const known = [rule('  s: {verb: get}\n  condition: s')];
    const ok = loadRules(text.replace('REF', 't'), [...known, { ...known[0], id: 'k8s-exec-into-pod' }]);
    expect(ok[0].ok).toBe(true);
    expect(logsqlLogQuery(planRule((ok[0] as { rule: Rule }).rule))).toMatch(/OR/);
    const mixed = loadRules(text.replace('REF', 'dns'), [known[0], { ...known[0], id: 'k8s-exec-into-pod' }, { ...known[0], id: 'dns', logsource: { service: 'coredns' } }]);
    expect(!mixed[0].ok && mixed[0].errors[0]).toMatchObject({ message: expect.stringMatching(/reads coredns but "k8s-exec-into-pod" reads audit/), path: 'correlation.rules.1', line: 3 });
  });

  it.each([
    ['temporal', /temporal correlations are not supported: one LogQL query cannot tell which referenced rule/],
    ['temporal_ordered', /neither LogQL nor LogsQL can order events within a window/],
  ])('%s is refused with the reason', (type, why) => {
    const r = loadRules(SET.replace('type: event_count', `type: ${type}`));
    expect(!r[0].ok && r[0].errors[0].message).toMatch(why);
  });

  it('an unknown reference and a correlation of a correlation are refused', () => {
    const unknown = loadRules(SET.replace('rules: [5638f7c0-ac70-491d-8465-2a65075e0d86]', 'rules: [nope]'));
    expect(!unknown[0].ok && unknown[0].errors[0].message).toBe('no rule with id or name "nope" in this rule set or the catalog');
    const chain = loadRules(SET.replace('rules: [failed_request]', 'rules: [0e95725d-7320-415d-80f7-004da920fc11]'));
    expect(!chain[2].ok && chain[2].errors[0].message).toMatch(/is itself a correlation/);
  });
});
