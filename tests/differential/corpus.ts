// The differential test's data: the simulator's benign baseline and every attack scenario,
// plus each catalog rule's positive and negative test lines on their own streams.
import { simulate } from '../../backend-stub/src';
import { CATALOG_RULES, ruleTestLines } from '../../src/detections/catalog';
import { SOURCES } from '../../src/sources';
import type { ParsedEvent, SourceId } from '../../src/sources/types';
import type { LogEntry } from '../logql/oracle';

export const FROM_MS = Date.parse('2026-03-01T10:00:00Z');
export const TO_MS = FROM_MS + 60 * 60 * 1000;

/** Stream labels of the test lines, as the nearform shipper profile labels each source. */
const TEST_LABELS: Record<SourceId, Record<string, string>> = {
  audit: { job: 'auditlog', host: 'vigil-test' },
  coredns: { namespace: 'kube-system', container: 'coredns', pod: 'coredns-vigil-test' },
  netfilter: { job: 'kernellog', host: 'vigil-test' },
  falco: { job: 'falco', host: 'vigil-test' },
};

/** One log entry with its parse (when it parses as the source it was pushed for). */
export interface CorpusEntry extends LogEntry {
  source: SourceId;
  event?: ParsedEvent;
  /** Which rule's test line this is, if any. */
  test?: { rule: string; positive: boolean };
}

const NS_PER_MS = BigInt(1000000);

function parse(source: SourceId, line: string, ts: bigint): ParsedEvent | undefined {
  const r = SOURCES[source].parse(line, { entryTimeMs: Number(ts / NS_PER_MS) });
  if (!r.ok) {
    return undefined;
  }
  // Windows are counted on the time the backends see: the entry timestamp.
  return { ...r.event, timeMs: Number(ts / NS_PER_MS), timeNs: String(ts % NS_PER_MS).padStart(6, '0') };
}

function sourceOfStream(labels: Record<string, string>): SourceId {
  if (labels.job === 'auditlog') {
    return 'audit';
  }
  if (labels.container === 'coredns') {
    return 'coredns';
  }
  return labels.job === 'kernellog' ? 'netfilter' : 'falco';
}

/** Builds the corpus (deterministic: fixed seed and times). */
export function buildCorpus(): CorpusEntry[] {
  const sim = simulate({ from: FROM_MS, to: TO_MS, scenarios: 'all', seed: 7, profile: 'nearform' });
  const out: CorpusEntry[] = [];
  for (const s of sim.streams) {
    const source = sourceOfStream(s.stream);
    for (const [ns, line] of s.values) {
      const ts = BigInt(ns);
      out.push({ labels: s.stream, ts, line, source, event: parse(source, line, ts) });
    }
  }
  // Test lines: one per second from ten seconds into the range, so they never share a timestamp.
  let at = FROM_MS + 10000;
  for (const rule of CATALOG_RULES) {
    const source = rule.logsource.service;
    const lines = ruleTestLines(rule, at);
    for (const [positive, list] of [
      [true, lines.positive],
      [false, lines.negative],
    ] as const) {
      for (const line of list) {
        const ts = BigInt(at) * NS_PER_MS + BigInt(123457);
        out.push({
          labels: TEST_LABELS[source],
          ts,
          line,
          source,
          event: parse(source, line, ts),
          test: { rule: rule.id, positive },
        });
        at += 1000;
      }
    }
  }
  return out;
}

/** Loki push streams of the corpus (one per label set, in time order). */
export function corpusStreams(
  corpus: CorpusEntry[]
): Array<{ stream: Record<string, string>; values: Array<[string, string]> }> {
  const streams = new Map<string, { stream: Record<string, string>; values: Array<[string, string]> }>();
  for (const e of [...corpus].sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0))) {
    const key = JSON.stringify(Object.entries(e.labels).sort());
    const s = streams.get(key) ?? { stream: e.labels, values: [] };
    s.values.push([String(e.ts), e.line]);
    streams.set(key, s);
  }
  return [...streams.values()];
}

/** Go RFC3339Nano in UTC (fraction without trailing zeros), as VictoriaLogs prints `_time`. */
export function rfc3339Nano(ns: bigint): string {
  const s = ns / BigInt(1000000000);
  const frac = String(ns % BigInt(1000000000))
    .padStart(9, '0')
    .replace(/0+$/, '');
  return `${new Date(Number(s) * 1000).toISOString().slice(0, 19)}${frac ? `.${frac}` : ''}Z`;
}

/** Parses VictoriaLogs' `_time` back to nanoseconds. */
export function parseRfc3339Ns(text: string): bigint {
  const m = text.match(/^(.{19})(?:\.(\d{1,9}))?Z$/);
  if (!m) {
    throw new Error(`unexpected _time ${text}`);
  }
  return BigInt(Date.parse(`${m[1]}Z`)) * NS_PER_MS + BigInt((m[2] ?? '').padEnd(9, '0'));
}
