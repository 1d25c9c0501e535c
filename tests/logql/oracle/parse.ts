// Reading LogQL through Grafana's lezer grammar: syntax errors with positions, and the small
// tree helpers the evaluator uses.
import { parser } from '@grafana/lezer-logql';
import type { SyntaxNode, Tree } from '@lezer/common';
import { unquoteGoString } from '../../../src/logql/unquote';

/** One syntax error: the offset of the `⚠` node and a window of the query around it. */
export interface LogQLSyntaxError {
  from: number;
  to: number;
  message: string;
}

/** A parsed query: the tree and every syntax error (empty when the query is valid). */
export interface ParsedLogQL {
  query: string;
  tree: Tree;
  errors: LogQLSyntaxError[];
}

/** Thrown for constructs the oracle does not evaluate; the message names the construct. */
export class OracleUnsupportedError extends Error {
  constructor(what: string) {
    super(`oracle does not support ${what}`);
    this.name = 'OracleUnsupportedError';
  }
}

/** Thrown for queries that Loki would reject (syntax or validation errors). */
export class LogQLQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LogQLQueryError';
  }
}

/** Parses a query with @grafana/lezer-logql; lezer marks errors as `⚠` nodes. */
export function parseLogQL(query: string): ParsedLogQL {
  const tree = parser.parse(query);
  const errors: LogQLSyntaxError[] = [];
  tree.iterate({
    enter(node) {
      if (node.type.isError) {
        const near = query.slice(Math.max(0, node.from - 10), node.to + 10);
        errors.push({
          from: node.from,
          to: node.to,
          message: `syntax error at offset ${node.from} near ${JSON.stringify(near)}`,
        });
      }
    },
  });
  // String literals must also decode: lezer accepts any backslash escape, Loki does not.
  tree.iterate({
    enter(node) {
      if (node.name === 'String') {
        const res = unquoteGoString(query.slice(node.from, node.to));
        if (!res.ok) {
          errors.push({ from: node.from, to: node.to, message: `invalid string at offset ${node.from}: ${res.error}` });
        }
      }
    },
  });
  return { query, tree, errors };
}

/** Parses and throws a LogQLQueryError listing the errors, if any. */
export function parseOrThrow(query: string): ParsedLogQL {
  const parsed = parseLogQL(query);
  if (parsed.errors.length > 0) {
    throw new LogQLQueryError(`parse error: ${parsed.errors.map((e) => e.message).join('; ')}`);
  }
  return parsed;
}

/** The children of a node, in order. */
export function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) {
    out.push(c);
  }
  return out;
}

/** All descendants with that node name, in document order, not looking inside a match. */
export function descendants(node: SyntaxNode, name: string): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const c of children(node)) {
    if (c.name === name) {
      out.push(c);
    } else {
      out.push(...descendants(c, name));
    }
  }
  return out;
}

/** The first direct child with that node name. */
export function child(node: SyntaxNode, name: string): SyntaxNode | null {
  return children(node).find((c) => c.name === name) ?? null;
}

/** The text a node covers. */
export function text(query: string, node: SyntaxNode): string {
  return query.slice(node.from, node.to);
}

/** The decoded value of a String node. */
export function stringValue(query: string, node: SyntaxNode): string {
  const res = unquoteGoString(text(query, node));
  if (!res.ok) {
    throw new LogQLQueryError(`invalid string ${text(query, node)}: ${res.error}`);
  }
  return res.value;
}

const DURATION_UNITS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
  d: 86400e9,
  w: 7 * 86400e9,
  y: 365 * 86400e9,
};

/**
 * Query durations (`[5m]`, `offset 1h30m`) in nanoseconds: Prometheus units plus Go forms
 * (docs/dev/logql.md#strings-and-durations, code syn/lex.go parseDuration).
 */
export function parseQueryDuration(s: string): bigint {
  const parts = s.match(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d|w|y)/g);
  if (!parts || parts.join('') !== s) {
    throw new LogQLQueryError(`invalid duration ${JSON.stringify(s)}`);
  }
  let total = BigInt(0);
  for (const p of parts) {
    const [, num, unit] = p.match(/^(\d+(?:\.\d+)?)(.+)$/)!;
    total += BigInt(Math.round(Number(num) * DURATION_UNITS[unit]));
  }
  return total;
}
