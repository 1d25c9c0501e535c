/** @jest-environment node */
import { parsePolicy } from './parse';
import { serializePolicy } from './serialize';
import type { Policy } from './types';

const HEAD = 'apiVersion: audit.k8s.io/v1\nkind: Policy\n';

function errors(text: string) {
  const r = parsePolicy(text);
  if (r.ok) {
    throw new Error('expected errors');
  }
  return r.errors;
}

test('parses every field of a valid policy', () => {
  const r = parsePolicy(`${HEAD}omitStages: [RequestReceived]
omitManagedFields: true
rules:
  - level: None
    users: ["system:kube-proxy"]
    verbs: [watch]
    resources:
      - group: ""
        resources: [endpoints, services]
  - level: Metadata
    userGroups: ["system:authenticated"]
    nonResourceURLs: ["/healthz*"]
    omitStages: [ResponseStarted]
    omitManagedFields: false
  - level: Request
    namespaces: [kube-system]
    resources:
      - group: ""
        resources: [configmaps]
        resourceNames: [leader]
`);
  expect(r).toEqual({
    ok: true,
    policy: {
      omitStages: ['RequestReceived'],
      omitManagedFields: true,
      rules: [
        { level: 'None', users: ['system:kube-proxy'], verbs: ['watch'], resources: [{ group: '', resources: ['endpoints', 'services'] }] },
        { level: 'Metadata', userGroups: ['system:authenticated'], nonResourceURLs: ['/healthz*'], omitStages: ['ResponseStarted'], omitManagedFields: false },
        { level: 'Request', namespaces: ['kube-system'], resources: [{ group: '', resources: ['configmaps'], resourceNames: ['leader'] }] },
      ],
    },
  });
});

test('a missing group means the core group', () => {
  const r = parsePolicy(`${HEAD}rules:\n  - level: Metadata\n    resources:\n      - resources: [pods]\n`);
  expect(r.ok && r.policy.rules[0].resources).toEqual([{ group: '', resources: ['pods'] }]);
});

test.each<[string, string, number, RegExp]>([
  ['unknown level, with its line', `${HEAD}rules:\n  - level: Metadata\n  - level: Everything\n`, 5, /unknown level "Everything"/],
  ['missing level', `${HEAD}rules:\n  - verbs: [get]\n`, 4, /level is required/],
  ['unknown stage', `${HEAD}omitStages: [RequestRecieved]\nrules:\n  - level: None\n`, 3, /unknown stage "RequestRecieved"/],
  ['wrong apiVersion', 'apiVersion: audit.k8s.io/v1beta1\nkind: Policy\nrules:\n  - level: None\n', 1, /apiVersion must be audit.k8s.io\/v1/],
  ['wrong kind', 'apiVersion: audit.k8s.io/v1\nkind: AuditPolicy\nrules:\n  - level: None\n', 2, /kind must be Policy/],
  ['no rules', `${HEAD}rules: []\n`, 3, /non-empty list/],
  ['typo in a field name', `${HEAD}rules:\n  - level: None\n    namespace: [default]\n`, 5, /unknown field "namespace"/],
  ['resources and nonResourceURLs together', `${HEAD}rules:\n  - level: None\n    resources: [{group: ""}]\n    nonResourceURLs: ["/metrics"]\n`, 6, /cannot apply to both/],
  ['wildcard in the middle of a URL', `${HEAD}rules:\n  - level: None\n    nonResourceURLs: ["/api/*/x"]\n`, 5, /only as the final character/],
  ['URL without a leading slash', `${HEAD}rules:\n  - level: None\n    nonResourceURLs: ["healthz"]\n`, 5, /must begin with "\/"/],
  ['group with a version', `${HEAD}rules:\n  - level: None\n    resources:\n      - group: apps/v1\n`, 6, /must not contain "\/"/],
  ['resourceNames without resources', `${HEAD}rules:\n  - level: None\n    resources:\n      - group: ""\n        resourceNames: [x]\n`, 7, /requires at least one resource/],
  ['a list that is a string', `${HEAD}rules:\n  - level: None\n    verbs: get\n`, 5, /list of strings/],
  ['invalid YAML', `${HEAD}rules:\n  - level: None\n   verbs: [get\n`, 0, /^YAML: /],
])('reports %s', (_name, text, line, message) => {
  const errs = errors(text);
  expect(errs.some((e) => message.test(e.message))).toBe(true);
  if (line > 0) {
    expect(errs.find((e) => message.test(e.message))?.line).toBe(line);
  }
});

test('reports every problem, not just the first', () => {
  const errs = errors(`${HEAD}rules:\n  - level: Loud\n  - level: None\n    verbs: 3\n`);
  expect(errs.map((e) => e.path)).toEqual(['rules[0].level', 'rules[1].verbs']);
});

test('never throws on arbitrary text', () => {
  for (const text of ['', '---', '[1,2]', 'rules: !!binary abc', '{{', '\u0000']) {
    expect(() => parsePolicy(text)).not.toThrow();
    expect(parsePolicy(text).ok).toBe(false);
  }
});

test('serializePolicy round-trips with comments', () => {
  const policy: Policy = {
    omitStages: ['RequestReceived'],
    rules: [
      { level: 'Request', verbs: ['create'], resources: [{ group: 'apps', resources: ['deployments'] }] },
      { level: 'None', nonResourceURLs: ['/healthz*'] },
    ],
  };
  const text = serializePolicy(policy, { header: 'Proposed policy', rules: ['Workload writes', undefined] });
  expect(text).toContain('# Proposed policy');
  expect(text).toContain('# Workload writes');
  expect(parsePolicy(text)).toEqual({ ok: true, policy });
});
