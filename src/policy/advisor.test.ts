/**
 * @jest-environment node
 *
 * The advisor on the simulator's audit data: a two-hour range with every attack scenario,
 * read through the audit parser as the page would receive it.
 */
import { CATALOG_RULES } from '../detections/catalog';
import { simulate, SCENARIOS } from '../../backend-stub/src';
import { parseAudit } from '../sources/audit';
import type { ParsedEvent } from '../sources/types';
import { evaluate as oracle } from '../../backend-stub/src/testing/oracle';
import { applyPolicy } from './apply';
import { blindSpots } from './blindspots';
import { observe } from './observe';
import { parsePolicy } from './parse';
import { comparePolicies, replay } from './replay';
import { AUDIT_REQUIREMENTS } from './requirements';
import { suggestPolicy } from './suggest';
import { POLICY_TEMPLATES, PolicyTemplate, templateById } from './templates';
import type { Policy } from './types';

const FROM = Date.UTC(2026, 0, 5, 8);
const TO = FROM + 2 * 3_600_000;
const RANGE = { rangeMs: TO - FROM };

const sim = simulate({ from: FROM, to: TO, scenarios: 'all', seed: 11 });
const events: ParsedEvent[] = sim.events
  .filter((e) => e.source === 'audit')
  .map((e) => parseAudit(e.line))
  .flatMap((r) => (r.ok ? [r.event] : []));
const observed = observe(events);

function policyOf(id: PolicyTemplate['id']): Policy {
  const r = parsePolicy(templateById(id).yaml);
  if (!r.ok) {
    throw new Error(`${id}: ${JSON.stringify(r.errors)}`);
  }
  return r.policy;
}

/** The audit rows of the catalog's required rules (docs/dev/rules.md#required-rules). */
const CATALOG_AUDIT_IDS = [
  'k8s-privileged-container',
  'k8s-host-namespace-pod',
  'k8s-sensitive-hostpath-mount',
  'k8s-capabilities-added',
  'k8s-crypto-mining-image',
  'k8s-exec-into-pod',
  'k8s-attach-to-pod',
  'k8s-dangerous-exec-command',
  'k8s-anonymous-request-allowed',
  'k8s-anonymous-exec',
  'k8s-clusterrole-with-exec',
  'k8s-privileged-clusterrole',
  'k8s-cluster-admin-binding',
  'k8s-service-exposed',
  'k8s-secret-read',
  'k8s-secret-access-forbidden',
  'k8s-secret-modified',
  'k8s-kube-namespace-workload',
  'k8s-configmap-credentials',
];
/**
 * Audit rules the advisor has no requirements for yet: it cannot tell whether a policy blinds
 * them. Rules that read any request (impersonation, denied service accounts) need the
 * recommended policy to keep routine requests at Metadata, which it drops today.
 */
const NOT_ADVISED = [
  'k8s-role-write-privileges',
  'k8s-port-forward',
  'k8s-ephemeral-container',
  'k8s-nodes-proxy',
  'k8s-impersonation',
  'k8s-events-deleted',
  'k8s-self-subject-review',
  'k8s-serviceaccount-denied',
  'k8s-cronjob-by-human',
  'k8s-csr-approved',
  'k8s-serviceaccount-kube-namespace',
  'k8s-serviceaccount-token-request',
  'k8s-webhook-config-changed',
  'k8s-namespace-changed',
  'k8s-ingress-without-tls',
  'k8s-untrusted-node-joined',
  'k8s-node-join-failed',
];
const POD_SPEC_IDS = ['k8s-privileged-container', 'k8s-host-namespace-pod', 'k8s-sensitive-hostpath-mount', 'k8s-capabilities-added', 'k8s-crypto-mining-image'];

test('the sample is real: every audit line parsed, every scenario present', () => {
  expect(events.length).toBe(sim.manifest.counts.audit);
  expect(observed.skipped).toBe(0);
  expect(events.length).toBeGreaterThan(4000);
});

test('every audit detection of the catalog has requirements, and every id the simulator trips', () => {
  const ids = AUDIT_REQUIREMENTS.map((r) => r.id);
  expect([...ids].sort()).toEqual([...CATALOG_AUDIT_IDS].sort());
  const simIds = SCENARIOS.flatMap((s) => s.detections).filter((id) => id.startsWith('k8s-'));
  expect(simIds.filter((id) => !ids.includes(id) && !NOT_ADVISED.includes(id))).toEqual([]);
  const audit = CATALOG_RULES.filter((r) => r.logsource.service === 'audit').map((r) => r.id);
  expect([...ids, ...NOT_ADVISED].sort()).toEqual(audit.sort());
});

test.each(POLICY_TEMPLATES.map((t) => [t.id]))('template %s parses', (id) => {
  expect(parsePolicy(templateById(id as PolicyTemplate['id']).yaml).ok).toBe(true);
});

test('"metadata for everything" blinds every pod-spec detection, and says why', () => {
  const cov = blindSpots(policyOf('metadata-everything'), observed.requests);
  for (const id of POD_SPEC_IDS) {
    const c = cov.find((x) => x.id === id)!;
    expect(c.status).toBe('blind');
    expect(c.examples[0].reason).toMatch(/logged at Metadata, needs Request/);
  }
  // Detections that need only metadata keep working.
  expect(cov.find((x) => x.id === 'k8s-exec-into-pod')!.status).toBe('working');
  expect(cov.find((x) => x.id === 'k8s-secret-read')!.status).toBe('working');
});

test('the Kubernetes example partly blinds pod-spec rules (apps workloads fall to Metadata) and fully blinds RBAC rules', () => {
  const cov = blindSpots(policyOf('kubernetes-example'), observed.requests);
  expect(cov.find((x) => x.id === 'k8s-privileged-container')!.status).toBe('partly-blind');
  expect(cov.find((x) => x.id === 'k8s-privileged-container')!.examples.some((e) => e.request.includes('apps/deployments'))).toBe(true);
  expect(cov.find((x) => x.id === 'k8s-cluster-admin-binding')!.status).toBe('blind');
});

test('the GKE-style policy blinds ConfigMap credential checks (ConfigMaps at Metadata)', () => {
  const cov = blindSpots(policyOf('gke-style'), observed.requests);
  expect(cov.filter((c) => c.status !== 'working').map((c) => c.id)).toEqual(['k8s-configmap-credentials']);
});

test('the recommended policy keeps every detection working at a fraction of RequestResponse-for-everything', () => {
  const recommended = policyOf('vigil-recommended');
  expect(blindSpots(recommended, observed.requests).filter((c) => c.status !== 'working')).toEqual([]);
  const c = comparePolicies(policyOf('request-response-everything'), recommended, events, RANGE);
  expect(c.ratio).toBeGreaterThan(0);
  expect(c.ratio).toBeLessThan(0.2);
  // Also cheaper than logging metadata for everything, which blinds detections.
  expect(c.proposed.totalBytesPerDay).toBeLessThan(replay(policyOf('metadata-everything'), events, RANGE).totalBytesPerDay);
});

describe('scenario lines, rewritten as each policy would log them, through the simulator\'s reference detector', () => {
  const tripping = sim.events.filter((e) => e.source === 'audit' && e.scenario && oracle([e]).size > 0);
  const idsAfter = (policy: Policy) =>
    tripping.map((e) => {
      const logged = applyPolicy(policy, e.line);
      return logged ? [...oracle([{ ...e, line: JSON.stringify(logged) }]).keys()].sort() : [];
    });
  const before = tripping.map((e) => [...oracle([e]).keys()].sort());

  test('the scenarios trip every audit detection to begin with', () => {
    expect(new Set(before.flat())).toEqual(new Set(CATALOG_AUDIT_IDS));
  });

  test('the recommended policy keeps every hit', () => {
    expect(idsAfter(policyOf('vigil-recommended'))).toEqual(before);
  });

  test('"metadata for everything" loses exactly the hits that read a request body', () => {
    const lost = new Set(before.flatMap((ids, i) => ids.filter((id) => !idsAfter(policyOf('metadata-everything'))[i].includes(id))));
    expect([...lost].sort()).toEqual([...POD_SPEC_IDS, 'k8s-clusterrole-with-exec', 'k8s-privileged-clusterrole', 'k8s-cluster-admin-binding', 'k8s-service-exposed', 'k8s-configmap-credentials'].sort());
  });

  test('a None policy loses everything', () => {
    expect(idsAfter({ rules: [{ level: 'None' }] }).flat()).toEqual([]);
  });
});

test('the suggestion keeps every detection working, costs no more than the recommended policy, and round-trips', () => {
  const s = suggestPolicy({ events, replay: RANGE });
  expect(blindSpots(s.policy, observed.requests).filter((c) => c.status !== 'working')).toEqual([]);
  const cost = replay(s.policy, events, RANGE).totalBytesPerDay;
  expect(cost).toBeLessThanOrEqual(replay(policyOf('vigil-recommended'), events, RANGE).totalBytesPerDay);
  expect(parsePolicy(s.yaml)).toEqual({ ok: true, policy: s.policy });
  // Every detection is credited to a rule, and every rule is explained.
  expect(new Set(s.explanations.flatMap((e) => e.detections))).toEqual(new Set(CATALOG_AUDIT_IDS));
  expect(s.explanations).toHaveLength(s.policy.rules.length);
  expect(s.yaml).toMatch(/# Request for create, update, patch/);
});

test('the suggestion for a subset of detections is smaller and never logs a secret body', () => {
  const s = suggestPolicy({ enabled: ['k8s-exec-into-pod', 'k8s-secret-read'] });
  expect(s.policy.rules.every((r) => r.level !== 'Request' && r.level !== 'RequestResponse')).toBe(true);
  expect(blindSpots(s.policy, observed.requests, ['k8s-exec-into-pod', 'k8s-secret-read']).every((c) => c.status === 'working')).toBe(true);
  expect(blindSpots(s.policy, observed.requests).find((c) => c.id === 'k8s-privileged-container')!.status).toBe('blind');
  const all = suggestPolicy({ catchAll: 'Metadata' });
  expect(all.policy.rules.at(-1)).toEqual({ level: 'Metadata' });
});
