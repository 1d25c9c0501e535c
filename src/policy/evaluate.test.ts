/** @jest-environment node */
import { evaluate, evaluateAttributes, pathMatches, ruleMatches } from './evaluate';
import type { Policy, PolicyRule, RequestAttributes } from './types';

function req(over: Partial<RequestAttributes> = {}): RequestAttributes {
  return {
    username: 'alice',
    groups: ['oidc:engineering', 'system:authenticated'],
    verb: 'get',
    resourceRequest: true,
    apiGroup: '',
    resource: 'pods',
    subresource: '',
    namespace: 'default',
    name: 'web-1',
    path: '/api/v1/namespaces/default/pods/web-1',
    ...over,
  };
}

const nonResource = (path: string, over: Partial<RequestAttributes> = {}) =>
  req({ resourceRequest: false, apiGroup: '', resource: '', namespace: '', name: '', path, ...over });

describe('ruleMatches: each field', () => {
  const cases: Array<[string, PolicyRule, RequestAttributes, boolean]> = [
    ['empty rule matches a resource request', { level: 'Metadata' }, req(), true],
    ['empty rule matches a non-resource request', { level: 'Metadata' }, nonResource('/healthz'), true],
    ['users: listed user', { level: 'Metadata', users: ['alice'] }, req(), true],
    ['users: other user', { level: 'Metadata', users: ['bob'] }, req(), false],
    ['userGroups: any one group is enough', { level: 'Metadata', userGroups: ['system:nodes', 'system:authenticated'] }, req(), true],
    ['userGroups: no shared group', { level: 'Metadata', userGroups: ['system:nodes'] }, req(), false],
    ['users and userGroups intersect', { level: 'Metadata', users: ['alice'], userGroups: ['system:nodes'] }, req(), false],
    ['verbs: listed', { level: 'Metadata', verbs: ['get', 'list'] }, req(), true],
    ['verbs: not listed', { level: 'Metadata', verbs: ['watch'] }, req(), false],
    ['resources: core group ""', { level: 'Metadata', resources: [{ group: '', resources: ['pods'] }] }, req(), true],
    ['resources: wrong group', { level: 'Metadata', resources: [{ group: 'apps', resources: ['pods'] }] }, req(), false],
    ['resources: group with no resources matches all of the group', { level: 'Metadata', resources: [{ group: '' }] }, req({ resource: 'secrets' }), true],
    ['resources: "pods" does not match pods/exec', { level: 'Metadata', resources: [{ group: '', resources: ['pods'] }] }, req({ subresource: 'exec' }), false],
    ['resources: "pods/exec" matches the exec subresource', { level: 'Metadata', resources: [{ group: '', resources: ['pods/exec'] }] }, req({ subresource: 'exec' }), true],
    ['resources: "pods/exec" does not match pods', { level: 'Metadata', resources: [{ group: '', resources: ['pods/exec'] }] }, req(), false],
    ['resources: "pods/*" matches any pods subresource', { level: 'Metadata', resources: [{ group: '', resources: ['pods/*'] }] }, req({ subresource: 'log' }), true],
    ['resources: "pods/*" also matches pods itself (upstream checker)', { level: 'Metadata', resources: [{ group: '', resources: ['pods/*'] }] }, req(), true],
    ['resources: "pods/*" does not match services', { level: 'Metadata', resources: [{ group: '', resources: ['pods/*'] }] }, req({ resource: 'services' }), false],
    ['resources: "*/status" matches status of any resource', { level: 'Metadata', resources: [{ group: 'apps', resources: ['*/status'] }] }, req({ apiGroup: 'apps', resource: 'deployments', subresource: 'status' }), true],
    ['resources: "*/status" does not match the resource itself', { level: 'Metadata', resources: [{ group: '', resources: ['*/status'] }] }, req(), false],
    ['resources: "*/scale" does not match status', { level: 'Metadata', resources: [{ group: '', resources: ['*/scale'] }] }, req({ subresource: 'status' }), false],
    ['resources: "*" matches resources and subresources', { level: 'Metadata', resources: [{ group: '', resources: ['*'] }] }, req({ subresource: 'exec' }), true],
    ['resources: a second entry can match', { level: 'Metadata', resources: [{ group: 'apps' }, { group: '', resources: ['pods'] }] }, req(), true],
    ['resourceNames: listed name', { level: 'None', resources: [{ group: '', resources: ['configmaps'], resourceNames: ['controller-leader'] }] }, req({ resource: 'configmaps', name: 'controller-leader' }), true],
    ['resourceNames: other name', { level: 'None', resources: [{ group: '', resources: ['configmaps'], resourceNames: ['controller-leader'] }] }, req({ resource: 'configmaps', name: 'app-config' }), false],
    ['resourceNames: a create has no name yet', { level: 'None', resources: [{ group: '', resources: ['configmaps'], resourceNames: ['x'] }] }, req({ resource: 'configmaps', name: '', verb: 'create' }), false],
    ['namespaces: listed', { level: 'Metadata', namespaces: ['default'] }, req(), true],
    ['namespaces: not listed', { level: 'Metadata', namespaces: ['kube-system'] }, req(), false],
    ['namespaces: "" matches cluster-scoped resources', { level: 'Metadata', namespaces: [''] }, req({ resource: 'nodes', namespace: '' }), true],
    ['namespaces: "" does not match a namespaced request', { level: 'Metadata', namespaces: [''] }, req(), false],
    ['namespaces: never match non-resource requests', { level: 'Metadata', namespaces: [''] }, nonResource('/metrics'), false],
    ['resources: never match non-resource requests', { level: 'Metadata', resources: [{ group: '' }] }, nonResource('/metrics'), false],
    ['namespaces and resources intersect', { level: 'Metadata', namespaces: ['kube-system'], resources: [{ group: '', resources: ['pods'] }] }, req(), false],
    ['nonResourceURLs: exact', { level: 'None', nonResourceURLs: ['/version'] }, nonResource('/version'), true],
    ['nonResourceURLs: exact does not match a sub-path', { level: 'None', nonResourceURLs: ['/version'] }, nonResource('/version/x'), false],
    ['nonResourceURLs: "*" suffix matches by prefix', { level: 'None', nonResourceURLs: ['/healthz*'] }, nonResource('/healthz/etcd'), true],
    ['nonResourceURLs: "*" suffix is a plain prefix (not path-segment aware)', { level: 'None', nonResourceURLs: ['/api*'] }, nonResource('/apis'), true],
    ['nonResourceURLs: "*" alone matches every path', { level: 'None', nonResourceURLs: ['*'] }, nonResource('/openapi/v2'), true],
    ['nonResourceURLs: never match resource requests', { level: 'None', nonResourceURLs: ['/api*'] }, req(), false],
  ];
  test.each(cases)('%s', (_name, rule, r, want) => {
    expect(ruleMatches(rule, r)).toBe(want);
  });
});

test('pathMatches only treats a trailing * as a wildcard', () => {
  expect(pathMatches('/healthz', '/healthz*')).toBe(true);
  expect(pathMatches('/livez', '/healthz*')).toBe(false);
});

describe('evaluateAttributes: precedence and stages', () => {
  const policy: Policy = {
    omitStages: ['RequestReceived'],
    rules: [
      { level: 'None', users: ['system:kube-proxy'], verbs: ['watch'] },
      { level: 'Metadata', resources: [{ group: '', resources: ['secrets'] }] },
      { level: 'RequestResponse', resources: [{ group: '', resources: ['pods'] }], omitStages: ['ResponseStarted'] },
      { level: 'Request', resources: [{ group: '' }] },
      { level: 'Metadata', omitManagedFields: false },
    ],
    omitManagedFields: true,
  };

  test.each<[string, RequestAttributes, number, string]>([
    ['first match wins over a later, more specific rule', req({ username: 'system:kube-proxy', verb: 'watch', resource: 'secrets' }), 0, 'None'],
    ['secrets stop at Metadata before the core-group rule', req({ resource: 'secrets' }), 1, 'Metadata'],
    ['pods at RequestResponse', req(), 2, 'RequestResponse'],
    ['pods/log falls through to the core-group rule', req({ subresource: 'log' }), 3, 'Request'],
    ['apps resources fall to the catch-all', req({ apiGroup: 'apps', resource: 'deployments' }), 4, 'Metadata'],
    ['non-resource requests fall to the catch-all', nonResource('/metrics'), 4, 'Metadata'],
  ])('%s', (_n, r, index, level) => {
    const e = evaluateAttributes(policy, r);
    expect(e.ruleIndex).toBe(index);
    expect(e.level).toBe(level);
  });

  test('no matching rule means None with the policy-wide omitStages', () => {
    const e = evaluateAttributes({ rules: [{ level: 'Metadata', verbs: ['delete'] }], omitStages: ['Panic'] }, req());
    expect(e).toEqual({ level: 'None', ruleIndex: -1, omitStages: ['Panic'], stagesLogged: [], omitManagedFields: false });
  });

  test('rule omitStages are unioned with the policy-wide ones', () => {
    const e = evaluateAttributes(policy, req({ verb: 'watch' }));
    expect(e.omitStages.sort()).toEqual(['RequestReceived', 'ResponseStarted']);
    expect(e.stagesLogged).toEqual(['ResponseComplete']);
  });

  test('long-running requests log ResponseStarted unless omitted', () => {
    expect(evaluateAttributes(policy, req({ verb: 'watch', resource: 'configmaps' })).stagesLogged).toEqual(['ResponseStarted', 'ResponseComplete']);
    expect(evaluateAttributes({ rules: [{ level: 'Metadata' }] }, req({ verb: 'create', subresource: 'exec' })).stagesLogged).toEqual([
      'RequestReceived',
      'ResponseStarted',
      'ResponseComplete',
    ]);
    expect(evaluateAttributes({ rules: [{ level: 'Metadata' }] }, req({ verb: 'get' })).stagesLogged).toEqual(['RequestReceived', 'ResponseComplete']);
  });

  test('None logs no stage even when nothing is omitted', () => {
    expect(evaluateAttributes({ rules: [{ level: 'None' }] }, req()).stagesLogged).toEqual([]);
  });

  test('a rule omitManagedFields overrides the policy default; unset inherits it', () => {
    expect(evaluateAttributes(policy, req()).omitManagedFields).toBe(true);
    expect(evaluateAttributes(policy, nonResource('/metrics')).omitManagedFields).toBe(false);
  });
});

describe('evaluate on audit Event objects', () => {
  const execEvent = {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    stage: 'ResponseStarted',
    verb: 'create',
    requestURI: '/api/v1/namespaces/shop/pods/web-1/exec?command=sh&container=web',
    user: { username: 'mallory', groups: ['system:authenticated'] },
    objectRef: { resource: 'pods', namespace: 'shop', name: 'web-1', subresource: 'exec', apiVersion: 'v1' },
  };
  const policy: Policy = { rules: [{ level: 'Metadata', resources: [{ group: '', resources: ['pods/exec'] }] }, { level: 'None' }] };

  test('raw object, JSON line and ParsedEvent agree', () => {
    expect(evaluate(policy, execEvent)?.ruleIndex).toBe(0);
    expect(evaluate(policy, JSON.stringify(execEvent))?.ruleIndex).toBe(0);
    expect(evaluate(policy, { source: 'audit', timeMs: 0, fields: {}, line: '', object: execEvent })?.ruleIndex).toBe(0);
  });

  test('non-resource path is matched without its query string', () => {
    const e = { ...execEvent, objectRef: undefined, verb: 'get', requestURI: '/version?timeout=32s' };
    expect(evaluate({ rules: [{ level: 'Request', nonResourceURLs: ['/version'] }] }, e)?.level).toBe('Request');
  });

  test('the authenticated user is matched, not the impersonated one', () => {
    const e = { ...execEvent, impersonatedUser: { username: 'admin', groups: ['system:masters'] } };
    expect(evaluate({ rules: [{ level: 'Request', userGroups: ['system:masters'] }] }, e)?.level).toBe('None');
  });

  test('anything that is not an audit Event gives undefined', () => {
    expect(evaluate(policy, 'not json')).toBeUndefined();
    expect(evaluate(policy, { kind: 'Pod' })).toBeUndefined();
    expect(evaluate(policy, null)).toBeUndefined();
  });
});
