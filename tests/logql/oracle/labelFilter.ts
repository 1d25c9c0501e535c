// Label filter expressions ([LQ "Label filter expression"]) compiled from the lezer tree.
import type { SyntaxNode } from '@lezer/common';
import { LogQLQueryError, OracleUnsupportedError, child, children, stringValue, text } from './parse';
import { ERROR_LABEL, LineState, labelValue, setError } from './state';
import { compileRE2, goParseDuration, goParseFloat, humanizeParseBytes } from './values';

/** The outcome of one predicate: keep or drop the line. */
export type LabelPredicate = (state: LineState) => boolean;

/** A string matcher (`name op "value"`), shared by stream selectors, filters and drop/keep. */
export function compileMatcher(query: string, node: SyntaxNode): { name: string; test: (value: string) => boolean } {
  const [ident, op, str] = children(node);
  if (!str || str.name !== 'String') {
    throw new LogQLQueryError(`matcher ${text(query, node)} needs a quoted value`);
  }
  const name = text(query, ident);
  const value = stringValue(query, str);
  switch (op.name) {
    case 'Eq':
      return { name, test: (v) => v === value };
    case 'Neq':
      return { name, test: (v) => v !== value };
    case 'Re': {
      // Label regexes are fully anchored ([LQ "Log stream selector"]).
      const re = compileRE2(value, true);
      return { name, test: (v) => re.test(v) };
    }
    case 'Nre': {
      const re = compileRE2(value, true);
      return { name, test: (v) => !re.test(v) };
    }
    default:
      throw new OracleUnsupportedError(`matcher operator ${op.name}`);
  }
}

function compare(op: string, a: number, b: number): boolean {
  switch (op) {
    case 'Gtr':
      return a > b;
    case 'Gte':
      return a >= b;
    case 'Lss':
      return a < b;
    case 'Lte':
      return a <= b;
    case 'Eq':
    case 'Eql':
      return a === b;
    case 'Neq':
      return a !== b;
    default:
      throw new OracleUnsupportedError(`comparison ${op}`);
  }
}

/**
 * Number, duration and bytes filters. [LQ "Label filter expression"]: "If the conversion of the
 * label value fails, the log line is not filtered and an `__error__` label is added"; an absent
 * label drops the line (docs/dev/logql.md#label-filters, code label_filter.go).
 */
function convertingFilter(
  name: string,
  op: string,
  target: number,
  convert: (s: string) => number | undefined,
  kind: string
): LabelPredicate {
  return (state) => {
    const raw = state.labels.get(name);
    if (raw === undefined) {
      return false;
    }
    const value = convert(raw);
    if (value === undefined) {
      if (!state.labels.has(ERROR_LABEL)) {
        setError(state, 'LabelFilterErr', `${kind} filter: cannot convert ${JSON.stringify(raw)}`);
      }
      return true;
    }
    return compare(op, value, target);
  };
}

function literalNumber(query: string, node: SyntaxNode): number {
  const value = goParseFloat(text(query, node).replace(/\s+/g, ''));
  if (value === undefined) {
    throw new LogQLQueryError(`invalid number ${text(query, node)}`);
  }
  return value;
}

/** Compiles a `LabelFilter` node. `and`/`,`/juxtaposition are AND, `or` is OR, parens group. */
export function compileLabelFilter(query: string, node: SyntaxNode): LabelPredicate {
  const kids = children(node);
  if (kids.length === 1) {
    return compileLeaf(query, kids[0]);
  }
  const subs = kids.filter((k) => k.name === 'LabelFilter');
  if (subs.length !== 2) {
    throw new OracleUnsupportedError(`label filter ${text(query, node)}`);
  }
  const [left, right] = subs.map((s) => compileLabelFilter(query, s));
  if (child(node, 'Or')) {
    // "or" evaluates the right side only when the left side is false (docs/dev/logql.md#label-filters).
    return (state) => left(state) || right(state);
  }
  // "and" evaluates both sides (a kept-with-error left side still lets the right side run).
  return (state) => {
    const l = left(state);
    const r = right(state);
    return l && r;
  };
}

function compileLeaf(query: string, node: SyntaxNode): LabelPredicate {
  switch (node.name) {
    case 'LabelFilter':
      return compileLabelFilter(query, node);
    case 'Matcher': {
      // String filters read any label, including __error__ ([QR "Pipeline Errors"]).
      const m = compileMatcher(query, node);
      return (state) => m.test(labelValue(state, m.name));
    }
    case 'NumberFilter': {
      const [ident, op, lit] = children(node);
      return convertingFilter(text(query, ident), op.name, literalNumber(query, lit), goParseFloat, 'number');
    }
    case 'UnitFilter': {
      const inner = node.firstChild!;
      const [ident, op, lit] = children(inner);
      if (inner.name === 'DurationFilter') {
        const target = goParseDuration(text(query, lit));
        if (target === undefined) {
          throw new OracleUnsupportedError(`duration literal ${text(query, lit)} in a label filter`);
        }
        return convertingFilter(text(query, ident), op.name, target, goParseDuration, 'duration');
      }
      const target = humanizeParseBytes(text(query, lit));
      if (target === undefined) {
        throw new LogQLQueryError(`invalid bytes ${text(query, lit)}`);
      }
      return convertingFilter(text(query, ident), op.name, target, humanizeParseBytes, 'bytes');
    }
    default:
      throw new OracleUnsupportedError(`label filter ${node.name} (${text(query, node)})`);
  }
}
