// The basic Go text/template subset of line_format/label_format ([LQ "Line format expression"],
// template_functions page): `{{.label}}`, `{{__line__}}`, string literals, ToUpper/ToLower/
// upper/lower/TrimSpace/trim, pipes (`{{ .a | ToUpper }}`), and a whole template of the form
// `{{ if eq .a .b }}text{{ end }}`. Anything else is unsupported.
import { unquoteGoString } from '../../../src/logql/unquote';
import { OracleUnsupportedError } from './parse';

/** What a template can read: the labels and the current line. */
export interface TemplateInput {
  labels: Map<string, string>;
  line: string;
}

/** A compiled template. */
export type Template = (input: TemplateInput) => string;

const FUNCTIONS: Record<string, (s: string) => string> = {
  ToUpper: (s) => s.toUpperCase(),
  upper: (s) => s.toUpperCase(),
  ToLower: (s) => s.toLowerCase(),
  lower: (s) => s.toLowerCase(),
  TrimSpace: (s) => s.trim(),
  trim: (s) => s.trim(),
};

type Operand = (input: TemplateInput) => string;

function compileOperand(token: string, template: string): Operand {
  if (/^\.[A-Za-z_][A-Za-z0-9_]*$/.test(token)) {
    const name = token.slice(1);
    // Loki executes templates with missingkey=zero: a missing label renders as ""
    // (docs/dev/logql.md#formatting-stages).
    return (input) => input.labels.get(name) ?? '';
  }
  if (token === '__line__') {
    return (input) => input.line;
  }
  if (token.startsWith('"') || token.startsWith('`')) {
    const res = unquoteGoString(token);
    if (res.ok) {
      return () => res.value;
    }
  }
  throw new OracleUnsupportedError(`template operand ${JSON.stringify(token)} in ${JSON.stringify(template)}`);
}

/** One command of a pipeline: an operand, or a function applied to its argument. */
function compileCommand(words: string[], piped: Operand | undefined, template: string): Operand {
  const [head, ...args] = words;
  if (head in FUNCTIONS) {
    const fn = FUNCTIONS[head];
    const argOps = args.map((a) => compileOperand(a, template));
    const arg = argOps.length === 1 && !piped ? argOps[0] : argOps.length === 0 && piped ? piped : undefined;
    if (!arg) {
      throw new OracleUnsupportedError(`template call ${words.join(' ')} in ${JSON.stringify(template)}`);
    }
    return (input) => fn(arg(input));
  }
  if (words.length !== 1 || piped) {
    throw new OracleUnsupportedError(`template command ${words.join(' ')} in ${JSON.stringify(template)}`);
  }
  return compileOperand(head, template);
}

function compileAction(action: string, template: string): Operand {
  let current: Operand | undefined;
  for (const segment of action.split('|')) {
    const words = segment.trim().match(/"(?:[^"\\]|\\.)*"|`[^`]*`|\S+/g);
    if (!words) {
      throw new OracleUnsupportedError(`empty template action in ${JSON.stringify(template)}`);
    }
    current = compileCommand(words, current, template);
  }
  return current!;
}

/** Compiles a template; actions `{{- x -}}` trim the surrounding whitespace as in Go. */
export function compileTemplate(template: string): Template {
  // The one control structure supported: `{{ if eq A B }}text{{ end }}` (string equality).
  const cond = template.match(/^\{\{\s*if\s+eq\s+(\S+)\s+(\S+)\s*\}\}([^{}]*)\{\{\s*end\s*\}\}$/);
  if (cond) {
    const [a, b] = [compileOperand(cond[1], template), compileOperand(cond[2], template)];
    return (input) => (a(input) === b(input) ? cond[3] : '');
  }
  const pieces: Operand[] = [];
  const re = /\{\{(-\s)?([\s\S]*?)(\s-)?\}\}/g;
  let last = 0;
  let trimNext = false;
  for (const m of template.matchAll(re)) {
    let literal = template.slice(last, m.index);
    if (trimNext) {
      literal = literal.trimStart();
    }
    if (m[1]) {
      literal = literal.trimEnd();
    }
    pieces.push(() => literal);
    if (/^\s*(if|range|with|else|end|define|template|block)\b/.test(m[2]) || m[2].includes('$')) {
      throw new OracleUnsupportedError(`template control structures in ${JSON.stringify(template)}`);
    }
    pieces.push(compileAction(m[2], template));
    trimNext = Boolean(m[3]);
    last = m.index! + m[0].length;
  }
  const tail = trimNext ? template.slice(last).trimStart() : template.slice(last);
  pieces.push(() => tail);
  return (input) => pieces.map((p) => p(input)).join('');
}
