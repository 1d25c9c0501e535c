// The parser stages: json (with and without parameters), logfmt, regexp, pattern.
// Each cites the Loki documentation section it follows ([LQ] = log_queries page).
import { unquoteGoString } from '../../../src/logql/unquote';
import { JsonNode, parseJsonPath, readJson, readJsonObject } from './json';
import { LogQLQueryError } from './parse';
import { LineState, setError, setParsed } from './state';
import { compileRE2 } from './values';

/** A pipeline stage: mutates the state; returns false to drop the line. */
export type Stage = (state: LineState) => boolean;

function scalarText(node: JsonNode): string | undefined {
  switch (node.kind) {
    case 'string':
      return node.value;
    case 'number':
    case 'bool':
      return node.raw;
    default:
      return undefined;
  }
}

/**
 * `| json` without parameters. [LQ "JSON"]: "Nested properties are flattened into label keys
 * using the `_` separator. Note: Arrays are skipped." Nulls emit nothing and empty key
 * segments are skipped (docs/dev/logql.md#json, code JSONParser).
 */
export function jsonStage(): Stage {
  const flatten = (state: LineState, prefix: string[], entries: Array<[string, JsonNode]>): void => {
    for (const [key, node] of entries) {
      const path = key.trim() === '' ? prefix : [...prefix, key];
      if (node.kind === 'object') {
        flatten(state, path, node.entries);
        continue;
      }
      const value = scalarText(node);
      if (value !== undefined && path.length > 0) {
        setParsed(state, path.join('_'), value);
      }
    }
  };
  return (state) => {
    const { entries, error } = readJsonObject(state.line);
    flatten(state, [], entries);
    if (error !== undefined) {
      // [LQ "Parser expression"]: errors add __error__ and keep the line.
      setError(state, 'JSONParserErr', error);
    }
    return true;
  };
}

/**
 * `| json label="expr", other` [LQ "JSON" mode 2]: only the named paths; a missing path or null
 * gives "", objects and arrays give their JSON text as written in the line.
 */
export function jsonParamsStage(params: Array<[string, string]>): Stage {
  const paths = params.map(([label, expr]) => {
    const path = parseJsonPath(expr);
    if (!path) {
      throw new LogQLQueryError(`invalid json path expression ${JSON.stringify(expr)}`);
    }
    return [label, path] as const;
  });
  return (state) => {
    const first = state.line.trimStart()[0];
    if (first !== '{' && first !== '[' && first !== '"') {
      setError(state, 'JSONParserErr');
      return true;
    }
    let root: JsonNode | undefined;
    try {
      root = readJson(state.line);
    } catch {
      root = undefined;
    }
    for (const [label, path] of paths) {
      let node: JsonNode | undefined = root;
      for (const step of path) {
        if (node?.kind === 'object' && typeof step === 'string') {
          node = node.entries.find(([k]) => k === step)?.[1];
        } else if (node?.kind === 'array' && typeof step === 'number') {
          node = node.items[step];
        } else {
          node = undefined;
        }
      }
      const value = node === undefined || node.kind === 'null' ? '' : (scalarText(node) ?? node.raw);
      const name = state.base.has(label) ? `${label}_extracted` : label;
      // Explicit extractions overwrite earlier values (docs/dev/logql.md#label-names-from-parsers).
      state.labels.set(name, value);
      state.extracted.add(name);
    }
    return true;
  };
}

interface LogfmtPair {
  key: string;
  value: string | undefined;
}

/** Scans logfmt pairs; `error` is the first malformed pair's message (Loki's logfmt decoder). */
function scanLogfmt(line: string, strict: boolean): { pairs: LogfmtPair[]; error?: string } {
  const pairs: LogfmtPair[] = [];
  let pos = 0;
  const isSpace = (c: string | undefined): boolean => c !== undefined && c <= ' ';
  const skipToSpace = (): void => {
    while (pos < line.length && !isSpace(line[pos])) {
      pos++;
    }
  };
  while (pos < line.length) {
    while (isSpace(line[pos])) {
      pos++;
    }
    if (pos >= line.length) {
      break;
    }
    const start = pos;
    let bad: string | undefined;
    while (pos < line.length && !isSpace(line[pos]) && line[pos] !== '=') {
      if (line[pos] === '"') {
        bad = `logfmt syntax error at pos ${pos + 1} : unexpected '"'`;
        break;
      }
      pos++;
    }
    const key = line.slice(start, pos);
    if (bad === undefined && key === '') {
      bad = `logfmt syntax error at pos ${pos + 1} : unexpected '='`;
    }
    let value: string | undefined;
    if (bad === undefined && line[pos] === '=') {
      pos++;
      if (line[pos] === '"') {
        let end = pos + 1;
        while (end < line.length && line[end] !== '"') {
          end += line[end] === '\\' ? 2 : 1;
        }
        const decoded = end < line.length ? unquoteGoString(line.slice(pos, end + 1).replace(/\n/g, '\\n')) : undefined;
        if (!decoded?.ok || (end + 1 < line.length && !isSpace(line[end + 1]))) {
          bad = `logfmt syntax error at pos ${end + 1} : invalid quoted value`;
        } else {
          value = decoded.value;
          pos = end + 1;
        }
      } else {
        const vStart = pos;
        while (pos < line.length && !isSpace(line[pos])) {
          if (line[pos] === '=' || line[pos] === '"') {
            bad = `logfmt syntax error at pos ${pos + 1} : unexpected '${line[pos]}'`;
            break;
          }
          pos++;
        }
        value = line.slice(vStart, pos);
      }
    }
    if (bad !== undefined) {
      if (strict) {
        return { pairs, error: bad };
      }
      // Non-strict mode "skips invalid key/value pairs and continues" ([LQ "logfmt"]).
      skipToSpace();
      continue;
    }
    pairs.push({ key, value });
  }
  return { pairs };
}

/**
 * `| logfmt [--strict] [--keep-empty] [k, k2="key"]` [LQ "logfmt"]. Without --strict malformed
 * pairs are skipped and no error is set; standalone keys and `k=` need --keep-empty unless
 * requested by name.
 */
export function logfmtStage(strict: boolean, keepEmpty: boolean, params: Array<[string, string]>): Stage {
  return (state) => {
    const { pairs, error } = scanLogfmt(state.line, strict);
    if (params.length === 0) {
      for (const { key, value } of pairs) {
        if ((value ?? '') !== '' || keepEmpty) {
          setParsed(state, key, value ?? '');
        }
      }
    } else {
      for (const [label, key] of params) {
        const found = pairs.find((p) => p.key === key);
        setParsed(state, label, found?.value ?? '');
      }
    }
    if (error !== undefined) {
      setError(state, 'LogfmtParserErr', error);
    }
    return true;
  };
}

/**
 * `| regexp "re"` [LQ "Regular expression"]: RE2, unanchored, first match; each named group is
 * a label (a group that did not participate gives ""). No match adds nothing and no error.
 */
export function regexpStage(source: string): Stage {
  const re = compileRE2(source, false);
  const names = [...source.matchAll(/\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>/g)].map((m) => m[1]);
  if (names.length === 0) {
    throw new LogQLQueryError('at least one named capture must be supplied');
  }
  return (state) => {
    const m = re.exec(state.line);
    if (m?.groups) {
      for (const name of names) {
        setParsed(state, name, m.groups[name] ?? '');
      }
    }
    return true;
  };
}

type PatternPart = { literal: string } | { capture: string };

function parsePattern(pattern: string): PatternPart[] {
  const parts: PatternPart[] = [];
  const re = /<([A-Za-z_][A-Za-z0-9_]*)>/g;
  let last = 0;
  for (const m of pattern.matchAll(re)) {
    if (m.index! > last) {
      parts.push({ literal: pattern.slice(last, m.index) });
    } else if (parts.length > 0 && 'capture' in parts[parts.length - 1]) {
      throw new LogQLQueryError(`pattern ${JSON.stringify(pattern)}: consecutive captures need a literal between them`);
    }
    parts.push({ capture: m[1] });
    last = m.index! + m[0].length;
  }
  if (last < pattern.length) {
    parts.push({ literal: pattern.slice(last) });
  }
  if (!parts.some((p) => 'capture' in p && p.capture !== '_')) {
    throw new LogQLQueryError(`pattern ${JSON.stringify(pattern)} has no named capture`);
  }
  return parts;
}

/**
 * `| pattern "<a> <_>"` [LQ "Pattern"]: anchored at the line start; each capture runs to the next
 * occurrence of the following literal; when a literal is missing the capture takes the rest of
 * the line and matching stops. Never sets __error__.
 */
export function patternStage(pattern: string): Stage {
  const parts = parsePattern(pattern);
  return (state) => {
    const line = state.line;
    let pos = 0;
    let i = 0;
    if ('literal' in parts[0]) {
      if (!line.startsWith(parts[0].literal)) {
        return true;
      }
      pos = parts[0].literal.length;
      i = 1;
    }
    for (; i < parts.length; i += 2) {
      const capture = (parts[i] as { capture: string }).capture;
      const next = parts[i + 1] as { literal: string } | undefined;
      const end = next ? line.indexOf(next.literal, pos) : -1;
      const value = end < 0 ? line.slice(pos) : line.slice(pos, end);
      if (capture !== '_') {
        setParsed(state, capture, value, false);
      }
      if (end < 0) {
        break;
      }
      pos = end + next!.literal.length;
    }
    return true;
  };
}
