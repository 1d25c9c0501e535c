/**
 * Builders for the field catalogs (each source's fields.ts). They turn a field name and its
 * place in the line into the cheapest LogQL and LogsQL extraction, so every catalog states
 * its queries the same way.
 */
import { escapeRegex, goQuote } from '../logql/escape';
import { ENTITY_FIELDS, EntityField } from './entities';
import type { FieldExtraction, FieldSpec, FieldType } from './types';

/** A Loki label name for a field: every character outside [A-Za-z0-9_] becomes `_`. */
export function labelName(field: string): string {
  const name = field.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/** A LogQL string literal: backticks when the text holds `"` or `\` and no backtick. */
export function logqlString(text: string): string {
  if (/["\\]/.test(text) && !text.includes('`')) {
    return `\`${text}\``;
  }
  return JSON.stringify(text);
}

/** A LogsQL field name, quoted when it holds characters outside words and dots. */
export function logsqlField(name: string): string {
  return /^[A-Za-z_][\w.]*$/.test(name) ? name : JSON.stringify(name);
}

/** LogQL json path for a dotted field; keys with dots or slashes use the bracket form. */
export function jsonPath(segments: string[]): string {
  return segments
    .map((s, i) => (/^[A-Za-z_]\w*$/.test(s) ? (i === 0 ? s : `.${s}`) : `[${JSON.stringify(s)}]`))
    .join('');
}

/** The LogsQL stage that reads one dotted JSON path from `_msg`. */
export function unpackJson(field: string): string {
  return `| unpack_json fields (${logsqlField(field)}) keep_original_fields`;
}

interface JsonFieldOptions {
  /** Path segments when the field name's dots do not split the path (annotation keys). */
  path?: string[];
  /** Name under which VictoriaLogs stores it (its ingestion flattens nested JSON with dots). */
  vlField?: string;
}

/**
 * A field read from a JSON line. LogQL: `| json label="path"`; list fields come back as their
 * raw JSON text, so single elements are matched by a line filter on the quoted value first.
 * LogsQL: `unpack_json` of the one path (nested keys come out dotted, arrays as JSON text).
 * Vigil pushes with `disable_message_parsing`, so the line sits unparsed in `_msg`, like
 * Loki; `keep_original_fields` keeps the field when VictoriaLogs did parse the line at
 * ingestion instead (then `_msg` is a placeholder and unpacking it would blank the field).
 */
export function jsonField(name: string, type: FieldType, description: string, opts: JsonFieldOptions = {}): FieldSpec {
  const path = opts.path ?? name.split('.');
  const label = labelName(name);
  const vl = opts.vlField ?? name;
  const logql: FieldExtraction = { stage: `| json ${label}=${logqlString(jsonPath(path))}`, name: label };
  const logsql: FieldExtraction = { stage: unpackJson(vl), name: vl };
  if (type === 'list') {
    logql.lineFilter = '|= "\\"{value}\\""';
    logsql.lineFilter = '"\\"{value}\\""';
    return {
      name,
      type,
      description,
      logql,
      logsql,
      listMatch:
        'LogQL: line filter on the quoted element, then a regex on the raw JSON array the json stage returns; ' +
        'LogsQL: phrase filter on the quoted element in `_msg`, then the array as JSON text.',
    };
  }
  return { name, type, description, logql, logsql };
}

/** A field read by a regular expression with one named group (LogQL `regexp`, LogsQL `extract_regexp`). */
export function regexpField(
  name: string,
  type: FieldType,
  description: string,
  regex: string,
  lineFilter?: { logql: string; logsql: string }
): FieldSpec {
  const label = labelName(name);
  const re = regex.replace('(?P<>', `(?P<${label}>`);
  return {
    name,
    type,
    description,
    logql: {
      stage: `| regexp ${logqlString(re)}`,
      name: label,
      ...(lineFilter ? { lineFilter: lineFilter.logql } : {}),
    },
    logsql: {
      stage: `| extract_regexp ${JSON.stringify(re)}`,
      name: label,
      ...(lineFilter ? { lineFilter: lineFilter.logsql } : {}),
    },
  };
}

/**
 * A field read by position in a fixed layout (LogQL `pattern`, LogsQL `extract`). `layout`
 * names every capture; all but this field's become `<_>`. LogQL patterns are anchored at the
 * line start; LogsQL `extract` starts at the first occurrence of the leading literal.
 */
export function patternField(
  name: string,
  type: FieldType,
  description: string,
  layout: string,
  capture: string
): FieldSpec {
  const label = labelName(name);
  const only = layout.replace(/<(\w+)>/g, (_m, n: string) => (n === capture ? `<${label}>` : '<_>'));
  return {
    name,
    type,
    description,
    logql: { stage: `| pattern ${logqlString(only)}`, name: label },
    logsql: { stage: `| extract ${JSON.stringify(only)}`, name: label },
  };
}

/** The entity alias of a source field: same extraction, the shared vocabulary name. */
export function entityAlias(entity: EntityField, of: FieldSpec, note = ''): FieldSpec {
  return {
    ...of,
    name: entity,
    description: `${ENTITY_FIELDS[entity]} Here: \`${of.name}\`.${note ? ` ${note}` : ''}`,
  };
}

/** Marks a spec as derived by the parser (the query extraction approximates it). */
export function derived(spec: FieldSpec): FieldSpec {
  return { ...spec, derived: true };
}

/**
 * Fills a catalog line filter's `{value}`: JSON-escaped first when the line is JSON (the
 * filter runs on the raw text), regex-escaped when the filter is a regex, then escaped for
 * the surrounding double-quoted string literal (Go rules, shared by LogQL and LogsQL).
 */
export function fillLineFilter(template: string, value: string, lineIsJson: boolean, encoding?: 'url'): string {
  let v = encoding === 'url' ? encodeURIComponent(value) : value;
  v = lineIsJson ? JSON.stringify(v).slice(1, -1) : v;
  if (/(\|~|!~|:~|=~)/.test(template)) {
    v = escapeRegex(v);
  }
  return template.split('{value}').join(goQuote(v).slice(1, -1));
}
