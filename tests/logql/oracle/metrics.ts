// Metric queries ([MQ] = https://grafana.com/docs/loki/latest/query/metric_queries/,
// [QR] = query_reference page): range aggregations over log lines, vector aggregations and
// comparisons/arithmetic with scalars.
import type { SyntaxNode } from '@lezer/common';
import { LogQLQueryError, OracleUnsupportedError, child, children, descendants, parseQueryDuration, text } from './parse';
import { compileLogExpr } from './pipeline';
import { ERROR_DETAILS_LABEL, ERROR_LABEL, LogEntry, labelsKey, sortedLabels } from './state';
import { goParseFloat } from './values';

/** One element of an instant vector. */
export interface Sample {
  labels: Record<string, string>;
  value: number;
}

/** The value of an expression at one evaluation time. */
export type Value = { kind: 'vector'; samples: Sample[] } | { kind: 'scalar'; value: number };

/** An expression ready to be evaluated at any time t (Unix ns). */
export type MetricEval = (t: bigint) => Value;

interface ProcessedLine {
  key: string;
  labels: Record<string, string>;
  ts: bigint;
  bytes: number;
}

const utf8 = new TextEncoder();

/**
 * `count_over_time`, `rate`, `bytes_over_time`, `bytes_rate` [MQ "Log range aggregations"]. The
 * window at t is (t - range - offset, t - offset], start excluded
 * (docs/dev/logql.md#range-aggregations-and-windows).
 * Series identity is the full label set after the pipeline; a series with no line in the window
 * has no sample.
 */
function rangeAggregation(query: string, node: SyntaxNode, entries: LogEntry[]): MetricEval {
  const fn = text(query, child(node, 'RangeOp')!);
  if (!['count_over_time', 'rate', 'bytes_over_time', 'bytes_rate'].includes(fn)) {
    throw new OracleUnsupportedError(`range function ${fn}`);
  }
  if (child(node, 'Grouping')) {
    // Only avg/min/max/... over unwrapped values accept grouping
    // (docs/dev/logql.md#range-aggregations-and-windows).
    throw new LogQLQueryError(`grouping not allowed for ${fn} aggregation`);
  }
  const logRange = child(node, 'LogRangeExpr');
  if (!logRange || !child(logRange, 'Selector') || child(logRange, 'UnwrapExpr')) {
    throw new OracleUnsupportedError(`range expression ${text(query, node)}`);
  }
  const compiled = compileLogExpr(query, child(logRange, 'Selector')!, child(logRange, 'PipelineExpr'));
  const range = parseQueryDuration(text(query, child(child(logRange, 'Range')!, 'Duration')!));
  const offsetNode = child(logRange, 'OffsetExpr');
  const offset = offsetNode ? parseQueryDuration(text(query, child(offsetNode, 'Duration')!)) : BigInt(0);
  const lines: ProcessedLine[] = [];
  for (const entry of entries) {
    if (!compiled.selects(entry.labels)) {
      continue;
    }
    const state = compiled.run(entry);
    if (state) {
      const labels = sortedLabels(state.labels);
      lines.push({ key: labelsKey(labels), labels, ts: entry.ts, bytes: utf8.encode(state.line).length });
    }
  }
  const seconds = Number(range) / 1e9;
  return (t) => {
    const series = new Map<string, Sample>();
    for (const line of lines) {
      if (line.ts <= t - range - offset || line.ts > t - offset) {
        continue;
      }
      if (ERROR_LABEL in line.labels) {
        // [QR "Pipeline Errors"]: a sample still carrying __error__ fails the metric query.
        const { [ERROR_LABEL]: err, [ERROR_DETAILS_LABEL]: _details, ...rest } = line.labels;
        throw new LogQLQueryError(`pipeline error: '${err}' for series: '${JSON.stringify(rest)}'`);
      }
      const sample = series.get(line.key) ?? { labels: line.labels, value: 0 };
      sample.value += fn.startsWith('bytes') ? line.bytes : 1;
      series.set(line.key, sample);
    }
    const samples = [...series.values()];
    if (fn === 'rate' || fn === 'bytes_rate') {
      // rate = count / range seconds, no extrapolation (docs/dev/logql.md#range-aggregations-and-windows).
      samples.forEach((s) => (s.value /= seconds));
    }
    return { kind: 'vector', samples };
  };
}

function groupKey(labels: Record<string, string>, by: string[] | undefined, without: string[] | undefined) {
  const kept = Object.fromEntries(
    Object.entries(labels).filter(([k]) => (by ? by.includes(k) : !(without ?? []).includes(k)))
  );
  return { key: labelsKey(kept), labels: sortedLabels(kept) };
}

/**
 * `sum|count|max|min|avg|topk|bottomk [by|without (...)]` [MQ "Built-in aggregation operators"];
 * topk/bottomk keep the original labels.
 */
function vectorAggregation(query: string, node: SyntaxNode, entries: LogEntry[]): MetricEval {
  const op = text(query, child(node, 'VectorOp')!);
  const grouping = child(node, 'Grouping');
  // The grammar nests `Labels` left-recursively (`a, b` is Labels(Labels(a), b)), so collect every Identifier.
  const names = grouping ? descendants(grouping, 'Identifier') : [];
  const labels = names.map((n) => text(query, n));
  // No clause aggregates over all labels, like `by ()`.
  const by = !grouping || child(grouping, 'By') ? labels : undefined;
  const without = grouping && child(grouping, 'Without') ? labels : undefined;
  const inner = compileMetric(query, child(node, 'MetricExpr')!, entries);
  const param = child(node, 'Number');
  if (!['sum', 'count', 'max', 'min', 'avg', 'topk', 'bottomk'].includes(op)) {
    throw new OracleUnsupportedError(`aggregation ${op}`);
  }
  const k = param ? Number(text(query, param)) : 0;
  if ((op === 'topk' || op === 'bottomk') !== Boolean(param)) {
    throw new LogQLQueryError(`${op}: wrong parameter`);
  }
  return (t) => {
    const value = inner(t);
    if (value.kind !== 'vector') {
      throw new LogQLQueryError(`${op} expects an instant vector`);
    }
    const groups = new Map<string, { labels: Record<string, string>; samples: Sample[] }>();
    for (const s of value.samples) {
      const g = groupKey(s.labels, by, without);
      const group = groups.get(g.key) ?? { labels: g.labels, samples: [] };
      group.samples.push(s);
      groups.set(g.key, group);
    }
    const out: Sample[] = [];
    for (const { labels: gl, samples } of groups.values()) {
      const values = samples.map((s) => s.value);
      if (op === 'topk' || op === 'bottomk') {
        const sorted = [...samples].sort((a, b) => (op === 'topk' ? b.value - a.value : a.value - b.value));
        out.push(...sorted.slice(0, k));
        continue;
      }
      const sum = values.reduce((a, b) => a + b, 0);
      const result = {
        sum,
        count: values.length,
        max: Math.max(...values),
        min: Math.min(...values),
        avg: sum / values.length,
      }[op as 'sum'];
      out.push({ labels: gl, value: result });
    }
    return { kind: 'vector', samples: out };
  };
}

const COMPARISONS: Record<string, (a: number, b: number) => boolean> = {
  Eql: (a, b) => a === b,
  Neq: (a, b) => a !== b,
  Gtr: (a, b) => a > b,
  Gte: (a, b) => a >= b,
  Lss: (a, b) => a < b,
  Lte: (a, b) => a <= b,
};

const ARITHMETIC: Record<string, (a: number, b: number) => number> = {
  Add: (a, b) => a + b,
  Sub: (a, b) => a - b,
  Mul: (a, b) => a * b,
  Div: (a, b) => a / b,
  Mod: (a, b) => a % b,
  Pow: (a, b) => a ** b,
};

const SET_OPS = ['Or', 'And', 'Unless'];

/**
 * `or`, `and`, `unless` between vectors, matching on the full label set [QR "Logical and set
 * binary operators"] (on/ignoring are not supported).
 */
function setOperation(op: string, lhs: MetricEval, rhs: MetricEval): MetricEval {
  return (t) => {
    const l = lhs(t);
    const r = rhs(t);
    if (l.kind !== 'vector' || r.kind !== 'vector') {
      throw new LogQLQueryError(`set operator ${op.toLowerCase()} needs two vectors`);
    }
    const rightKeys = new Set(r.samples.map((s) => labelsKey(s.labels)));
    const leftKeys = new Set(l.samples.map((s) => labelsKey(s.labels)));
    if (op === 'Or') {
      return {
        kind: 'vector',
        samples: [...l.samples, ...r.samples.filter((s) => !leftKeys.has(labelsKey(s.labels)))],
      };
    }
    const keep = (s: Sample) => rightKeys.has(labelsKey(s.labels)) === (op === 'And');
    return { kind: 'vector', samples: l.samples.filter(keep) };
  };
}

/**
 * Binary operators with a scalar side [QR "Comparison operators", "Arithmetic operators"]:
 * without `bool` a comparison keeps the elements where it holds (with the vector's value);
 * with `bool` every element becomes 0 or 1. Vector-vector matching is not supported.
 */
function binaryOp(query: string, node: SyntaxNode, entries: LogEntry[]): MetricEval {
  const [lhsNode, opNode, ...rest] = children(node);
  // lezer always emits a BinOpModifier node, empty when there is no modifier.
  const modifierNode = rest.find((c) => c.name === 'BinOpModifier');
  const modifiers = modifierNode ? children(modifierNode) : [];
  const rhsNode = rest[rest.length - 1];
  const isBool = modifiers.some((c) => c.name === 'Bool');
  if (modifiers.some((c) => c.name !== 'Bool')) {
    throw new OracleUnsupportedError(`binary operator modifiers other than bool (${text(query, node)})`);
  }
  const cmp = COMPARISONS[opNode.name];
  const arith = ARITHMETIC[opNode.name];
  if (SET_OPS.includes(opNode.name)) {
    return setOperation(opNode.name, compileMetric(query, lhsNode, entries), compileMetric(query, rhsNode, entries));
  }
  if (!cmp && !arith) {
    throw new OracleUnsupportedError(`binary operator ${text(query, opNode)}`);
  }
  const lhs = compileMetric(query, lhsNode, entries);
  const rhs = compileMetric(query, rhsNode, entries);
  return (t) => {
    const l = lhs(t);
    const r = rhs(t);
    if (l.kind === 'scalar' && r.kind === 'scalar') {
      return { kind: 'scalar', value: cmp ? Number(cmp(l.value, r.value)) : arith(l.value, r.value) };
    }
    if (l.kind === 'vector' && r.kind === 'vector') {
      throw new OracleUnsupportedError('binary operators between two vectors');
    }
    const vector = (l.kind === 'vector' ? l : r) as { samples: Sample[] };
    const scalar = (l.kind === 'scalar' ? l : r) as { value: number };
    const samples: Sample[] = [];
    for (const s of vector.samples) {
      const [a, b] = l.kind === 'vector' ? [s.value, scalar.value] : [scalar.value, s.value];
      if (arith) {
        samples.push({ labels: s.labels, value: arith(a, b) });
      } else if (isBool) {
        samples.push({ labels: s.labels, value: Number(cmp(a, b)) });
      } else if (cmp(a, b)) {
        samples.push({ labels: s.labels, value: s.value });
      }
    }
    return { kind: 'vector', samples };
  };
}

/** Compiles any metric expression node (Expr, MetricExpr and what they wrap). */
export function compileMetric(query: string, node: SyntaxNode, entries: LogEntry[]): MetricEval {
  switch (node.name) {
    case 'Expr':
    case 'MetricExpr': {
      const inner = children(node).filter((c) => !['(', ')'].includes(c.name));
      if (inner.length !== 1) {
        throw new OracleUnsupportedError(`expression ${text(query, node)}`);
      }
      return compileMetric(query, inner[0], entries);
    }
    case 'RangeAggregationExpr':
      return rangeAggregation(query, node, entries);
    case 'VectorAggregationExpr':
      return vectorAggregation(query, node, entries);
    case 'BinOpExpr':
      return binaryOp(query, node, entries);
    case 'LiteralExpr': {
      const value = goParseFloat(text(query, node).replace(/\s+/g, ''));
      if (value === undefined) {
        throw new LogQLQueryError(`invalid number ${text(query, node)}`);
      }
      return () => ({ kind: 'scalar', value });
    }
    case 'VectorExpr': {
      const value = Number(text(query, child(node, 'Number')!));
      return () => ({ kind: 'vector', samples: [{ labels: {}, value }] });
    }
    case 'LogExpr':
      throw new LogQLQueryError('a log query is not a metric query');
    default:
      throw new OracleUnsupportedError(`${node.name} (${text(query, node)})`);
  }
}
