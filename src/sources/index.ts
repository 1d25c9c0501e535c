/**
 * The source adapters: one registry of parsers and field catalogs, and per-line source
 * detection for mixed input (`vigil parse --source auto`).
 */
import { AUDIT_FIELDS, parseAudit, splitEventList } from './audit';
import { COREDNS_FIELDS, parseCoreDns } from './coredns';
import { FALCO_FIELDS, parseFalco } from './falco';
import { fail, guardLine } from './frames';
import { NETFILTER_FIELDS, parseNetfilter } from './netfilter';
import type { FieldSpec, LineParser, ParseOptions, ParseResult, SourceId } from './types';

/** What every source provides. */
export interface SourceAdapter {
  id: SourceId;
  title: string;
  parse: LineParser;
  fields: FieldSpec[];
  /** Lines are JSON objects (line filters then match JSON-escaped text). */
  jsonLines: boolean;
}

export const SOURCES: Record<SourceId, SourceAdapter> = {
  audit: { id: 'audit', title: 'Kubernetes audit', parse: parseAudit, fields: AUDIT_FIELDS, jsonLines: true },
  coredns: { id: 'coredns', title: 'CoreDNS queries', parse: parseCoreDns, fields: COREDNS_FIELDS, jsonLines: false },
  netfilter: {
    id: 'netfilter',
    title: 'Netfilter packets',
    parse: parseNetfilter,
    fields: NETFILTER_FIELDS,
    jsonLines: false,
  },
  falco: { id: 'falco', title: 'Falco', parse: parseFalco, fields: FALCO_FIELDS, jsonLines: true },
};

const COREDNS_SHAPE = /:\d{1,5} - (?:\[[^\]]+\] )?\d{1,5} \\?"/; // the quote is escaped inside docker-json
const AUDIT_SHAPE = /"verb":/;
const FALCO_TEXT = /(?:^|: )\d\d:\d\d:\d\d\.\d{1,9}: [A-Z][a-z]+ /;
const NETFILTER_SHAPE = /(?:^|[^A-Z])(?:IN|OUT)=\S* .*SRC=/;

/**
 * Guesses a line's source from substrings each format always contains (they survive a
 * CRI or docker-json frame). Undefined when none fits. Partial audit events may lack
 * `audit.k8s.io/`, so `"verb":` with an `objectRef`, `user` or `requestURI` counts too.
 */
export function guessSource(line: string): SourceId | undefined {
  if (line.includes('audit.k8s.io/') || (AUDIT_SHAPE.test(line) && /"(?:objectRef|user|requestURI)":/.test(line))) {
    return 'audit';
  }
  if ((line.includes('rule') && line.includes('priority') && line.includes('output')) || FALCO_TEXT.test(line)) {
    return 'falco';
  }
  if (NETFILTER_SHAPE.test(line)) {
    return 'netfilter';
  }
  if (COREDNS_SHAPE.test(line)) {
    return 'coredns';
  }
  return undefined;
}

/** Parses a line of any source, detected per line. Never throws. */
export function parseAuto(line: string, opts?: ParseOptions): ParseResult {
  const bad = guardLine(line);
  if (bad) {
    return bad;
  }
  const source = guessSource(line);
  if (!source) {
    return fail('unknown-format', 'line matches none of audit, coredns, netfilter, falco', line);
  }
  return SOURCES[source].parse(line, opts);
}

export { parseAudit, parseCoreDns, parseFalco, parseNetfilter, splitEventList };
export { ENTITY_FIELDS, ENTITY_FIELD_NAMES } from './entities';
export type { EntityField } from './entities';
export { MAX_LINE_LENGTH, CriReassembler } from './frames';
export { fillLineFilter, labelName } from './catalog';
