/** @jest-environment node */
import { readFileSync } from 'node:fs';
import { parseAuto, SOURCES } from '../../sources';
import type { ParsedEvent } from '../../sources/types';
import { matchEvent } from '../matcher';
import { planRule } from '../plan';
import { GENERATED_FILE, generatedSource, readCatalogYaml } from './generate';
import { CATALOG_RULES, ruleTestLines } from '.';

const REQUIRED = [
  'k8s-privileged-container', 'k8s-host-namespace-pod', 'k8s-sensitive-hostpath-mount', 'k8s-capabilities-added',
  'k8s-crypto-mining-image', 'k8s-exec-into-pod', 'k8s-attach-to-pod', 'k8s-dangerous-exec-command',
  'k8s-anonymous-request-allowed', 'k8s-anonymous-exec', 'k8s-clusterrole-with-exec', 'k8s-privileged-clusterrole',
  'k8s-cluster-admin-binding', 'k8s-service-exposed', 'k8s-secret-read', 'k8s-secret-access-forbidden',
  'k8s-secret-modified', 'k8s-kube-namespace-workload', 'k8s-configmap-credentials', 'dns-mining-pool-query',
  'dns-tunneling-suspect', 'dns-nxdomain-burst', 'net-port-scan', 'net-mining-pool-port', 'falco-alert',
  'falco-shell-in-container',
];

const T0 = Date.parse('2026-03-01T10:00:00Z');

export function parseFor(source: ParsedEvent['source'], line: string): ParsedEvent {
  const r = SOURCES[source].parse(line, { entryTimeMs: T0 });
  if (!r.ok) {
    throw new Error(`test line does not parse as ${source}: ${r.error.message}: ${line}`);
  }
  return r.event;
}

describe('detection catalog', () => {
  it('the generated module is fresh (run `npm run generate`)', () => {
    expect(readFileSync(GENERATED_FILE, 'utf8')).toBe(generatedSource(readCatalogYaml()));
  });

  it('holds every required rule (docs/dev/rules.md), each with MITRE tags, false positives and tests', () => {
    const ids = CATALOG_RULES.map((r) => r.id);
    expect(REQUIRED.filter((id) => !ids.includes(id))).toEqual([]);
    for (const r of CATALOG_RULES) {
      expect({ id: r.id, mitre: r.tags.some((t) => /^attack\.t\d{4}/.test(t) || /^attack\.[a-z_]+$/.test(t)) }).toEqual({ id: r.id, mitre: true });
      expect(r.falsepositives?.length).toBeGreaterThan(0);
      expect(r.tests?.positive.length).toBeGreaterThan(0);
      expect(r.tests?.negative.length).toBeGreaterThan(0);
      expect(r.author).toBe('Vigil');
    }
  });

  describe.each(CATALOG_RULES.map((r) => [r.id, r] as const))('%s', (_id, rule) => {
    const plan = planRule(rule);
    const lines = ruleTestLines(rule, T0);
    it('test lines parse and are recognised as their source', () => {
      for (const line of [...lines.positive, ...lines.negative]) {
        const auto = parseAuto(line);
        expect({ line, source: auto.ok ? auto.event.source : auto.error.message }).toEqual({ line, source: rule.logsource.service });
      }
    });
    it('matches its positives', () => {
      for (const line of lines.positive) {
        expect({ line, hit: matchEvent(plan, parseFor(rule.logsource.service, line)) }).toEqual({ line, hit: true });
      }
    });
    it('does not match its negatives', () => {
      for (const line of lines.negative) {
        expect({ line, hit: matchEvent(plan, parseFor(rule.logsource.service, line)) }).toEqual({ line, hit: false });
      }
    });
  });
});
