/**
 * A Vigil catalog rule as plain Sigma: parameters replaced by their defaults, `_line` as a
 * keyword, `null` out of value lists as an OR of maps and without `|cased`, exceptions as
 * `and not`, an embedded correlation as a Sigma correlation rule naming the detection.
 * Shared by the pySigma peer benchmarks (bench/sigmaPeer.ts for Loki, bench/victoriaLogsPeer.ts
 * for VictoriaLogs).
 */
import type { Rule } from '../src/detections/types';

export type Scalar = string | number | boolean | null;
export type SigmaMap = Record<string, Scalar | Scalar[]>;
export type Selection = SigmaMap | SigmaMap[] | Scalar[];

export interface SigmaForm {
  detection: Record<string, Selection | string>;
  /** What was rewritten to make the rule plain Sigma (shown in the table). */
  notes: string[];
  /** The embedded correlation as a Sigma correlation rule naming the detection. */
  correlation?: Record<string, unknown>;
}

/** Name the Sigma form of a detection goes by in its correlation rule. */
export const BASE_NAME = 'vigil_detection';

// Every modifier of the spec's modifiers appendix (v2.1), `expand` handled before.
const SIGMA_MODIFIERS = new Set(
  (
    'contains startswith endswith all exists cased neq windash re i m s base64 base64offset utf16le utf16be utf16 wide ' +
    'lt lte gt gte minute hour day week month year cidr fieldref'
  ).split(' ')
);

export function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** `%name%` → the parameter's default: inside `re` an escaped alternation, elsewhere the value list (Sigma's value-list expansion). */
function expand(rule: Rule, value: Scalar, isRe: boolean): Scalar[] {
  if (typeof value !== 'string') {
    return [value];
  }
  const refs = [...value.matchAll(/%([A-Za-z_][A-Za-z0-9_]*)%/g)];
  let out = [value];
  for (const [ref, name] of refs) {
    const param = rule.parameters[name];
    if (!param) {
      throw new Error(`unknown parameter %${name}%`);
    }
    const values = Array.isArray(param.default) ? param.default : [String(param.default)];
    if (isRe) {
      // A plain group: the spec's regex flavour has no `(?:`.
      const alt = Array.isArray(param.default)
        ? `(${values.map(escapeRegex).join('|')})`
        : param.type === 'number'
          ? values[0]
          : escapeRegex(values[0]);
      out = out.map((v) => v.replace(ref, alt));
    } else {
      out = out.flatMap((v) => values.map((x) => v.replace(ref, x)));
    }
  }
  return out;
}

/** One selection map: expand placeholders, `_line` → a keyword (field-less item), `null` out of value lists. */
function sigmaMap(rule: Rule, map: Record<string, unknown>, notes: Set<string>): SigmaMap[] {
  let alternatives: SigmaMap[] = [{}];
  for (const [key, raw] of Object.entries(map)) {
    const [field, ...mods] = key.split('|');
    const unknown = mods.filter((m) => m !== 'expand' && !SIGMA_MODIFIERS.has(m));
    if (unknown.length > 0) {
      throw new Error(`modifier ${unknown.join(', ')} is not Sigma`);
    }
    const isRe = mods.includes('re');
    let values = (Array.isArray(raw) ? raw : [raw]) as Scalar[];
    if (mods.includes('expand')) {
      values = values.flatMap((v) => expand(rule, v, isRe));
      notes.add('parameters → defaults');
    }
    // The spec's flavour: `.`, `^`, `$`, quantifiers, classes, `|` and `()`; anything else is beyond it.
    if (isRe && values.some((v) => typeof v === 'string' && /\(\?|\\[A-Za-z]/.test(v))) {
      notes.add("regex beyond the spec's flavour (pySigma passes it on)");
    }
    // `i` alone is Vigil's case-insensitive string; Sigma strings already are.
    const sigmaMods = mods.filter((m) => m !== 'expand' && (m !== 'i' || isRe));
    let sigmaField = field;
    if (field === '_line') {
      sigmaField = '';
      notes.add('_line → keyword');
    }
    const sigmaKey = [sigmaField, ...sigmaMods].join('|');
    // `|cased` means nothing for null, and pySigma refuses the pair as a type error.
    const nullKey = [sigmaField, ...sigmaMods.filter((m) => m !== 'cased')].join('|');
    if (values.includes(null) && nullKey !== sigmaKey) {
      notes.add('`|cased` off null');
    }
    // The spec: "null cannot be part of a list of field values" — an OR of maps instead.
    const hasNull = values.length > 1 && values.includes(null);
    const choices: Array<[string, Scalar | Scalar[]]> = hasNull
      ? [
          [nullKey, null],
          [sigmaKey, values.filter((v) => v !== null)],
        ]
      : [[values[0] === null ? nullKey : sigmaKey, values.length === 1 ? values[0] : values]];
    if (hasNull) {
      notes.add('null out of value lists');
    }
    alternatives = alternatives.flatMap((alt) =>
      choices.map(([k, c]) => ({ ...alt, [k]: Array.isArray(c) && c.length === 1 ? c[0] : c }))
    );
  }
  return alternatives;
}

function sigmaSelection(rule: Rule, sel: unknown, notes: Set<string>): Selection {
  if (Array.isArray(sel) && sel.every((v) => v === null || typeof v !== 'object')) {
    return sel as Scalar[];
  }
  const maps = (Array.isArray(sel) ? sel : [sel]).flatMap((m) => sigmaMap(rule, m as Record<string, unknown>, notes));
  return maps.length === 1 ? maps[0] : maps;
}

/** The rule without Vigil's extensions, or the reason it is not Sigma. */
export function toSigma(rule: Rule): SigmaForm | { notSigma: string } {
  const notes = new Set<string>();
  const detection: SigmaForm['detection'] = {};
  try {
    if (Object.values(rule.parameters).some((p) => p.type === 'selector')) {
      return { notSigma: 'a selector parameter sets the stream selector, which Sigma has no place for' };
    }
    for (const [name, sel] of Object.entries(rule.detection)) {
      if (name !== 'condition' && name !== 'timeframe') {
        detection[name] = sigmaSelection(rule, sel, notes);
      }
    }
    let condition = rule.detection.condition;
    if (typeof condition !== 'string') {
      return { notSigma: 'a list of conditions' };
    }
    rule.exceptions.forEach((e, i) => {
      detection[`vigil_exception_${i + 1}`] = sigmaSelection(rule, e, notes);
      condition = `(${condition}) and not vigil_exception_${i + 1}`;
      notes.add('exceptions → and not');
    });
    detection.condition = condition;
  } catch (e) {
    return { notSigma: (e as Error).message };
  }
  let correlation: SigmaForm['correlation'];
  if (rule.correlation) {
    const c = rule.correlation;
    const value = (v: string | number) => (typeof v === 'string' ? (expand(rule, v, false)[0] as string) : v);
    const threshold = Number(value(c.condition.value));
    correlation = {
      title: `${rule.title} (correlation)`,
      correlation: {
        type: c.type,
        rules: [BASE_NAME],
        'group-by': c.groupBy,
        timespan: value(c.timespan),
        condition: { [c.condition.op]: threshold, ...(c.field ? { field: c.field } : {}) },
      },
    };
    notes.add('embedded correlation → a correlation rule');
  }
  return { detection, notes: [...notes], correlation };
}
