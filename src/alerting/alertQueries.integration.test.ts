/** @jest-environment node */
// Each alert rule the writer produces, evaluated as Grafana's scheduler would: query A through
// the real backend binary (devhost → plugin protocol) on a real VictoriaLogs, then reduce
// (last) and threshold. On the simulator's attack data every rule crosses its threshold at the
// end of its attack; on the benign baseline over the same range and instants none does.
import { simulate } from '../../backend-stub/src';
import { catalogRule } from '../detections/catalog';
import { buildDevhost, requireBuiltPlugin, startDevhost } from '../../tests/host/harness';
import { ManagedServer, pushLoki, startVictoriaLogs } from '../../tests/stack';
import { alertRulePayload, type RuleSettings } from '.';
import { evaluateThroughPlugin } from '../../tests/alerting/evaluate';
import type { ProvisionedAlertRule } from '../api/grafana';

jest.setTimeout(300_000);

const IDS = ['k8s-privileged-container', 'dns-nxdomain-burst', 'net-port-scan', 'k8s-exec-into-pod'];
const TO = Math.floor(Date.now() / 60_000) * 60_000 - 60_000;
const FROM = TO - 60 * 60_000;
const attack = simulate({ from: FROM, to: TO, scenarios: 'all', seed: 11, profile: 'nearform' });
const benign = simulate({ from: FROM, to: TO, seed: 11, profile: 'nearform' });

const servers: ManagedServer[] = [];
let attackHost: ManagedServer;
let benignHost: ManagedServer;

beforeAll(async () => {
  requireBuiltPlugin();
  const [binary, vlAttack, vlBenign] = await Promise.all([buildDevhost(), startVictoriaLogs(), startVictoriaLogs()]);
  servers.push(vlAttack, vlBenign);
  await Promise.all([pushLoki(vlAttack.url, attack.streams), pushLoki(vlBenign.url, benign.streams)]);
  [attackHost, benignHost] = await Promise.all(
    [vlAttack, vlBenign].map((vl) =>
      startDevhost({ binary, logBackend: 'victorialogs', logUrl: vl.url, prometheusUrl: 'http://127.0.0.1:9' })
    )
  );
  servers.push(attackHost, benignHost);
}, 300_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

/** Grafana's evaluation of the rule at `atMs` (reduce last, threshold) through the plugin binary. */
const evaluate = (host: ManagedServer, rule: ProvisionedAlertRule, atMs: number) => evaluateThroughPlugin(host.url, rule, atMs);

const TARGET = {
  dsUid: 'vigil',
  backend: 'victorialogs' as const,
  folderUID: 'vigil-detections',
  ruleGroup: 'vigil',
};

/** The identities the baseline legitimately uses (the CI deployer execs), as user exceptions. */
function allowedExceptions(id: string): RuleSettings | undefined {
  const allowed = attack.manifest.allowed[id];
  return allowed ? { exceptions: [{ 'user.username': allowed.usernames }] } : undefined;
}

describe.each(IDS.map((id) => [id]))('%s', (id) => {
  const rule = alertRulePayload(catalogRule(id)!, allowedExceptions(id), TARGET);
  const scenarios = attack.manifest.scenarios.filter((s) => s.detections.includes(id));

  it('the simulator has an attack for it', () => {
    expect(scenarios.length).toBeGreaterThan(0);
  });

  it('fires at the end of each attack on the attack data', async () => {
    for (const s of scenarios) {
      const { firing } = await evaluate(attackHost, rule, s.toMs + 1000);
      expect({ scenario: s.id, firing: firing.length > 0 }).toEqual({ scenario: s.id, firing: true });
    }
  });

  it('stays quiet at the same instants on the benign baseline', async () => {
    for (const s of scenarios) {
      const { firing } = await evaluate(benignHost, rule, s.toMs + 1000);
      expect({ scenario: s.id, firing }).toEqual({ scenario: s.id, firing: [] });
    }
  });
});

test("without the exception, the CI deployer's benign execs fire k8s-exec-into-pod: exceptions are what keep it quiet", async () => {
  expect(allowedExceptions('k8s-exec-into-pod')).toBeDefined();
  const plain = alertRulePayload(catalogRule('k8s-exec-into-pod')!, undefined, TARGET);
  const atEnd = await evaluate(benignHost, plain, TO);
  const anyWindow = await Promise.all(
    Array.from({ length: 12 }, (_, i) => evaluate(benignHost, plain, FROM + (i + 1) * 5 * 60_000))
  );
  expect([atEnd, ...anyWindow].some((r) => r.firing.length > 0)).toBe(true);
});
