// Turns documentation vectors into oracle inputs and compares results, for the oracle test and
// the opt-in real-Loki test alike.
import { LogEntry, ResultEntry, Sample, Series } from './oracle';
import { LogQLVector, LogsVector, VectorEntry } from './vectors';

const NS_PER_SEC = BigInt(1_000_000_000);

/** Unix ns of `sec` seconds after `base`. */
export function at(base: bigint, sec: number): bigint {
  return base + BigInt(Math.round(sec * 1000)) * BigInt(1_000_000);
}

/** The vector's entries as oracle entries. */
export function toEntries(entries: VectorEntry[], base: bigint): LogEntry[] {
  return entries.map((e) => ({ labels: e.labels, line: e.line, ts: at(base, e.at), metadata: e.metadata }));
}

/** Log results in a comparable form: oldest first, presence-only labels blanked. */
export function normaliseLogs(vector: LogsVector, results: Array<Pick<ResultEntry, 'labels' | 'line'>>) {
  return results.map((r) => ({
    line: r.line,
    labels: Object.fromEntries(
      Object.entries(r.labels)
        .map(([k, v]): [string, string] => [k, vector.presenceOnly?.includes(k) ? '' : v])
        .sort(([a], [b]) => (a < b ? -1 : 1))
    ),
  }));
}

/** Samples rounded to 9 significant digits, sorted by labels. */
export function normaliseSamples(samples: Sample[]) {
  return samples
    .map((s) => ({ labels: s.labels, value: Number(s.value.toPrecision(9)) }))
    .sort((a, b) => JSON.stringify(a.labels).localeCompare(JSON.stringify(b.labels)));
}

/** Series with points in seconds after `base`. */
export function normaliseSeries(series: Series[], base: bigint) {
  return series
    .map((s) => ({
      labels: s.labels,
      points: s.points.map((p): [number, number] => [
        Number((p.t - base) / NS_PER_SEC),
        Number(p.value.toPrecision(9)),
      ]),
    }))
    .sort((a, b) => JSON.stringify(a.labels).localeCompare(JSON.stringify(b.labels)));
}

/** The expected result of a vector, normalised the same way. */
export function expectedOf(vector: LogQLVector) {
  switch (vector.kind) {
    case 'logs':
      return normaliseLogs(vector, vector.expected);
    case 'instant':
      return normaliseSamples(vector.expected);
    case 'range':
      return vector.expected
        .map((s) => ({
          labels: s.labels,
          points: s.points.map(([t, v]): [number, number] => [t, Number(v.toPrecision(9))]),
        }))
        .sort((a, b) => JSON.stringify(a.labels).localeCompare(JSON.stringify(b.labels)));
    default:
      return undefined;
  }
}
