// fast-check generators of builder states, shared by the property tests and the grammar producer.
import fc from 'fast-check';
import type { SourceId } from '../../sources/types';
import { builderFields } from '../fields';
import type { BuilderState, FieldFilter, FilterOp, Operation } from '../types';

const SOURCES: SourceId[] = ['audit', 'coredns', 'netfilter', 'falco'];

/** Values that have broken naive query builders. */
export const HOSTILE = ['plain', 'quote " inside', 'back\\slash', 'back`tick', 'new\nline', '} | drop __error__ {', '"} |= "x', '`) or vector(1) #', '.*+?()[]{}^$|', 'ünïcødé 😀', '\u0001\u001f\u007f'];

/** Well-formed strings (no lone surrogates: queries are UTF-8). */
const text = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: 'grapheme', maxLength: 12 }).filter((s) => s !== ''));

function filterArb(source: SourceId): fc.Arbitrary<FieldFilter> {
  const fields = builderFields(source);
  return fc.constantFrom(...fields).chain((f) => {
    const ops: FilterOp[] = f.type === 'list' ? ['=', '!=', 'contains', '!contains', 'in'] : ['=', '!=', 'contains', '!contains', 'regex', 'in', '>', '<'];
    return fc.constantFrom(...ops).chain((op): fc.Arbitrary<FieldFilter> => {
      if (op === '>' || op === '<') {
        return fc.integer({ min: -5, max: 70000 }).map((n) => ({ field: f.name, op, value: String(n) }));
      }
      if (op === 'in') {
        return fc.array(text, { minLength: 1, maxLength: 3 }).map((values) => ({ field: f.name, op, value: '', values }));
      }
      // A regex the user types is theirs to get right; generate valid ones.
      const value = op === 'regex' ? fc.constantFrom('get|list', '.*admin.*', '[0-9]+', '(?i)kube-.*') : text;
      return value.map((v) => ({ field: f.name, op, value: v }));
    });
  });
}

function operationArb(source: SourceId): fc.Arbitrary<Operation> {
  const names = builderFields(source).map((f) => f.name);
  return fc.oneof(
    fc.constant<Operation>({ kind: 'events' }),
    fc.subarray(names, { maxLength: 2 }).map((by): Operation => ({ kind: 'count', by })),
    fc.subarray(names, { maxLength: 2 }).map((by): Operation => ({ kind: 'rate', by })),
    fc.tuple(fc.constantFrom(...names), fc.integer({ min: 1, max: 20 })).map(([field, n]): Operation => ({ kind: 'topN', field, n }))
  );
}

/** Any valid builder state. */
export const builderStateArb: fc.Arbitrary<BuilderState> = fc.constantFrom(...SOURCES).chain((source) =>
  fc.record({
    source: fc.constant(source),
    filters: fc.array(filterArb(source), { maxLength: 4 }),
    operation: operationArb(source),
    range: fc.constantFrom('30s', '5m', '1h'),
  })
);
