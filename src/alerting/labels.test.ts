/** @jest-environment node */
// Routing labels: every alert rule Vigil writes carries severity, source, vigil_rule and its
// ATT&CK tactics, as docs/alerting.md lists them; the sample notification policy there routes
// the catalog's alerts by those labels to the receivers it says.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CATALOG_RULES, catalogRule } from '../detections/catalog';
import { loadRule } from '../detections';
import { SOURCE_IDS } from '../sources/types';
import { alertLabels, alertRulePayload, mitreTags, type AlertTarget } from '.';

const target: AlertTarget = { dsUid: 'vigil', backend: 'loki', folderUID: 'f', ruleGroup: 'g' };
const DOC = readFileSync(join(__dirname, '../../docs/alerting.md'), 'utf8');
/** The labels Grafana adds to every alert of a Grafana-managed rule. */
const GRAFANA_LABELS = ['alertname', 'grafana_folder'];

describe('labels of the written rules', () => {
  it.each(CATALOG_RULES.map((r) => [r.id]))('%s: severity, source, vigil_rule and its tactics', (id) => {
    const rule = catalogRule(id)!;
    const { tactics, techniques } = mitreTags(rule.tags);
    const labels = alertRulePayload(rule, undefined, target).labels!;
    expect(labels).toEqual({
      vigil_rule: id,
      severity: rule.level,
      source: rule.logsource.service,
      mitre_tactic: tactics.join(','),
      ...(techniques.length ? { mitre_technique: techniques.join(',') } : {}),
    });
    // As the docs say: the catalog's levels are low to critical, and every rule has a tactic.
    expect(['low', 'medium', 'high', 'critical']).toContain(labels.severity);
    expect(SOURCE_IDS).toContain(labels.source);
    expect(tactics.length).toBeGreaterThan(0);
  });

  it('a rule without ATT&CK tags has no tactic or technique label', () => {
    const loaded = loadRule(
      'title: t\nid: my-rule\ndescription: d\nlogsource: {service: coredns}\nlevel: low\ndetection: {sel: {query: x}, condition: sel}\n'
    );
    expect(loaded.ok).toBe(true);
    const rule = (loaded as { ok: true; rule: Parameters<typeof alertLabels>[0] }).rule;
    expect(alertLabels(rule)).toEqual({ vigil_rule: 'my-rule', severity: 'low', source: 'coredns' });
  });

  it('docs/alerting.md lists exactly the labels Vigil writes', () => {
    const section = DOC.slice(DOC.indexOf('## Labels and notification policies'));
    const documented = [...section.matchAll(/^\| `([a-z_]+)` \|/gm)].map((m) => m[1]);
    const written = new Set(CATALOG_RULES.flatMap((r) => Object.keys(alertLabels(r))));
    expect(documented.sort()).toEqual([...written].sort());
  });
});

type Matcher = [string, '=' | '!=' | '=~' | '!~', string];
interface Route {
  receiver?: string;
  object_matchers?: Matcher[];
  routes?: Route[];
  continue?: boolean;
}

/** Alertmanager's matcher semantics: regular expressions are anchored; a missing label is empty. */
function matches(labels: Record<string, string>, [name, op, value]: Matcher): boolean {
  const v = labels[name] ?? '';
  const re = new RegExp(`^(?:${value})$`);
  return op === '=' ? v === value : op === '!=' ? v !== value : op === '=~' ? re.test(v) : !re.test(v);
}

/** The receivers an alert with `labels` goes to under `route` (first matching child unless `continue`). */
function receivers(route: Route, labels: Record<string, string>, inherited = ''): string[] {
  const receiver = route.receiver ?? inherited;
  const out: string[] = [];
  for (const child of route.routes ?? []) {
    if ((child.object_matchers ?? []).every((m) => matches(labels, m))) {
      out.push(...receivers(child, labels, receiver));
      if (!child.continue) {
        break;
      }
    }
  }
  return out.length ? out : [receiver];
}

describe('the sample notification policy in docs/alerting.md', () => {
  const block = [...DOC.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]).find((b) => b.includes('policies:'));
  const policy = (parse(block!) as { policies: Route[] }).policies[0];
  const alertOf = (id: string) => ({
    ...alertLabels(catalogRule(id)!),
    alertname: catalogRule(id)!.title,
    grafana_folder: 'Vigil detections',
  });

  it('matches on labels Vigil or Grafana set, severity and source among them', () => {
    const names = JSON.stringify(policy)
      .match(/\["[a-z_]+","(=|!=|=~|!~)"/g)!
      .map((m) => m.slice(2, m.indexOf('"', 2)));
    const known = new Set([...CATALOG_RULES.flatMap((r) => Object.keys(alertLabels(r))), ...GRAFANA_LABELS]);
    expect(names.filter((n) => !known.has(n))).toEqual([]);
    expect(names).toEqual(expect.arrayContaining(['severity', 'source']));
  });

  it('routes every catalog alert to a security receiver, by severity and source', () => {
    const routed = new Map(CATALOG_RULES.map((r) => [r.id, receivers(policy, alertOf(r.id))]));
    for (const [id, to] of routed) {
      const { severity, source } = alertLabels(catalogRule(id)!);
      const urgent = severity === 'high' || severity === 'critical';
      const expected =
        urgent && (source === 'audit' || source === 'falco')
          ? 'security-pager'
          : urgent
            ? 'security-channel'
            : 'security-digest';
      expect([id, to]).toEqual([id, [expected]]);
    }
    // Each branch of the sample is taken by some catalog rule.
    expect(new Set([...routed.values()].flat())).toEqual(
      new Set(['security-pager', 'security-channel', 'security-digest'])
    );
    // An alert that is not Vigil's stays on the default receiver.
    expect(receivers(policy, { alertname: 'HighCPU', severity: 'critical' })).toEqual(['default']);
  });

  it("the tactic matcher the docs give finds a tactic anywhere in a rule's list, and nothing else", () => {
    const [, value] = /\['mitre_tactic', '=~', '([^']+)'\]/.exec(DOC)!;
    const m = (tactic: string) => matches({ mitre_tactic: tactic }, ['mitre_tactic', '=~', value]);
    expect(['execution', 'execution,persistence', 'discovery,execution', 'a,execution,b'].map(m)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['executions', 'discovery', 'pre_execution'].map(m)).toEqual([false, false, false]);
    const multi = CATALOG_RULES.filter((r) => alertLabels(r).mitre_tactic?.split(',').includes('execution'));
    expect(multi.length).toBeGreaterThan(1);
    expect(multi.every((r) => m(alertLabels(r).mitre_tactic!))).toBe(true);
  });
});
