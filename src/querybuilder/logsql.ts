/**
 * Builder plan → LogsQL (VictoriaLogs). Verbatim layout (lines in `_msg`, as Loki keeps
 * them): raw-line substring filters come first, then `unpack_json fields (...)` of only the
 * needed fields (or the catalog's `extract`/`extract_regexp` for text sources), then
 * `| filter`, then `| stats`. Native layout (JSON events stored as fields): filters on the
 * stored fields, no line and nothing to unpack; grouped results are renamed to the verbatim
 * names, so frames, legends and tables read the same either way.
 */
import { EXTRACT_PREFIX, type ResolvedField } from '../detections/fields';
import { mergePatterns } from '../detections/logql';
import { escapeRegex, logsqlSubstringFilter, quoteLogsQLString } from '../logql/escape';
import { preFilters, type BuilderPlan, type PlannedFilter } from './plan';
import type { Operation } from './types';

const q = quoteLogsQLString;

/** The field a filter or grouping reads: the unpacked copy, or in the native layout the stored field. */
function nameOf(field: ResolvedField, plan: BuilderPlan): string {
  return plan.layout === 'native' && field.json ? field.json.segments.join('.') : field.vlField;
}

function unpackStages(plan: BuilderPlan): string[] {
  if (plan.extract.length === 0 || plan.layout === 'native') {
    return [];
  }
  const json = plan.extract.filter((f) => f.json);
  if (json.length > 0) {
    const names = json.map((f) => f.json!.segments.join('.')).map((n) => (/^[\w./-]+$/.test(n) ? n : q(n)));
    return [`| unpack_json fields (${[...new Set(names)].join(', ')}) result_prefix ${q(EXTRACT_PREFIX)}`];
  }
  return mergePatterns(plan.extract.map((f) => f.text!.logsql));
}

function elementRegex(value: string): string {
  return escapeRegex(JSON.stringify(value));
}

function fieldFilter({ filter, field }: PlannedFilter, plan: BuilderPlan): string {
  const f = q(nameOf(field, plan));
  const v = filter.value;
  if (field.list && (filter.op === '=' || filter.op === '!=')) {
    return `${filter.op === '!=' ? 'NOT ' : ''}${f}:~${q(elementRegex(v))}`;
  }
  switch (filter.op) {
    case '=':
      return `${f}:=${q(v)}`;
    case '!=':
      return `NOT ${f}:=${q(v)}`;
    case 'contains':
      return `${f}:~${q(escapeRegex(v))}`;
    case '!contains':
      return `NOT ${f}:~${q(escapeRegex(v))}`;
    case 'regex':
      // LogQL label regexes are anchored; LogsQL `~` searches, so anchor it the same way.
      return `${f}:~${q(`^(?:${v})$`)}`;
    case 'in': {
      const values = filter.values ?? [];
      if (field.list) {
        return `${f}:~${q(values.map(elementRegex).join('|'))}`;
      }
      return `${f}:in(${values.map(q).join(', ')})`;
    }
    case '>':
    case '<':
      return `${f}:${filter.op}${v.trim()}`;
  }
}

/** The log query: every line the filters keep. */
export function logsqlLogQuery(plan: BuilderPlan): string {
  const filters = plan.filters.map((p) => fieldFilter(p, plan));
  if (plan.layout === 'native') {
    return [plan.selector, ...filters].join(' ');
  }
  const head = [plan.selector];
  for (const p of preFilters(plan, 'logsql')) {
    head.push('literal' in p ? logsqlSubstringFilter(p.literal) : p.filter);
  }
  const parts = [head.join(' '), ...unpackStages(plan)];
  if (filters.length > 0) {
    parts.push(`| filter ${filters.join(' ')}`);
  }
  return parts.join(' ');
}

function by(fields: ResolvedField[], plan: BuilderPlan): string {
  return fields.length ? ` by (${fields.map((f) => q(nameOf(f, plan))).join(', ')})` : '';
}

/** Native groupings take the verbatim names after the stats. */
function renames(plan: BuilderPlan): string {
  const moved = plan.groupBy.filter((f) => nameOf(f, plan) !== f.vlField);
  return moved.map((f) => ` | rename ${q(nameOf(f, plan))} as ${q(f.vlField)}`).join('');
}

/** The query for an operation other than `events`/`detection`; ends with `| stats`. */
export function logsqlStatsQuery(plan: BuilderPlan, op: Operation): string {
  const log = logsqlLogQuery(plan);
  switch (op.kind) {
    case 'count':
      return `${log} | stats${by(plan.groupBy, plan)} count() as hits${renames(plan)}`;
    case 'rate':
      return `${log} | stats${by(plan.groupBy, plan)} rate() as rate${renames(plan)}`;
    case 'topN':
      return `${log} | stats${by(plan.groupBy, plan)} count() as hits | sort by (hits desc) limit ${op.n}${renames(plan)}`;
    default:
      return log;
  }
}
