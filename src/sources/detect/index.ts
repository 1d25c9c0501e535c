/**
 * Stream detection: finds each source's streams in a log backend by label conventions,
 * confirms them by parsing a sample of lines, and proposes a selector the user can accept
 * or override.
 */
import { SOURCES } from '..';
import { SOURCE_IDS, type SourceId } from '../types';
import { type LabelRule, LABEL_RULES, LINE_MARKER } from './candidates';
import { type LabelMatcher, type LogBackendProbe, type StreamQuery, toLogQL, toLogsQL } from './probe';
import { type Candidate, rank, type RankedCandidate } from './rank';

export type { LabelMatcher, LogBackendProbe, ProbeRange, StreamQuery } from './probe';
export { toLogQL, toLogsQL } from './probe';
export { lokiProbe } from './lokiProbe';
export { victoriaLogsProbe, rowLine } from './victoriaLogsProbe';
export { BackendError } from './http';
export { rank, score, CONFIRM_RATIO } from './rank';
export type { Candidate, RankedCandidate } from './rank';
export { LABEL_RULES, LINE_MARKER } from './candidates';

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

/** Candidate queries the label names/values allow (no lines read yet). */
export async function findCandidates(probe: LogBackendProbe): Promise<Candidate[]> {
  const names = new Set(await probe.labelNames());
  const valueCache = new Map<string, Promise<string[]>>();
  const valuesOf = (label: string) => {
    if (!valueCache.has(label)) {
      valueCache.set(label, probe.labelValues(label));
    }
    return valueCache.get(label)!;
  };
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
    for (const value of matchingValues(rule, await valuesOf(rule.label))) {
      const matchers: LabelMatcher[] = [{ label: rule.label, op: '=', value }];
      for (const n of rule.narrow ?? []) {
        if (names.has(n.label) && (await valuesOf(n.label)).includes(n.value)) {
          matchers.push(n);
        }
      }
      out.push({ ...base, query: { matchers, contains } });
    }
  }
  return out;
}

function matchingValues(rule: LabelRule, values: string[]): string[] {
  const test = rule.values;
  return Array.isArray(test) ? values.filter((v) => test.includes(v)) : values.filter((v) => test.test(v));
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
