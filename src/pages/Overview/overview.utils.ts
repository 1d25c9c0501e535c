/**
 * The Overview page's reads in two batched /api/ds/query requests: every catalog rule's hit
 * count with the readiness probes (the Detections page's query set), then per source the
 * stream count and a sample of newest lines parsed by the source parsers.
 */
import { baseQuery, catalogTargets, durationText, refIdOfRule, refIdOfSource, REQUEST_OBJECT_REF, sampleOf, totalOf, type DsQuery, type QueryResults } from '../../alerting/queries';
import { selectorFor, type QueryTarget } from '../../alerting/target';
import { ruleReadiness } from '../../alerting/readiness';
import type { Level, Rule } from '../../detections';
import { CATALOG_RULES } from '../../detections/catalog';
import { SOURCES } from '../../sources';
import { SOURCE_IDS, type SourceId } from '../../sources/types';

export const SAMPLE_LINES = 100;

export interface RuleCount {
  rule: Rule;
  hits: number;
  blind?: string;
}

export interface SourceHealth {
  source: SourceId;
  lines: number;
  streams: number;
  sampled: number;
  parseErrors: number;
  error?: string;
}

export interface OverviewData {
  rules: RuleCount[];
  bySeverity: Array<{ level: Level; rules: number; hits: number }>;
  sources: SourceHealth[];
  errors: string[];
}

const streamsExpr = (s: SourceId, target: QueryTarget, rangeMs: number) =>
  target.backend === 'victorialogs'
    ? `${selectorFor(target, s)} _time:${durationText(rangeMs)} | stats count_uniq(_stream) as streams`
    : `count(count_over_time(${selectorFor(target, s)} [${durationText(rangeMs)}]))`;

/**
 * Second request: streams per source (instant) and a newest-lines sample per source, in the
 * data source's selector of each. Both read streams only, so they are the same in every layout; the backend returns a row stored as
 * fields as one flat JSON line, which the source parsers read.
 */
export function healthTargets(target: QueryTarget, rangeMs: number): DsQuery[] {
  return SOURCE_IDS.flatMap((s): DsQuery[] => [
    { ...baseQuery(`streams_${s}`, target, s), queryType: 'metric', instant: true, expr: streamsExpr(s, target, rangeMs) },
    { ...baseQuery(`sample_${s}`, target, s), queryType: 'logs', limit: SAMPLE_LINES, expr: selectorFor(target, s) },
  ]);
}

export function catalogRequest(target: QueryTarget, rangeMs: number) {
  return catalogTargets(CATALOG_RULES.map((rule) => ({ rule })), target, rangeMs);
}

const LEVEL_ORDER: Level[] = ['critical', 'high', 'medium', 'low', 'informational'];

/** Everything the page shows, from the two answers. */
export function summarize(catalog: QueryResults, health: QueryResults, compileErrors: Map<string, string>): OverviewData {
  const errors: string[] = [];
  const counts = {
    sources: Object.fromEntries(SOURCE_IDS.map((s) => [s, totalOf(catalog[refIdOfSource(s)]?.frames)])),
    requestObject: totalOf(catalog[REQUEST_OBJECT_REF]?.frames),
  };
  let i = 0;
  const rules: RuleCount[] = CATALOG_RULES.map((rule) => {
    if (compileErrors.has(rule.id)) {
      return { rule, hits: 0, blind: compileErrors.get(rule.id) };
    }
    const res = catalog[refIdOfRule(i++)];
    res?.error && errors.push(`${rule.id}: ${res.error}`);
    const readiness = ruleReadiness(rule, counts);
    return { rule, hits: totalOf(res?.frames), ...(readiness && !readiness.ready ? { blind: readiness.reason } : {}) };
  });
  const bySeverity = LEVEL_ORDER.map((level) => {
    const fired = rules.filter((r) => r.rule.level === level && r.hits > 0);
    return { level, rules: fired.length, hits: fired.reduce((n, r) => n + r.hits, 0) };
  });
  const sources = SOURCE_IDS.map((source): SourceHealth => {
    const sample = sampleOf(health[`sample_${source}`]?.frames);
    const bad = sample.filter((row) => !SOURCES[source].parse(row.line, { entryTimeMs: row.time }).ok).length;
    const error = health[`sample_${source}`]?.error ?? health[`streams_${source}`]?.error;
    return { source, lines: counts.sources[source] ?? 0, streams: totalOf(health[`streams_${source}`]?.frames), sampled: sample.length, parseErrors: bad, ...(error ? { error } : {}) };
  });
  return { rules, bySeverity, sources, errors };
}

export interface OverviewStats {
  /** Catalog rules with at least one hit in the range. */
  firing: number;
  criticalHits: number;
  /** Rules that cannot see their data (a source or a field missing). */
  blind: number;
  /** Sources with lines in the range and no query error. */
  sourcesHealthy: number;
  sources: number;
}

/** The stat row above the tables. */
export function overviewStats(data: OverviewData): OverviewStats {
  return {
    firing: data.rules.filter((r) => r.hits > 0).length,
    criticalHits: data.bySeverity.find((s) => s.level === 'critical')?.hits ?? 0,
    blind: data.rules.filter((r) => r.blind).length,
    sourcesHealthy: data.sources.filter((s) => s.lines > 0 && !s.error).length,
    sources: data.sources.length,
  };
}
