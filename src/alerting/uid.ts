/**
 * Deterministic alert rule uids: the same detection always maps to the same Grafana uid, so
 * a retried or repeated enable finds the rule it wrote instead of creating a second one.
 */

/** Grafana's uid limit. */
const MAX_UID = 40;
const PREFIX = 'vigil-';

/** FNV-1a 32-bit, hex: short, stable and dependency-free. */
function hash32(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** The alert rule uid of a detection id: `vigil-<id>`, shortened with a hash when too long. */
export function alertRuleUid(ruleId: string): string {
  const clean = ruleId.replace(/[^a-zA-Z0-9_-]/g, '_');
  const full = PREFIX + clean;
  // A cleaned id that differs from the original gets a hash so `a.b` and `a_b` never collide.
  if (full.length <= MAX_UID && clean === ruleId) {
    return full;
  }
  const tag = hash32(ruleId);
  return `${full.slice(0, MAX_UID - tag.length - 1)}-${tag}`;
}
