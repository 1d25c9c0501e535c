// Stream selectors and log pipelines compiled from the lezer tree ([LQ] = log_queries page).
import type { SyntaxNode } from '@lezer/common';
import { compileLabelFilter, compileMatcher } from './labelFilter';
import { LogQLQueryError, OracleUnsupportedError, child, children, descendants, stringValue, text } from './parse';
import { Stage, jsonParamsStage, jsonStage, logfmtStage, patternStage, regexpStage } from './parsers';
import { ERROR_DETAILS_LABEL, ERROR_LABEL, LineState, LogEntry, initialState } from './state';
import { compileTemplate } from './template';
import { compileRE2 } from './values';

/** A compiled log expression: which streams, and what happens to each line. */
export interface CompiledLogExpr {
  selects: (streamLabels: Record<string, string>) => boolean;
  run: (entry: LogEntry) => LineState | undefined;
}

/**
 * `{...}`: Prometheus matcher semantics, a missing label reads as "". Loki rejects selectors whose
 * every matcher matches "" (docs/dev/logql.md#stream-selectors, code syn/parser.go
 * validateMatchers).
 */
function compileSelector(query: string, node: SyntaxNode): CompiledLogExpr['selects'] {
  const matchers: Array<ReturnType<typeof compileMatcher>> = [];
  const visit = (n: SyntaxNode): void => {
    for (const c of children(n)) {
      if (c.name === 'Matcher') {
        matchers.push(compileMatcher(query, c));
      } else if (c.name === 'Matchers') {
        visit(c);
      }
    }
  };
  visit(node);
  if (!matchers.some((m) => !m.test(''))) {
    throw new LogQLQueryError(
      'parse error : queries require at least one regexp or equality matcher that does not have an empty-compatible value'
    );
  }
  return (labels) => matchers.every((m) => m.test(labels[m.name] ?? ''));
}

/**
 * Line filters [LQ "Line filter expression"]: `|=`/`!=` substring, `|~`/`!~` unanchored RE2.
 * `or` keeps a line matching any string for positive operators, and is an AND of negations for
 * negative ones (docs/dev/logql.md#line-filters). `!= ""` keeps nothing since `|= ""` matches
 * every line.
 */
function lineFilterStage(query: string, node: SyntaxNode): Stage {
  const op = child(node, 'Filter')!.firstChild!.name;
  if (child(node, 'FilterOp')) {
    throw new OracleUnsupportedError('ip() line filters');
  }
  const values = descendants(node, 'String').map((n) => stringValue(query, n));
  return makeLineFilter(op, values);
}

function makeLineFilter(op: string, values: string[]): Stage {
  switch (op) {
    case 'PipeExact':
      return (s) => values.some((v) => s.line.includes(v));
    case 'Neq':
      return (s) => values.every((v) => !s.line.includes(v));
    case 'PipeMatch': {
      const res = values.map((v) => compileRE2(v, false));
      return (s) => res.some((re) => re.test(s.line));
    }
    case 'Nre': {
      const res = values.map((v) => compileRE2(v, false));
      return (s) => res.every((re) => !re.test(s.line));
    }
    default:
      throw new OracleUnsupportedError(`line filter operator ${op}`);
  }
}

/** `key` or `key="expr"` pairs of json/logfmt parameters. */
function extractionParams(query: string, node: SyntaxNode | null): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const visit = (n: SyntaxNode): void => {
    for (const c of children(n)) {
      if (c.name === 'LabelExtractionExpressionList') {
        visit(c);
      } else if (c.name === 'LabelExtractionExpression') {
        const ident = text(query, child(c, 'Identifier')!);
        const str = child(c, 'String');
        out.push([ident, str ? stringValue(query, str) : ident]);
      }
    }
  };
  if (node) {
    visit(node);
  }
  return out;
}

// The stripansi expression (github.com/acarl005/stripansi) Loki's decolorize uses
// (docs/dev/logql.md#formatting-stages).
const ANSI =
  /[\u001B\u009B][[\]()#;?]*(?:(?:(?:[a-zA-Z\d]*(?:;[a-zA-Z\d]*)*)?\u0007)|(?:(?:\d{1,4}(?:;\d{0,4})*)?[\dA-PRZcf-ntqry=><~]))/g;

/** Names (and optional matchers) of a drop/keep stage. */
function labelList(query: string, node: SyntaxNode, itemName: string) {
  return descendants(node, itemName).map((item): { name: string; test?: (v: string) => boolean } => {
    const m = child(item, 'Matcher');
    return m ? compileMatcher(query, m) : { name: text(query, child(item, 'Identifier')!) };
  });
}

function compileStage(query: string, stage: SyntaxNode): Stage {
  const lineFilters = child(stage, 'LineFilters');
  if (lineFilters) {
    const filters: Stage[] = [];
    const visit = (n: SyntaxNode): void => {
      for (const c of children(n)) {
        if (c.name === 'LineFilters') {
          visit(c);
        } else if (c.name === 'LineFilter') {
          filters.push(lineFilterStage(query, c));
        }
      }
    };
    visit(lineFilters);
    // Chained filters are ANDed left to right ([LQ "Line filter expression"]).
    return (s) => filters.every((f) => f(s));
  }
  const body = children(stage).find((c) => c.name !== 'Pipe')!;
  switch (body.name) {
    case 'LabelParser': {
      const kind = body.firstChild!.name;
      const str = child(body, 'String');
      if (kind === 'Json') {
        return jsonStage();
      }
      if (kind === 'Logfmt') {
        return logfmtStage(false, false, []);
      }
      if (kind === 'Regexp') {
        return regexpStage(stringValue(query, str!));
      }
      if (kind === 'Pattern') {
        return patternStage(stringValue(query, str!));
      }
      throw new OracleUnsupportedError(`the ${text(query, body)} parser`);
    }
    case 'JsonExpressionParser':
      return jsonParamsStage(extractionParams(query, child(body, 'LabelExtractionExpressionList')));
    case 'LogfmtParser':
    case 'LogfmtExpressionParser': {
      const flags = (child(body, 'LogfmtParserFlags') && text(query, child(body, 'LogfmtParserFlags')!)) || '';
      const params = extractionParams(query, child(body, 'LabelExtractionExpressionList'));
      return logfmtStage(flags.includes('--strict'), flags.includes('--keep-empty'), params);
    }
    case 'LabelFilter': {
      const predicate = compileLabelFilter(query, body);
      return (s) => predicate(s);
    }
    case 'LineFormatExpr': {
      // [LQ "Line format expression"]: the template rewrites the line; all labels are variables.
      const tmpl = compileTemplate(stringValue(query, child(body, 'String')!));
      return (s) => {
        s.line = tmpl({ labels: s.labels, line: s.line });
        return true;
      };
    }
    case 'LabelFormatExpr':
      return labelFormatStage(query, body);
    case 'DecolorizeExpr':
      return (s) => {
        s.line = s.line.replace(ANSI, '');
        return true;
      };
    case 'DropLabelsExpr': {
      // [LQ "Drop Labels expression"]: drop the named labels, or those whose value matches.
      const items = labelList(query, body, 'DropLabel');
      return (s) => {
        for (const { name, test } of items) {
          if (s.labels.has(name) && (!test || test(s.labels.get(name)!))) {
            s.labels.delete(name);
          }
        }
        return true;
      };
    }
    case 'KeepLabelsExpr': {
      // [LQ "Keep Labels expression"]: keep never drops __error__ / __error_details__.
      const items = labelList(query, body, 'KeepLabel');
      return (s) => {
        for (const [name, value] of [...s.labels]) {
          const kept = items.some((i) => i.name === name && (!i.test || i.test(value)));
          if (!kept && name !== ERROR_LABEL && name !== ERROR_DETAILS_LABEL) {
            s.labels.delete(name);
          }
        }
        return true;
      };
    }
    default:
      throw new OracleUnsupportedError(`pipeline stage ${text(query, stage)}`);
  }
}

/**
 * [LQ "Labels format expression"]: `dst=src` renames (src dropped), `dst="{{...}}"` sets from a
 * template (src kept); every template in the stage sees the labels as they were at its start.
 */
function labelFormatStage(query: string, node: SyntaxNode): Stage {
  const ops = descendants(node, 'LabelFormatMatcher').map((m) => {
    const [dst, , value] = children(m);
    return value.name === 'String'
      ? { dst: text(query, dst), tmpl: compileTemplate(stringValue(query, value)) }
      : { dst: text(query, dst), src: text(query, value) };
  });
  const names = ops.map((o) => o.dst);
  if (new Set(names).size !== names.length) {
    throw new LogQLQueryError('label_format: a label name can only appear once per expression');
  }
  return (s) => {
    const before = new Map(s.labels);
    for (const op of ops) {
      if (op.tmpl) {
        s.labels.set(op.dst, op.tmpl({ labels: before, line: s.line }));
      } else if (before.has(op.src!)) {
        s.labels.delete(op.src!);
        s.labels.set(op.dst, before.get(op.src!)!);
      }
    }
    return true;
  };
}

/** Compiles a Selector plus its (possibly empty) pipeline. */
export function compileLogExpr(query: string, selector: SyntaxNode, pipeline: SyntaxNode | null): CompiledLogExpr {
  const selects = compileSelector(query, selector);
  const stageNodes: SyntaxNode[] = [];
  const flatten = (n: SyntaxNode): void => {
    for (const c of children(n)) {
      if (c.name === 'PipelineExpr') {
        flatten(c);
      } else if (c.name === 'PipelineStage') {
        stageNodes.push(c);
      }
    }
  };
  if (pipeline) {
    flatten(pipeline);
  }
  const stages = stageNodes.map((s) => compileStage(query, s));
  return {
    selects,
    // "If an expression filters out a log line, the pipeline will stop processing the current
    // log line" ([LQ "Log pipeline"]).
    run: (entry) => {
      const state = initialState(entry);
      return stages.every((stage) => stage(state)) ? state : undefined;
    },
  };
}
