import { ProvisionedAlertRule } from './types';

/** Annotation in which Vigil records the fingerprint of the rule content it last wrote. */
export const FINGERPRINT_ANNOTATION = 'vigil_fingerprint';

/**
 * A stable hash of the parts of a rule Vigil manages. Comparing a stored rule's content with
 * the fingerprint it carries tells whether someone edited it in Grafana after Vigil wrote it.
 * Pausing or resuming a rule is not an edit: it is what disabling and enabling a detection do,
 * and what Grafana users do from Grafana's rule list, so the paused state is hashed as the
 * `false` every rule was first written with (fingerprints stored before stay valid).
 */
export function ruleFingerprint(rule: ProvisionedAlertRule): string {
  const { [FINGERPRINT_ANNOTATION]: _ignored, ...annotations } = rule.annotations ?? {};
  const managed = {
    title: rule.title,
    folderUID: rule.folderUID,
    ruleGroup: rule.ruleGroup,
    condition: rule.condition,
    data: rule.data.map((q) => ({
      refId: q.refId,
      relativeTimeRange: q.relativeTimeRange,
      datasourceUid: q.datasourceUid,
      model: q.model,
    })),
    noDataState: rule.noDataState,
    execErrState: rule.execErrState,
    for: rule.for,
    labels: rule.labels ?? {},
    annotations,
    isPaused: false,
  };
  return fnv1a64(canonicalJson(managed));
}

/** JSON with object keys sorted, so equal content always hashes equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function fnv1a64(s: string): string {
  let h = BigInt('0xcbf29ce484222325');
  const prime = BigInt('0x100000001b3');
  const mask = (BigInt(1) << BigInt(64)) - BigInt(1);
  for (let i = 0; i < s.length; i++) {
    h ^= BigInt(s.charCodeAt(i));
    h = (h * prime) & mask;
  }
  return h.toString(16).padStart(16, '0');
}
