// The cases of sigma-agreement.test.ts and sigma-agreement.integration.test.ts: Sigma
// constructs (those of the public Kubernetes audit rules and the modifiers Vigil supports) and
// audit lines written the way foreign encoders write them, each with the rules a reading of
// the Sigma spec says it hits. Test code only: nothing in the plugin imports it.
import { SOURCES } from '../sources';
import { testLine } from './catalog/testEvents';
import { loadRules } from './load';
import { matchEvent } from './matcher';
import { planRule } from './plan';
import type { Plan, Rule } from './types';

export const T0 = Date.parse('2026-03-01T10:00:00Z');
export const NS = BigInt(1000000);

const RULES = `
title: Exec into a container (any letter case)
id: exec-any-case
name: exec_any_case
description: SigmaHQ exec_into_container's selection, plain values.
logsource: {product: kubernetes, service: audit}
detection:
  selection: {verb: create, objectRef.resource: pods, objectRef.subresource: exec}
  condition: selection
level: medium
---
title: Shells and scanners
id: shells-and-scanners
description: SigmaHQ potential_enumeration_activity's shape; a status that is a word never equals a number.
logsource: {product: kubernetes, service: audit}
detection:
  selection_status: {responseStatus.code: [101, 'ALLOW']}
  selection_request_uri: {requestURI|contains: ['%2fbin%2fbash', '/bin/bash', '%2fusr%2fbin%2fcurl']}
  selection_request_user_agent: {userAgent|contains: [trufflehog, azurehound]}
  condition: selection_status and 1 of selection_request_*
level: medium
---
title: Pod with volumes
id: pod-with-volumes
description: field '*' (has a value) and exists.
logsource: {product: kubernetes, service: audit}
detection:
  selection: {verb|cased: create, objectRef.resource|cased: pods, requestObject.spec.volumes: '*'}
  tls: {requestObject.spec.hostNetwork|exists: true}
  condition: selection and not tls
level: low
---
title: Errors or deletes
id: errors-or-deletes
description: numeric comparisons under OR and NOT.
logsource: {product: kubernetes, service: audit}
detection:
  error: {responseStatus.code|gte: 400}
  server: {responseStatus.code|gt: 499}
  delete: {verb: delete}
  condition: (error and not server) or delete
level: low
---
title: Documentation networks
id: doc-networks
description: cidr over a list field, IPv4 and IPv6.
logsource: {product: kubernetes, service: audit}
detection:
  selection: {sourceIPs|cidr: ['2001:db8::/32', '198.51.100.0/24', 'fd00::/8']}
  condition: selection
level: low
---
title: Windash and base64
id: windash-base64
description: windash on a flag, base64offset on a secret value, neq on the verb.
logsource: {product: kubernetes, service: audit}
detection:
  flag: {requestURI|windash|contains: 'command=-it'}
  secret: {requestObject.data.config|base64offset|contains: 'password=hunter2'}
  reads: {verb|neq: [get, list, watch]}
  condition: (flag or secret) and reads
level: low
---
title: Exec under a namespace path
id: exec-path-cased
description: a cased value with slashes; its pre-filter is the longest run without them, so escaped slashes still match.
logsource: {product: kubernetes, service: audit}
detection:
  selection: {requestURI|cased|startswith: /api/v1/namespaces/a/pods/}
  condition: selection
level: low
---
title: Acting as oneself
id: self-impersonation
description: fieldref, and fieldref with neq under OR.
logsource: {product: kubernetes, service: audit}
detection:
  same: {impersonatedUser.username|fieldref: user.username}
  other: {impersonatedUser.username|fieldref|neq: user.username, verb|cased: delete}
  condition: same or other
level: low
---
title: Two execs by one user
id: two-execs
description: a correlation rule over another rule of the set, by name.
correlation:
  type: event_count
  rules: [exec_any_case]
  group-by: [user.username]
  timespan: 10m
  condition: {gte: 2}
level: high
`;

const b64 = (s: string) => Buffer.from(s).toString('base64');

/** Audit events (partial, merged onto the template) and what the spec says each rule does with them. */
const EVENTS: Array<{ ev: Record<string, unknown>; hits: string[]; spell?: (line: string) => string }> = [
  { ev: { verb: 'create', objectRef: { resource: 'pods', subresource: 'exec' }, requestURI: '/api/v1/namespaces/a/pods/p/exec?command=%2Fbin%2Fbash', responseStatus: { code: 101 } }, hits: ['exec-any-case', 'shells-and-scanners', 'exec-path-cased'] },
  { ev: { verb: 'CREATE', objectRef: { resource: 'Pods', subresource: 'Exec' }, requestURI: '/api/v1/namespaces/a/pods/p/exec?command=%2fbin%2fbash&command=-it', responseStatus: { code: 101 } }, hits: ['exec-any-case', 'shells-and-scanners', 'windash-base64', 'exec-path-cased'] },
  { ev: { verb: 'get', objectRef: { resource: 'pods', subresource: 'exec' }, requestURI: '/API/v1/namespaces/a/pods/p/exec?command=/bin/bash&command=/it', responseStatus: { code: 101 } }, hits: ['shells-and-scanners'] },
  { ev: { verb: 'list', requestURI: '/api/v1/secrets', userAgent: 'TruffleHog/3.0', responseStatus: { code: 200 } }, hits: [] },
  { ev: { verb: 'list', requestURI: '/api/v1/secrets', userAgent: 'TruffleHog/3.0', responseStatus: { code: 101 } }, hits: ['shells-and-scanners'] },
  { ev: { verb: 'create', objectRef: { resource: 'pods', subresource: null }, requestObject: { spec: { volumes: [{ name: 'v' }] } } }, hits: ['pod-with-volumes'] },
  // An empty list is a value ("[]"), as `| json` reads it; hostNetwork makes the exception hold.
  { ev: { verb: 'create', objectRef: { resource: 'pods', subresource: null }, requestObject: { spec: { volumes: [] } } }, hits: ['pod-with-volumes'] },
  { ev: { verb: 'create', objectRef: { resource: 'pods', subresource: null }, requestObject: { spec: { volumes: [], hostNetwork: false } } }, hits: [] },
  { ev: { verb: 'create', objectRef: { resource: 'pods', subresource: null }, requestObject: { spec: { volumes: [{ name: 'v' }], hostNetwork: true } } }, hits: [] },
  { ev: { verb: 'Create', objectRef: { resource: 'pods', subresource: null }, requestObject: { spec: { volumes: [{ name: 'v' }] } } }, hits: [] },
  { ev: { verb: 'get', responseStatus: { code: 403 } }, hits: ['errors-or-deletes'] },
  { ev: { verb: 'get', responseStatus: { code: 503 } }, hits: [] },
  { ev: { verb: 'DELETE', responseStatus: { code: 503 } }, hits: ['errors-or-deletes'] },
  { ev: { verb: 'delete', responseStatus: { code: 'n/a' } }, hits: ['errors-or-deletes', 'self-impersonation'] },
  { ev: { verb: 'get', responseStatus: { code: 'n/a' } }, hits: [] },
  // Numbers as written: decimal text compares, exponent notation satisfies no comparison.
  { ev: { verb: 'get', responseStatus: { code: 403 } }, hits: ['errors-or-deletes'], spell: (l) => l.replace('"code":403', '"code":403.0') },
  { ev: { verb: 'get', responseStatus: { code: 403 } }, hits: [], spell: (l) => l.replace('"code":403', '"code":4.03e2') },
  { ev: { verb: 'get', sourceIPs: ['10.0.0.1', '2001:DB8::7'] }, hits: ['doc-networks'] },
  { ev: { verb: 'get', sourceIPs: ['2001:0db8:0000:0000:0000:0000:0000:0001'] }, hits: ['doc-networks'] },
  { ev: { verb: 'get', sourceIPs: ['2001:db9::1', '::ffff:198.51.100.7', '198.51.101.1'] }, hits: [] },
  // Not dotted quads as Vigil reads them (VictoriaLogs' ipv4_range would take both).
  { ev: { verb: 'get', sourceIPs: ['198.051.100.7', '198.51.100.7x'] }, hits: [] },
  { ev: { verb: 'get', sourceIPs: ['fdab:1::2'] }, hits: ['doc-networks'] },
  { ev: { verb: 'update', requestURI: '/api/v1/x?command=\u2013it', objectRef: { resource: 'configmaps' } }, hits: ['windash-base64'] },
  { ev: { verb: 'update', objectRef: { resource: 'secrets' }, requestObject: { data: { config: b64('user=admin;password=hunter2;x=1') } } }, hits: ['windash-base64'] },
  { ev: { verb: 'update', objectRef: { resource: 'secrets' }, requestObject: { data: { config: b64('xy password=hunter2') } } }, hits: ['windash-base64'] },
  { ev: { verb: 'get', objectRef: { resource: 'secrets' }, requestObject: { data: { config: b64('password=hunter2') } } }, hits: [] },
  { ev: { verb: 'get', user: { username: 'user-8' }, impersonatedUser: { username: 'user-8' } }, hits: ['self-impersonation'] },
  { ev: { verb: 'get', user: { username: 'user-8' }, impersonatedUser: { username: 'User-8' } }, hits: [] },
  { ev: { verb: 'delete', user: { username: 'user-8' }, impersonatedUser: { username: 'User-8' } }, hits: ['errors-or-deletes', 'self-impersonation'] },
  { ev: { verb: 'delete', user: { username: 'user-8' } }, hits: ['errors-or-deletes', 'self-impersonation'] },
];

/** Foreign spellings of one JSON line; each keeps the decoded event the same. */
const SPELLINGS: Array<[string, (line: string) => string]> = [
  ['compact', (l) => l],
  ['escaped slashes', (l) => l.replace(/\//g, '\\/')],
  ['Python separators', (l) => JSON.stringify(JSON.parse(l), null, 0).replace(/","/g, '", "').replace(/":"/g, '": "').replace(/,"/g, ', "')],
];

/** A line with every `e` of its string values written `\u0065`: JSON-equal, but no encoder in use writes it. */
function escapeLetters(line: string): string {
  return line.replace(/"((?:[^"\\]|\\.)*)"/g, (m, body: string, offset: number) => (line[offset + m.length] === ':' ? m : `"${body.replace(/e/g, '\\u0065')}"`));
}

export interface Entry {
  ts: bigint;
  line: string;
  labels: Record<string, string>;
  want: string[];
  escaped: boolean;
}

const loaded = loadRules(RULES);
const rules: Rule[] = loaded.map((r) => {
  if (!r.ok) {
    throw new Error(JSON.stringify(r.errors));
  }
  return r.rule;
});
export const plans: Plan[] = rules.map((r) => planRule(r));

export const entries: Entry[] = [];
EVENTS.forEach(({ ev, hits, spell }, i) => {
  const base = testLine('audit', { user: { username: `user-${i % 3}` }, ...ev }, T0 + i * 1000, i);
  const own = spell ?? ((l: string) => l);
  for (const [s, [, spelling]] of SPELLINGS.entries()) {
    const ts = BigInt(T0 + i * 1000 + s * 100) * NS;
    entries.push({ ts, line: own(spelling(base)), labels: { job: 'auditlog' }, want: hits, escaped: false });
  }
  entries.push({ ts: BigInt(T0 + i * 1000 + 900) * NS, line: own(escapeLetters(base)), labels: { job: 'auditlog' }, want: hits, escaped: true });
});

export function matchedEvents(plan: Plan) {
  return entries.flatMap((e) => {
    const r = SOURCES.audit.parse(e.line, { entryTimeMs: Number(e.ts / NS) });
    return r.ok && matchEvent(plan, r.event) ? [r.event] : [];
  });
}

export function matcherHits(plan: Plan): string[] {
  return matchedEvents(plan)
    .map((e) => e.line)
    .sort();
}

export const correlation = plans.find((p) => p.ruleId === 'two-execs')!;
/** The correlation's value per user at a time: the matcher's and what it expects. */
export const AT = BigInt(T0 + 2000) * NS;
