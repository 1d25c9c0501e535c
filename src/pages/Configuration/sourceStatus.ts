/**
 * What the Configuration page says about one source: its detected stream, the rate and
 * freshness of its lines, the parse error rate on a sample, and the detections that are
 * blind without it. Pure, so it is unit-tested without a backend.
 */
import { SOURCES } from '../../sources';
import type { SourceDetection } from '../../sources/detect';
import type { SourceId } from '../../sources/types';
import type { Rule } from '../../detections/types';

/** A sample of one stream's recent lines with their times (epoch ms). */
export interface StreamSample {
  lines: string[];
  timesMs: number[];
  /** The range the sample was asked for, and the line limit it was asked with. */
  rangeMs: number;
  limit: number;
}

/**
 * healthy: lines flow and parse. missing: no stream carries the source's labels.
 * quiet: the stream exists but sent nothing in the range. broken: lines arrive but most
 * fail to parse (wrong stream, wrong format).
 */
export type SourceState = 'healthy' | 'missing' | 'quiet' | 'broken';

export interface SourceStatus {
  source: SourceId;
  state: SourceState;
  /** Detected LogQL and LogsQL selectors, and the label convention that matched. */
  selector?: { logql: string; logsql: string; scheme: string };
  /** Other streams that looked like the source, best first. */
  otherCandidates: number;
  eventsPerMinute: number;
  /** Share of sampled lines the parser refused, 0–1; undefined without a sample. */
  parseErrorRate?: number;
  sampled: number;
  lastEventMs?: number;
  /** One sentence for the user. */
  summary: string;
}

/** Share of sampled lines that may fail before a source counts as broken. */
export const BROKEN_PARSE_RATE = 0.5;

/** Lines per minute: the whole range when the sample was not cut by the limit, else its own span. */
export function eventsPerMinute(sample: StreamSample): number {
  const n = sample.lines.length;
  if (n === 0) {
    return 0;
  }
  if (n < sample.limit) {
    return n / (sample.rangeMs / 60_000);
  }
  const span = Math.max(...sample.timesMs) - Math.min(...sample.timesMs);
  return span > 0 ? (n - 1) / (span / 60_000) : n / (sample.rangeMs / 60_000);
}

/** The status of one source from its detection and the sample of its proposed stream. */
export function sourceStatus(detection: SourceDetection, sample: StreamSample | undefined): SourceStatus {
  const { source, proposal } = detection;
  const title = SOURCES[source].title;
  if (!proposal) {
    return {
      source,
      state: 'missing',
      otherCandidates: 0,
      eventsPerMinute: 0,
      sampled: 0,
      summary: `No ${title} stream found: no stream carries labels Vigil knows for this source.`,
    };
  }
  const base = {
    source,
    selector: { logql: proposal.logql, logsql: proposal.logsql, scheme: proposal.why },
    otherCandidates: detection.candidates.length - 1,
  };
  const lines = sample?.lines ?? [];
  if (lines.length === 0) {
    return { ...base, state: 'quiet', eventsPerMinute: 0, sampled: 0, summary: `${proposal.logql} sent no lines in the last ${rangeWords(sample)}.` };
  }
  const failed = lines.filter((l) => !SOURCES[source].parse(l).ok).length;
  const parseErrorRate = failed / lines.length;
  const rate = eventsPerMinute(sample!);
  const lastEventMs = Math.max(...sample!.timesMs);
  const broken = parseErrorRate > BROKEN_PARSE_RATE;
  return {
    ...base,
    state: broken ? 'broken' : 'healthy',
    eventsPerMinute: rate,
    parseErrorRate,
    sampled: lines.length,
    lastEventMs: Number.isFinite(lastEventMs) ? lastEventMs : undefined,
    summary: broken
      ? `${Math.round(parseErrorRate * 100)}% of ${lines.length} sampled lines of ${proposal.logql} are not ${title} lines.`
      : `${proposal.logql} (${proposal.why}) sends about ${formatRate(rate)} events per minute.`,
  };
}

function rangeWords(sample: StreamSample | undefined): string {
  const minutes = Math.round((sample?.rangeMs ?? 3_600_000) / 60_000);
  return minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`;
}

/** A rate with sensible precision: 0.25, 3.4, 120. */
export function formatRate(rate: number): string {
  if (rate === 0) {
    return '0';
  }
  return rate < 1 ? rate.toFixed(2) : rate < 10 ? rate.toFixed(1) : String(Math.round(rate));
}

/** One catalog detection that cannot fire, and why. */
export interface BlindDetection {
  id: string;
  title: string;
  level: Rule['level'];
  reason: string;
}

/** The detections a source's state blinds: all of its rules unless it is healthy. */
export function blindDetections(status: SourceStatus, rules: readonly Rule[]): BlindDetection[] {
  if (status.state === 'healthy') {
    return [];
  }
  const title = SOURCES[status.source].title;
  const reason: Record<Exclude<SourceState, 'healthy'>, string> = {
    missing: `reads ${title} lines, and no ${title} stream was found`,
    quiet: `reads ${title} lines, and its stream sent none recently`,
    broken: `reads ${title} lines, and the detected stream's lines do not parse as ${title}`,
  };
  return rules
    .filter((r) => r.logsource.service === status.source)
    .map((r) => ({ id: r.id, title: r.title, level: r.level, reason: reason[status.state as Exclude<SourceState, 'healthy'>] }));
}
