/**
 * Stream detection: finds each source's streams in a log backend by label conventions,
 * confirms them by parsing a sample of lines, and proposes a selector the user can accept
 * or override.
 */
import { SOURCES } from '..';
import { SOURCE_IDS, type SourceId } from '../types';
import { type LabelRule, LABEL_RULES, LINE_MARKER, VALUE_LABELS } from './candidates';
import { goQuote } from '../../logql/escape';
import { type LabelMatcher, type LogBackendProbe, type StreamQuery, toLogQL, toLogsQL } from './probe';
import { type Candidate, rank, type RankedCandidate } from './rank';

export type { LabelMatcher, LogBackendProbe, ProbeRange, StreamQuery } from './probe';
export { toLogQL, toLogsQL } from './probe';
export { lokiProbe } from './lokiProbe';
export { victoriaLogsProbe, rowLine } from './victoriaLogsProbe';
export { BackendError } from './http';
export { rank, score, CONFIRM_RATIO } from './rank';
export type { Candidate, RankedCandidate } from './rank';
export { LABEL_RULES, LINE_MARKER, SHIPPERS, VALUE_LABELS } from './candidates';
export type { LabelRule, ShipperConventions } from './candidates';

/** Detection result of one source. */
export interface SourceDetection {
  source: SourceId;
  /** Best confirmed candidate, else the best unconfirmed one, else undefined. */
  proposal?: RankedCandidate & { logql: string; logsql: string };
  candidates: RankedCandidate[];
}

export interface DetectOptions {
  /** Lines sampled per candidate (default 20). */
  sampleSize?: number;
  /** Candidates sampled per source, best prior first (default 4). */
  maxSampled?: number;
}

/**
 * Candidate queries the label names and values allow, with no line read: rules in table
 * order, each rule's values sorted. The same as pkg/conventions Candidates, which the health
 * check runs; pkg/conventions/testdata/cases.json holds both to it.
 */
export function labelCandidates(names: ReadonlySet<string>, values: ReadonlyMap<string, string[]>): Candidate[] {
  const out: Candidate[] = [];
  for (const rule of LABEL_RULES) {
    if (!names.has(rule.label) || (rule.requires ?? []).some((l) => !names.has(l))) {
      continue;
    }
    const base = { source: rule.source, weight: rule.weight, why: rule.why };
    const contains = LINE_MARKER[rule.source];
    if (rule.presence) {
      const matchers: LabelMatcher[] = [rule.label, ...(rule.requires ?? [])].map((label) => ({
        label,
        op: '=~',
        value: '.+',
      }));
      out.push({ ...base, query: { matchers, contains } });
      continue;
    }
    for (const value of matchingValues(rule, values.get(rule.label) ?? [])) {
      const matchers: LabelMatcher[] = [{ label: rule.label, op: '=', value }];
      for (const n of rule.narrow ?? []) {
        if (names.has(n.label) && (values.get(n.label) ?? []).includes(n.value)) {
          matchers.push(n);
        }
      }
      out.push({ ...base, query: { matchers, contains } });
    }
  }
  return out;
}

/** Candidate queries the probe's label names and values allow (no lines read yet). */
export async function findCandidates(probe: LogBackendProbe): Promise<Candidate[]> {
  const names = new Set(await probe.labelNames());
  const wanted = VALUE_LABELS.filter((l) => names.has(l));
  const values = new Map(await Promise.all(wanted.map(async (l) => [l, await probe.labelValues(l)] as const)));
  return labelCandidates(names, values);
}

function matchingValues(rule: LabelRule, values: string[]): string[] {
  const test = rule.values;
  const exclude = rule.exclude;
  // Sorted by code unit, as Go sorts bytes: the same for the ASCII label values shippers set.
  return [...new Set(values)]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .filter((v) => (Array.isArray(test) ? test.includes(v) : test.test(v)) && !exclude?.test(v));
}

/**
 * Each source's best candidate by labels alone, what the health check reports: the highest
 * weight, the earliest on a tie.
 */
export function bestByLabels(candidates: Candidate[]): Partial<Record<SourceId, Candidate>> {
  const out: Partial<Record<SourceId, Candidate>> = {};
  for (const c of candidates) {
    const best = out[c.source];
    if (!best || c.weight > best.weight) {
      out[c.source] = c;
    }
  }
  return out;
}

/**
 * The matchers of a query as the health check's evidence names them: `job="auditlog"`,
 * `container="coredns", namespace="kube-system"`, `rule=~".+", priority=~".+"`.
 */
export function evidenceOf(q: StreamQuery): string {
  return q.matchers.map((m) => `${m.label}${m.op}${goQuote(m.value)}`).join(', ');
}

/** Samples the best candidates of each source and ranks them. */
export async function detectStreams(probe: LogBackendProbe, opts: DetectOptions = {}): Promise<SourceDetection[]> {
  const sampleSize = opts.sampleSize ?? 20;
  const maxSampled = opts.maxSampled ?? 4;
  const all = await findCandidates(probe);
  const result: SourceDetection[] = [];
  for (const source of SOURCE_IDS) {
    const mine = rank(all.filter((c) => c.source === source));
    const sampled: Candidate[] = [];
    for (const [i, c] of mine.entries()) {
      if (i >= maxSampled) {
        sampled.push(c);
        continue;
      }
      const lines = await probe.sampleLines(c.query, sampleSize);
      const parse = SOURCES[source].parse;
      sampled.push({ ...c, sampled: lines.length, parsed: lines.filter((l) => parse(l).ok).length });
    }
    const ranked = rank(sampled);
    const top = ranked.find((c) => c.confirmed) ?? ranked[0];
    result.push({ source, candidates: ranked, proposal: top ? withQueries(top) : undefined });
  }
  return result;
}

function withQueries(c: RankedCandidate): RankedCandidate & { logql: string; logsql: string } {
  const q: StreamQuery = c.query;
  return { ...c, logql: toLogQL(q), logsql: toLogsQL(q) };
}
