/**
 * Stale alert rules: enabled detections whose stored queries differ from what Vigil would
 * write now, because the data source's stream selector or layout changed (or its uid, a
 * rule's settings, or the catalog). Written rules embed their query text, so they do not
 * follow the data source by themselves; the Detections page lists them and rewrites them
 * all with updateStaleRules (idempotent: a rule already current is left unchanged; a paused
 * rule is rewritten and stays paused).
 */
import type { AlertQuery } from '../api/grafana';
import type { Rule } from '../detections';
import { alertRulePayload, type AlertTarget } from './payload';
import type { RuleSettings } from './settings';
import type { AlertStatus, AlertWriter, EnableTarget, WriteResult } from './writer';

/** An enabled rule whose stored queries are not what would be written now. */
export interface StaleRule {
  ruleId: string;
  title: string;
  /** Edited in Grafana since Vigil wrote it: left alone unless the user overwrites it. */
  modified: boolean;
  /** Disabled (paused): an update rewrites its queries and leaves it paused. */
  paused: boolean;
}

export interface StaleReport {
  /** Rules Vigil wrote and nobody edited since: the ones an update rewrites. */
  stale: StaleRule[];
  /** Rules edited in Grafana whose queries also differ (shown, not updated). */
  modified: StaleRule[];
  /** Enabled rules that cannot be written with the current settings, and why. */
  errors: Array<{ ruleId: string; error: string }>;
}

/**
 * Whether `stored` holds every key of `desired` with the same value. Grafana may add keys of
 * its own to a stored query model (defaults such as intervalMs), which are not differences.
 */
function covers(stored: unknown, desired: unknown): boolean {
  if (Array.isArray(desired)) {
    return Array.isArray(stored) && stored.length === desired.length && desired.every((d, i) => covers(stored[i], d));
  }
  if (desired && typeof desired === 'object') {
    if (!stored || typeof stored !== 'object' || Array.isArray(stored)) {
      return false;
    }
    const s = stored as Record<string, unknown>;
    return Object.entries(desired as Record<string, unknown>).every(([k, v]) => v === undefined || covers(s[k], v));
  }
  return stored === desired;
}

/** Whether the stored queries (A, and the expressions) differ from the ones Vigil writes now. */
export function queriesDiffer(stored: AlertQuery[] | undefined, desired: AlertQuery[]): boolean {
  const managed = (q: AlertQuery) => ({
    refId: q.refId,
    datasourceUid: q.datasourceUid,
    relativeTimeRange: q.relativeTimeRange,
    model: q.model,
  });
  return !covers(stored?.map(managed), desired.map(managed));
}

/** The enabled rules among `items` whose stored queries differ from what `target` writes now. */
export function staleRules(
  items: Array<{ rule: Rule; settings?: RuleSettings }>,
  status: Map<string, AlertStatus>,
  target: AlertTarget
): StaleReport {
  const report: StaleReport = { stale: [], modified: [], errors: [] };
  for (const { rule, settings } of items) {
    const s = status.get(rule.id);
    if (!s) {
      continue;
    }
    let desired: AlertQuery[];
    try {
      desired = alertRulePayload(rule, settings, target).data;
    } catch (e) {
      report.errors.push({ ruleId: rule.id, error: e instanceof Error ? e.message : String(e) });
      continue;
    }
    if (queriesDiffer(s.data, desired)) {
      const modified = s.state === 'modified';
      (modified ? report.modified : report.stale).push({
        ruleId: rule.id,
        title: rule.title,
        modified,
        paused: s.isPaused,
      });
    }
  }
  return report;
}

/**
 * Rewrites the rules `ruleIds` names (the report's stale ones) with what `target` writes now.
 * Not an enable: a paused rule gets the current queries and stays paused; a rule edited in
 * Grafana is left alone (reported `modified-elsewhere`).
 */
export function updateStaleRules(
  writer: Pick<AlertWriter, 'enable'>,
  items: Array<{ rule: Rule; settings?: RuleSettings }>,
  ruleIds: string[],
  target: EnableTarget
): Promise<WriteResult[]> {
  const ids = new Set(ruleIds);
  return writer.enable(
    items.filter((i) => ids.has(i.rule.id)),
    target,
    { keepPaused: true }
  );
}
