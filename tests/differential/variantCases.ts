// The cases of the partial-event property (variants.property.test.ts, and on a real
// VictoriaLogs variants.integration.test.ts): the JSON sources' base lines, their foreign
// encodings (variants.ts), and the shrunk counterexamples kept as named cases.
import fc from 'fast-check';
import { CATALOG_RULES, ruleTestLines } from '../../src/detections/catalog';
import { logqlLogQuery } from '../../src/detections/logql';
import { matchEvent } from '../../src/detections/matcher';
import { planRule } from '../../src/detections/plan';
import { resolveField } from '../../src/detections/fields';
import { rawJsonAt } from '../../src/detections/rawjson';
import { SOURCES } from '../../src/sources';
import type { ParsedEvent } from '../../src/sources/types';
import { evaluateLogs } from '../logql/oracle';
import { buildCorpus, CorpusEntry } from './corpus';
import { mutate, mutation, type Mutation } from './variants';

export type JsonSource = 'audit' | 'falco';
const NS_PER_MS = BigInt(1000000);
const T0 = Date.parse('2026-03-03T10:00:00Z');
const LABELS: Record<JsonSource, Record<string, string>> = { audit: { job: 'auditlog' }, falco: { job: 'falco' } };

export const plans = CATALOG_RULES.map((r) => planRule(r)).filter((p) => p.source === 'audit' || p.source === 'falco');
const queries = new Map(plans.map((p) => [p.ruleId, logqlLogQuery(p)]));

// Every rule test line of the JSON sources, and every 40th simulator line of them.
export const bases: Array<{ source: JsonSource; line: string }> = buildCorpus()
  .filter((e, i) => (e.source === 'audit' || e.source === 'falco') && e.event && (e.test || i % 40 === 0))
  .map((e) => ({ source: e.source as JsonSource, line: e.line }));

export function entry(source: JsonSource, line: string, i: number): CorpusEntry {
  const ts = BigInt(T0 + i * 1000) * NS_PER_MS;
  const r = SOURCES[source].parse(line);
  const event: ParsedEvent | undefined = r.ok ? { ...r.event, timeMs: Number(ts / NS_PER_MS) } : undefined;
  return { labels: LABELS[source], ts, line, source, event };
}

/**
 * VictoriaLogs unpacks a map body's values decoded and packs them again, so an escaped letter
 * in them reads as the letter; Loki and the matcher read the raw text (docs/victorialogs.md).
 */
export function escapedMap(plan: (typeof plans)[number], line: string): boolean {
  return plan.fields.some((n) => {
    const f = resolveField(plan.source, n);
    return f.body === 'map' && (rawJsonAt(line, f.json!.segments) ?? '').includes('\\u');
  });
}

/** Rules whose matcher and oracle disagree on one line (empty when they agree). */
export function disagreements(e: CorpusEntry): string[] {
  const out: string[] = [];
  for (const plan of plans.filter((p) => p.source === e.source)) {
    const oracle = evaluateLogs(queries.get(plan.ruleId)!, [e], e.ts, e.ts + BigInt(1), 10, 'forward').length > 0;
    if (oracle !== matchEvent(plan, e.event!)) {
      out.push(`${plan.ruleId}: matcher ${!oracle}, LogQL ${oracle}`);
    }
  }
  return out;
}

export const variant = fc.tuple(fc.constantFrom(...bases), mutation);

export function variantLine([base, m]: [{ source: JsonSource; line: string }, Mutation]): {
  source: JsonSource;
  line: string;
} {
  return { source: base.source, line: mutate(base.line, base.source, m)! };
}

/** A rule's positive test line, rewritten. */
function rewritten(
  ruleId: string,
  index: number,
  edit: (ev: Record<string, unknown>) => string
): { source: JsonSource; line: string } {
  const rule = CATALOG_RULES.find((r) => r.id === ruleId)!;
  const line = ruleTestLines(rule, T0).positive[index];
  return { source: rule.logsource.service as JsonSource, line: edit(JSON.parse(line)) };
}

/** Shrunk counterexamples of the properties below, kept as named cases. */
export const REGRESSIONS: Array<[string, { source: JsonSource; line: string }]> = [
  [
    'a value written entirely in \\u escapes (k8s-nodes-proxy)',
    rewritten('k8s-nodes-proxy', 0, (ev) =>
      JSON.stringify(ev).replace('"nodes"', '"\\u006e\\u006f\\u0064\\u0065\\u0073"')
    ),
  ],
  [
    'lower-case percent-escapes in exec commands (k8s-dangerous-exec-command)',
    rewritten('k8s-dangerous-exec-command', 1, (ev) =>
      JSON.stringify({ ...ev, requestURI: String(ev.requestURI).replace(/%2F/g, '%2f') })
    ),
  ],
  [
    'slashes written as \\/ (k8s-dangerous-exec-command)',
    rewritten('k8s-dangerous-exec-command', 2, (ev) => JSON.stringify(ev).replace(/\//g, '\\/')),
  ],
  [
    'an EventList item: no kind, apiVersion, level, stage, auditID or timestamps (k8s-exec-into-pod)',
    rewritten(
      'k8s-exec-into-pod',
      0,
      ({
        kind: _k,
        apiVersion: _a,
        level: _l,
        stage: _s,
        auditID: _i,
        requestReceivedTimestamp: _r,
        stageTimestamp: _t,
        ...rest
      }) => JSON.stringify(rest)
    ),
  ],
  [
    'a Falco event with only rule, priority and output (falco-alert)',
    rewritten('falco-alert', 0, ({ rule, priority, output }) => JSON.stringify({ rule, priority, output })),
  ],
];
