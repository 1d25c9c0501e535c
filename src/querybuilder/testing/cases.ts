// Builder states with filters on values the simulator corpus holds, for the oracle and the
// VictoriaLogs tests.
import type { CorpusEntry } from '../../../tests/differential/corpus';
import { fieldValue } from '../../detections/fields';
import type { SourceId } from '../../sources/types';
import { builderFields, fieldOf } from '../fields';
import type { BuilderState, FieldFilter } from '../types';

const SOURCES: SourceId[] = ['audit', 'coredns', 'netfilter', 'falco'];

/**
 * Fields whose catalog extraction reads something else than the parser: netfilter's
 * `udp.len` regexp also matches the UDP header quoted inside an ICMP error, which the
 * parser ignores. Reported to the source catalog; not a builder property.
 */
const EXTRACTION_DIFFERS = new Set(['netfilter udp.len']);

/** Prometheus semantics: an empty label is no label. */
export function withoutEmpty(labels: Record<string, string>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(labels).filter(([, v]) => v !== '')));
}

/** The most common non-empty values of a field in the corpus. */
export function commonValues(corpus: CorpusEntry[], source: SourceId, name: string, n: number): string[] {
  const f = fieldOf(source, name);
  const counts = new Map<string, number>();
  for (const e of corpus) {
    if (e.source === source) {
      const v = fieldValue(e.event!, f);
      for (const x of v.elements ? v.elements.map(String) : [v.text]) {
        if (x !== '') {
          counts.set(x, (counts.get(x) ?? 0) + 1);
        }
      }
    }
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([v]) => v);
}

/** Filters on each field with values the data has, for every operator that fits the field. */
function casesFor(corpus: CorpusEntry[], source: SourceId): Array<[string, BuilderState]> {
  const out: Array<[string, BuilderState]> = [];
  for (const field of builderFields(source).slice(0, 12).filter((f) => !EXTRACTION_DIFFERS.has(`${source} ${f.name}`))) {
    const [a, b] = commonValues(corpus, source, field.name, 2);
    if (a === undefined) {
      continue;
    }
    const filters: FieldFilter[] = [
      { field: field.name, op: '=', value: a },
      { field: field.name, op: '!=', value: a },
      { field: field.name, op: 'in', value: '', values: b === undefined ? [a] : [a, b] },
    ];
    if (field.type !== 'list') {
      filters.push({ field: field.name, op: 'contains', value: a.slice(1, 4) || a }, { field: field.name, op: '!contains', value: a.slice(0, 2) });
    }
    if (field.type === 'number') {
      filters.push({ field: field.name, op: '>', value: a }, { field: field.name, op: '<', value: a });
    }
    for (const f of filters) {
      out.push([`${source} ${f.field} ${f.op} ${JSON.stringify(f.value || f.values)}`, { source, filters: [f], operation: { kind: 'events' }, range: '5m' }]);
    }
  }
  return out;
}

/** Every case for every source. */
export function builderCases(corpus: CorpusEntry[]): Array<[string, BuilderState]> {
  return SOURCES.flatMap((s) => casesFor(corpus, s));
}
