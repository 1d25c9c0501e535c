/** @jest-environment node */
// The pre-filter is sound: whenever the rule's condition holds on a line (the matcher without
// its own pre-filter), every pre-filter clause holds on it, as LogQL tests it (substring) and as LogsQL tests it (phrase where allowed). Lines
// are generated around each catalog rule's own values so that matches are frequent.
import fc from 'fast-check';
import { SOURCES } from '../sources';
import type { SourceId } from '../sources/types';
import { CATALOG_RULES, ruleTestLines } from './catalog';
import { splitConjuncts } from './logql';
import { regexFacts } from './literals';
import { matchCondition } from './matcher';
import { planRule } from './plan';
import { clauseHolds, planClauses } from './prefilter';
import type { Plan } from './types';

const T0 = Date.parse('2026-03-01T10:00:00Z');
const plans = CATALOG_RULES.map((r) => planRule(r));
const testLines = (source: SourceId) =>
  CATALOG_RULES.filter((r) => r.logsource.service === source).flatMap((r) => {
    const l = ruleTestLines(r, T0);
    return [...l.positive, ...l.negative];
  });
/** Every list and string parameter value of the catalog: pool domains, ports, addresses. */
const paramValues = CATALOG_RULES.flatMap((r) => Object.values(r.parameters).flatMap((p) => (Array.isArray(p.default) ? p.default : [])));

const label = fc.oneof(fc.stringMatching(/^[a-z0-9-]{1,12}$/), fc.stringMatching(/^[a-z0-9]{20,60}$/), fc.constantFrom(...paramValues));
const randomCase = (s: string) => fc.array(fc.boolean(), { minLength: s.length, maxLength: s.length }).map((up) => [...s].map((c, i) => (up[i] ? c.toUpperCase() : c)).join(''));
const dnsName = fc
  .tuple(fc.array(label, { minLength: 1, maxLength: 6 }), fc.boolean())
  .map(([labels, dot]) => labels.join('.') + (dot ? '.' : ''))
  .chain(randomCase);
const corednsLine = fc
  .tuple(fc.constantFrom('10.244.2.9', '[fd00::7]'), fc.constantFrom('A', 'AAAA', 'TXT', 'NULL', 'MX'), dnsName, fc.constantFrom('NOERROR', 'NXDOMAIN'))
  .map(([ip, type, name, rcode]) => `[INFO] ${ip}:51234 - 42 "${type} IN ${name} udp 44 false 1232" ${rcode} qr,rd,ra 120 0.0031s`);
const port = fc.oneof(fc.integer({ min: 0, max: 65535 }).map(String), fc.constantFrom(...paramValues.filter((v) => /^[0-9]+$/.test(v))));
const address = fc.oneof(fc.ipV4(), fc.constantFrom(...paramValues.filter((v) => /^[0-9.]+$/.test(v))));
const netfilterLine = fc
  .tuple(address, address, fc.constantFrom('TCP', 'UDP', 'ICMP'), port, port, fc.boolean())
  .map(([src, dst, proto, spt, dpt, prefix]) => {
    const ports = proto === 'ICMP' ? 'TYPE=8 CODE=0 ID=1 SEQ=1' : `SPT=${spt} DPT=${dpt} ${proto === 'TCP' ? 'WINDOW=1024 RES=0x00 SYN URGP=0' : 'LEN=40'}`;
    return `${prefix ? 'Mar  1 10:50:45 worker-3 kernel: [2432839.714000] calico-packet: ' : ''}IN=cali73c OUT=eth0 SRC=${src} DST=${dst} LEN=60 TOS=0x00 PREC=0x00 TTL=63 ID=1 DF PROTO=${proto} ${ports}`;
  });

/** JSON lines: a catalog test line (the rule's own first) with some values swapped for values other test lines use. */
function jsonLine(source: SourceId, own: string[]): fc.Arbitrary<string> {
  const objects = testLines(source).map((l) => JSON.parse(l) as Record<string, unknown>);
  const mine = own.map((l) => JSON.parse(l) as Record<string, unknown>);
  const values = (key: string) => [...new Set(objects.map((o) => JSON.stringify(key.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)?.[k], o))))].map((v) => (v === undefined ? undefined : JSON.parse(v)));
  const keys = source === 'audit' ? ['verb', 'stage', 'user', 'objectRef', 'responseStatus', 'requestObject', 'impersonatedUser', 'requestURI'] : ['rule', 'priority', 'output'];
  return fc.tuple(fc.oneof(fc.constantFrom(...mine), fc.constantFrom(...objects)), fc.array(fc.tuple(fc.constantFrom(...keys), fc.nat()), { maxLength: 3 })).map(([base, swaps]) => {
    const o = { ...base };
    for (const [key, n] of swaps) {
      const pool = values(key);
      o[key] = pool[n % pool.length];
    }
    return JSON.stringify(o);
  });
}

function linesFor(plan: Plan): fc.Arbitrary<string> {
  const rule = CATALOG_RULES.find((r) => r.id === plan.ruleId)!;
  const own = ruleTestLines(rule, T0).positive;
  switch (plan.source) {
    case 'coredns':
      return fc.oneof(corednsLine, fc.constantFrom(...testLines('coredns')));
    case 'netfilter':
      return fc.oneof(netfilterLine, fc.constantFrom(...testLines('netfilter')));
    default:
      return jsonLine(plan.source, own);
  }
}

function clausesOf(plan: Plan) {
  return planClauses(plan, splitConjuncts(plan).rest);
}

describe('pre-filter soundness (property over the matcher)', () => {
  it.each(plans.map((p) => [p.ruleId, p] as const))('%s: whenever the rule matches, the pre-filter passes', (_id, plan) => {
    const clauses = clausesOf(plan);
    let matched = 0;
    fc.assert(
      fc.property(linesFor(plan), (line) => {
        const r = SOURCES[plan.source].parse(line, { entryTimeMs: T0 });
        if (r.ok && matchCondition(plan, r.event)) {
          matched++;
          for (const c of clauses) {
            expect({ line, clause: c, loki: clauseHolds(c, line, 'loki'), vl: clauseHolds(c, line, 'victorialogs') }).toEqual({ line, clause: c, loki: true, vl: true });
          }
        }
      }),
      { numRuns: 300, seed: 8 }
    );
    expect(matched).toBeGreaterThan(0);
  });

  it('derives a pre-filter for the rules whose conditions imply literals', () => {
    const pf = (id: string) => clausesOf(plans.find((p) => p.ruleId === id)!);
    expect(pf('net-mining-pool-port')).toContainEqual(expect.arrayContaining([{ value: ' DPT=3333', ci: false, endsAtBoundary: true }]));
    // Case-insensitive values give none (prefilter.ts: planClauses).
    expect(pf('dns-mining-pool-query')).toEqual([]);
    expect(pf('k8s-clusterrole-with-exec')[0].map((l) => l.value)).toEqual(['"clusterroles"', '"roles"']);
  });
});

describe('regex facts', () => {
  it.each([
    ['(^|\\.)(?:minexmr\\.com|f2pool\\.com)\\.?$', ['minexmr.com', 'f2pool.com'], 10],
    ['^[4-9][0-9][0-9]$', undefined, 3],
    ['(^|\\.)[^.]{40,}(\\.|$)', undefined, 40],
    ['abc(d|e)+x*', ['abc'], 4],
    ['a?b', ['b'], 1],
    ['(foo|.)bar', ['bar'], 4],
  ])('%s', (re, literals, minLen) => {
    const facts = regexFacts(re);
    expect(facts.literals && [...new Set(facts.literals)].filter((l) => !facts.literals!.some((o) => o !== l && l.includes(o)))).toEqual(literals && expect.arrayContaining(literals));
    expect(facts.minLen).toBe(minLen);
  });
});
