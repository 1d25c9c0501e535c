/**
 * The detection model: a rule as written (Sigma-shaped YAML plus Vigil fields), and the
 * backend-neutral plan the compiler and the matcher both work from. Keeping one plan for
 * both is what makes "the matcher finds exactly what the query finds" checkable.
 */
import type { SourceId } from '../sources/types';

/** Sigma `level`. */
export type Level = 'informational' | 'low' | 'medium' | 'high' | 'critical';

export const LEVELS: readonly Level[] = ['informational', 'low', 'medium', 'high', 'critical'];

/** A Vigil rule parameter: a default the user can override per rule without forking it. */
export interface Parameter {
  type: 'number' | 'string' | 'list' | 'duration' | 'selector';
  default: number | string | string[];
  description: string;
}

/**
 * Sigma correlation: embedded in the rule it counts, or a correlation rule of its own whose
 * `rules:` name other rules (by id or name) of the same rule set or the catalog.
 */
export interface Correlation {
  type: 'event_count' | 'value_count';
  /** Rules counted, as written (ids or names); absent or the rule itself when embedded. */
  rules?: string[];
  /** The referenced rules, resolved when the rule set is loaded (correlation rules only). */
  refs?: Rule[];
  /** Fields whose values form the alert key (e.g. the client IP). */
  groupBy: string[];
  /** Window as written (`5m`, `60s`) or a `%parameter%`. */
  timespan: string;
  /** value_count: the field whose distinct values are counted. */
  field?: string;
  /** Fires when the count is `>=` (gte) or `>` (gt) this; a number or `%parameter%`. */
  condition: { op: 'gte' | 'gt'; value: number | string };
}

/** A test line of the catalog: a raw line, or for JSON sources an object merged onto the source's template. */
export type TestEvent = string | Record<string, unknown>;

/** A rule after schema validation. */
export interface Rule {
  title: string;
  id: string;
  /** Sigma `name`: how correlation rules may reference this rule. */
  name?: string;
  status?: string;
  description: string;
  references?: string[];
  author?: string;
  date?: string;
  modified?: string;
  tags: string[];
  logsource: { product?: string; service: SourceId; category?: string };
  /** Selections (maps, lists of maps, or keyword lists) and `condition`. */
  detection: Record<string, unknown>;
  falsepositives?: string[];
  level: Level;
  parameters: Record<string, Parameter>;
  /** Field/value selections; an event matching any of them never fires the rule. */
  exceptions: Array<Record<string, unknown>>;
  correlation?: Correlation;
  tests?: { positive: TestEvent[]; negative: TestEvent[] };
}

/**
 * Operators of a field leaf. `ci`: the string compares case-insensitively (Sigma's default for
 * values with letters; `|cased` turns it off), see README: "Case".
 */
export type FieldOp =
  | { op: 'eq'; value: string; ci?: boolean }
  | { op: 'contains' | 'prefix' | 'suffix'; value: string; ci?: boolean }
  /** An RE2-subset regex searched anywhere in the value (Sigma `re`). `flags` are leading inline flags. */
  | { op: 're'; source: string; flags: string }
  /** A Sigma wildcard value (`*`, `?`), matched against the whole value. */
  | { op: 'glob'; source: string; flags: string }
  | { op: 'cidr'; value: string }
  /** Compared on the value's decimal text (see numeric.ts). */
  | { op: 'num'; cmp: '>' | '>=' | '<' | '<='; value: number }
  /** Sigma `fieldref`: the value equals another field's value (exactly). */
  | { op: 'fieldref'; other: string }
  | { op: 'exists'; value: boolean };

/** A test on one field's value. `neg` inverts it (after NOT push-down). */
export type FieldLeaf = { k: 'field'; field: string; neg: boolean } & FieldOp;

/** A test on the raw line (Sigma keywords, or the `_line` pseudo field). */
export type LineLeaf = { k: 'line'; neg: boolean } & ({ op: 'contains'; value: string } | { op: 're'; source: string; flags: string });

export type Leaf = FieldLeaf | LineLeaf;

/** A boolean condition over leaves, with NOT pushed down into the leaves. */
export type Cond = { k: 'and'; c: Cond[] } | { k: 'or'; c: Cond[] } | { k: 'const'; value: boolean } | Leaf;

/** A window rule's counting, with parameters resolved. */
export interface WindowPlan {
  type: Correlation['type'];
  groupBy: string[];
  field?: string;
  windowMs: number;
  /** As written in queries (`5m`). */
  window: string;
  op: 'gte' | 'gt';
  threshold: number;
}

/** What the compiler emits and the matcher evaluates. */
export interface Plan {
  ruleId: string;
  source: SourceId;
  /** LogQL/LogsQL stream selector, e.g. `{job="auditlog"}`. */
  selector: string;
  /** Full condition, exceptions included. */
  cond: Cond;
  /** Fields the condition and the window read, in first-use order. */
  fields: string[];
  /** Window for event rules' alert query, or the correlation window. */
  alertWindow: string;
  window?: WindowPlan;
}

/** A rule problem with its place in the YAML (1-based; 0 when unknown). */
export interface RuleError {
  message: string;
  line: number;
  col: number;
  /** Path into the document, e.g. `detection.selection.verb`. */
  path: string;
}

/** Thrown by the planner/compiler for constructs Vigil does not support; never a wrong query. */
export class UnsupportedRuleError extends Error {
  constructor(
    message: string,
    readonly path = ''
  ) {
    super(message);
    this.name = 'UnsupportedRuleError';
  }
}
