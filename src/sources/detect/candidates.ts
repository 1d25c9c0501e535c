/**
 * Where each source's streams usually live, by shipper convention: the table in
 * pkg/conventions/conventions.json, which the health check behind "Save & test" embeds too
 * (pkg/conventions), so both screens recognise the same labels. Per rule it records the
 * shippers it comes from (the simulator's profiles, Promtail, Alloy, Vector, Fluent Bit, the
 * OpenTelemetry Collector); per shipper, example label sets (docs/sources.md is generated
 * from them). Shared test cases: pkg/conventions/testdata/cases.json.
 */
import conventionsFile from '../../../pkg/conventions/conventions.json';
import { SOURCE_IDS, type SourceId } from '../types';
import type { LabelMatcher } from './probe';

/** A label convention: which values of `label` suggest the source, and how strongly. */
export interface LabelRule {
  source: SourceId;
  label: string;
  /** Exact values, or a test on the value (then the selector uses the exact value found). */
  values: string[] | RegExp;
  /** Values this rules out (falcosidekick's own logs for a job mentioning falco). */
  exclude?: RegExp;
  /** Prior confidence 0–1 before any line is sampled. */
  weight: number;
  /** Narrowing matchers added when their label/value exists (journal transport, namespace). */
  narrow?: LabelMatcher[];
  /** Every label that must exist for the rule to apply (falcosidekick's label set). */
  requires?: string[];
  /** Match the label's presence (`=~".+"`) rather than one value. */
  presence?: boolean;
  /** Ids of the shippers (SHIPPERS) whose labels this is. */
  shippers: string[];
  why: string;
}

/** A shipper (or a layout of one) and example label sets it gives each source's streams. */
export interface ShipperConventions {
  id: string;
  name: string;
  /** The simulator profile reproducing it, if any. */
  profile?: string;
  about: string;
  examples: Array<{ source: SourceId; labels: Record<string, string> }>;
}

/** conventions.json as stored: patterns as strings. */
interface ConventionsFile {
  lineMarkers: Partial<Record<string, string>>;
  shippers: Array<
    Omit<ShipperConventions, 'examples'> & { examples: Array<{ source: string; labels: Record<string, string> }> }
  >;
  rules: Array<{
    source: string;
    label: string;
    values?: string[];
    pattern?: string;
    ignoreCase?: boolean;
    exclude?: string;
    presence?: boolean;
    requires?: string[];
    narrow?: Array<{ label: string; value: string }>;
    weight: number;
    shippers: string[];
    why: string;
  }>;
}

// The Go side checks the file's shape (pkg/conventions Parse, run by its tests); here the
// inferred literal types are too narrow to compare, so it is cast.
const FILE = conventionsFile as unknown as ConventionsFile;

function sourceId(s: string): SourceId {
  if (!(SOURCE_IDS as readonly string[]).includes(s)) {
    throw new Error(`conventions.json names an unknown source ${JSON.stringify(s)}`);
  }
  return s as SourceId;
}

/** Substring every line of the source carries, used to sample mixed streams (journals). */
export const LINE_MARKER: Partial<Record<SourceId, string>> = Object.fromEntries(
  Object.entries(FILE.lineMarkers).map(([s, marker]) => [sourceId(s), marker])
);

export const SHIPPERS: ShipperConventions[] = FILE.shippers.map((s) => ({
  ...s,
  examples: s.examples.map((e) => ({ source: sourceId(e.source), labels: e.labels })),
}));

export const LABEL_RULES: LabelRule[] = FILE.rules.map((r) => ({
  source: sourceId(r.source),
  label: r.label,
  // Patterns are written for RE2 and JavaScript alike; ignoreCase is Go's (?i).
  values: r.pattern !== undefined ? new RegExp(r.pattern, r.ignoreCase ? 'i' : '') : (r.values ?? []),
  exclude: r.exclude !== undefined ? new RegExp(r.exclude, 'i') : undefined,
  weight: r.weight,
  narrow: r.narrow?.map((n) => ({ label: n.label, op: '=' as const, value: n.value })),
  requires: r.requires,
  presence: r.presence,
  shippers: r.shippers,
  why: r.why,
}));

/** The labels whose values detection reads (all but presence-only ones, plus narrowing labels). */
export const VALUE_LABELS: string[] = [
  ...new Set(LABEL_RULES.flatMap((r) => [...(r.presence ? [] : [r.label]), ...(r.narrow ?? []).map((n) => n.label)])),
].sort();
