/**
 * Data readiness of a rule: are its source's streams there, and does the audit log carry the
 * request bodies the rule reads (requestObject needs audit level Request or RequestResponse)?
 * Computed from the probe counts of the catalog's batched query.
 */
import { planRule, type Rule } from '../detections';
import type { SourceId } from '../sources/types';

export interface ReadinessCounts {
  /** Lines per source over the range (stream presence). */
  sources: Partial<Record<SourceId, number>>;
  /** Audit lines carrying `requestObject` over the range. */
  requestObject: number;
}

export interface Readiness {
  ready: boolean;
  /** Why not, in words for the user; empty when ready. */
  reason: string;
}

/** Whether a rule reads request bodies (requestObject.*), which Metadata-level audit logs lack. */
export function needsRequestBodies(rule: Rule): boolean {
  try {
    return planRule(rule).fields.some((f) => f.startsWith('requestObject'));
  } catch {
    return false;
  }
}

export function ruleReadiness(rule: Rule, counts: ReadinessCounts | undefined): Readiness | undefined {
  if (!counts) {
    return undefined;
  }
  const source = rule.logsource.service;
  if (!counts.sources[source]) {
    return {
      ready: false,
      reason: `No ${source} streams found in the range (check the shipper labels or the rule's selector)`,
    };
  }
  if (source === 'audit' && needsRequestBodies(rule) && counts.requestObject === 0) {
    return {
      ready: false,
      reason: 'Reads requestObject: the audit policy must log these requests at level Request or RequestResponse',
    };
  }
  return { ready: true, reason: '' };
}
