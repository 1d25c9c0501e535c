/**
 * Alerts as code: the selected detections as a Loki ruler rule file, or as a Grafana alerting
 * file-provisioning document (provisioning/alerting/*.yaml) with the same SDK-built payloads
 * the page writes through the API.
 */
import { parse, stringify } from 'yaml';
import type { ProvisionedAlertRule } from '../api/grafana';
import { planRule, rulerYaml, type Rule } from '../detections';
import { alertRulePayload, type AlertTarget } from './payload';
import { effectiveRule, type RuleSettings } from './settings';
import { ruleParams, type QueryTarget } from './target';

export interface ExportItem {
  rule: Rule;
  settings?: RuleSettings;
}

/** Export result: the document, plus the rules that could not compile and why. */
export interface ExportResult {
  yaml: string;
  skipped: Array<{ ruleId: string; error: string }>;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** A rule in a provisioning file: the API rule without what the file's group carries (folder, group, org). */
export type FileRule = Omit<ProvisionedAlertRule, 'folderUID' | 'ruleGroup' | 'orgID'>;

/** The file form of an API payload, keeping only the fields Vigil writes. */
export function fileRule(p: ProvisionedAlertRule): FileRule {
  const { uid, title, condition, data, noDataState, execErrState, labels, annotations, isPaused } = p;
  return { uid, title, condition, data, noDataState, execErrState, for: p.for, labels, annotations, isPaused };
}

/**
 * A Loki ruler rule file with one group per rule (each rule keeps its own evaluation group),
 * reading the streams the data source's selectors name (the defaults without `target`).
 */
export function lokiRulerExport(items: ExportItem[], target?: Pick<QueryTarget, 'selectors'>): ExportResult {
  const groups: unknown[] = [];
  const skipped: ExportResult['skipped'] = [];
  for (const { rule, settings } of items) {
    try {
      const eff = effectiveRule(rule, settings);
      const doc = parse(rulerYaml(eff, planRule(eff, ruleParams(eff, settings?.params ?? {}, target)))) as { groups: unknown[] };
      groups.push(...doc.groups);
    } catch (e) {
      skipped.push({ ruleId: rule.id, error: message(e) });
    }
  }
  return { yaml: stringify({ groups }, { lineWidth: 0 }), skipped };
}

/** A Grafana alerting provisioning file: one group in one folder (by title, as files name folders). */
export function grafanaProvisioningExport(
  items: ExportItem[],
  target: AlertTarget & { folderTitle: string },
  interval = '1m'
): ExportResult {
  const rules: FileRule[] = [];
  const skipped: ExportResult['skipped'] = [];
  for (const { rule, settings } of items) {
    try {
      rules.push(fileRule(alertRulePayload(rule, settings, target)));
    } catch (e) {
      skipped.push({ ruleId: rule.id, error: message(e) });
    }
  }
  const doc = {
    apiVersion: 1,
    groups: [{ orgId: 1, name: target.ruleGroup, folder: target.folderTitle, interval, rules }],
  };
  return { yaml: stringify(doc, { lineWidth: 0 }), skipped };
}
