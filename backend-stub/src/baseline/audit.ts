/**
 * Benign audit traffic: kubelets and controllers list/watch/update, humans read and deploy
 * into application namespaces, the CI service account execs a health probe, load balancers
 * probe /healthz anonymously. None of it trips a detection except the CI exec, which the
 * manifest lists as an allowed identity for k8s-exec-into-pod.
 */
import { appPods, Cluster, Pod } from '../cluster';
import { emitAudit } from '../emit';
import { AuditRequest, AuditUser, execQuery, rbacReason } from '../formats/audit';
import { configMapObject, podObject, serviceObject } from '../objects';
import { Rng } from '../prng';
import type { SimEvent } from '../types';

const K8S = 'v1.31.2';
const KUBECTL = `kubectl/${K8S} (linux/amd64) kubernetes/5864a46`;
const LB_IP = '10.0.0.2';
const CONTROLLERS = ['replicaset-controller', 'deployment-controller', 'endpointslice-controller', 'namespace-controller', 'daemon-set-controller', 'job-controller'];
const WATCHED = ['pods', 'endpoints', 'services', 'configmaps', 'secrets', 'nodes', 'namespaces'];

function nodeUser(node: string): AuditUser {
  return { username: `system:node:${node}`, groups: ['system:nodes', 'system:authenticated'] };
}

function controllerUser(rng: Rng): AuditUser {
  const sa = rng.pick(CONTROLLERS);
  return { username: `system:serviceaccount:kube-system:${sa}`, uid: `4c1e${sa.length}a2d-7d1c-4b55-9e0f-0c5d2f6a1b${sa.length}0`, groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'] };
}

function humanUser(c: Cluster, rng: Rng): AuditUser {
  const username = rng.pick(c.humans);
  const groups = username === 'kubernetes-admin' ? ['kubeadm:cluster-admins', 'system:authenticated'] : ['oidc:engineering', 'system:authenticated'];
  return { username, groups };
}

function coreRef(resource: string, namespace?: string, name?: string, subresource?: string): AuditRequest['objectRef'] {
  return { resource, namespace, name, apiVersion: 'v1', ...(subresource ? { subresource } : {}) };
}

function appsRef(resource: string, namespace: string, name?: string): AuditRequest['objectRef'] {
  return { resource, namespace, name, apiGroup: 'apps', apiVersion: 'v1' };
}

type Maker = (c: Cluster, rng: Rng, atUs: number) => AuditRequest;

const leaseUpdate: Maker = (c, rng, atUs) => {
  const node = rng.pick(c.nodes).name;
  return {
    atUs, level: 'Metadata', verb: 'update', user: nodeUser(node), sourceIP: c.nodes.find((n) => n.name === node)!.ip,
    userAgent: `kubelet/${K8S} (linux/amd64) kubernetes/5864a46`, code: 200,
    objectRef: { resource: 'leases', namespace: 'kube-node-lease', name: node, apiGroup: 'coordination.k8s.io', apiVersion: 'v1' },
    reason: '',
  };
};

const controllerWatch: Maker = (c, rng, atUs) => {
  const user = controllerUser(rng);
  return {
    atUs, level: 'Metadata', verb: 'watch', user, sourceIP: c.apiServerIp, userAgent: `kube-controller-manager/${K8S} (linux/amd64) kubernetes/5864a46/${user.username.split(':').pop()}`,
    code: 200, objectRef: coreRef(rng.pick(WATCHED)), stages: ['ResponseStarted', 'ResponseComplete'],
    query: `?allowWatchBookmarks=true&resourceVersion=${rng.int(100000, 999999)}&timeout=${rng.int(5, 9)}m${rng.int(0, 59)}s&timeoutSeconds=${rng.int(300, 599)}&watch=true`,
    reason: rbacReason('system:controller:' + user.username.split(':').pop(), 'system:controller:' + user.username.split(':').pop(), 'User', user.username),
  };
};

const controllerList: Maker = (c, rng, atUs) => ({
  ...controllerWatch(c, rng, atUs), verb: 'list', stages: undefined, query: `?limit=500&resourceVersion=0`,
});

const kubeletGet: Maker = (c, rng, atUs) => {
  const pod = rng.pick(appPods(c));
  const resource = rng.pick(['configmaps', 'secrets', 'pods']);
  const name = resource === 'pods' ? pod.name : resource === 'secrets' ? `${pod.owner}-tls` : 'kube-root-ca.crt';
  return {
    atUs, level: 'Metadata', verb: 'get', user: nodeUser(pod.node), sourceIP: c.nodes.find((n) => n.name === pod.node)!.ip,
    userAgent: `kubelet/${K8S} (linux/amd64) kubernetes/5864a46`, code: 200, objectRef: coreRef(resource, pod.namespace, name), reason: '',
  };
};

const podStatus: Maker = (c, rng, atUs) => {
  const pod = rng.pick(appPods(c));
  return {
    atUs, level: 'Request', verb: 'patch', user: nodeUser(pod.node), sourceIP: c.nodes.find((n) => n.name === pod.node)!.ip,
    userAgent: `kubelet/${K8S} (linux/amd64) kubernetes/5864a46`, code: 200, objectRef: coreRef('pods', pod.namespace, pod.name, 'status'),
    requestObject: { status: { conditions: [{ type: 'Ready', status: 'True' }], podIP: pod.ip, podIPs: [{ ip: pod.ip }] } }, reason: '',
  };
};

const controllerCreatesPod: Maker = (c, rng, atUs) => {
  const pod = rng.pick(appPods(c));
  const user: AuditUser = { username: 'system:serviceaccount:kube-system:replicaset-controller', groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'] };
  return {
    atUs, level: 'Request', verb: 'create', user, sourceIP: c.apiServerIp, userAgent: `kube-controller-manager/${K8S} (linux/amd64) kubernetes/5864a46/system:serviceaccount:kube-system:replicaset-controller`,
    code: 201, objectRef: coreRef('pods', pod.namespace), requestObject: podObject(pod.namespace, pod.name, pod.container, pod.image),
    stages: ['RequestReceived', 'ResponseComplete'], reason: rbacReason('system:controller:replicaset-controller', 'system:controller:replicaset-controller', 'User', user.username),
  };
};

const prometheusScrape: Maker = (c, rng, atUs) => ({
  atUs, level: 'Metadata', verb: 'list', code: 200, sourceIP: c.pods.find((p) => p.owner === 'prometheus')!.ip,
  user: { username: 'system:serviceaccount:monitoring:prometheus', groups: ['system:serviceaccounts', 'system:serviceaccounts:monitoring', 'system:authenticated'] },
  userAgent: 'prometheus/2.53.0', objectRef: coreRef(rng.pick(['pods', 'endpoints', 'services', 'nodes'])), query: '?limit=500&resourceVersion=0',
  reason: rbacReason('prometheus', 'prometheus', 'ServiceAccount', 'monitoring/prometheus'),
});

const humanRead: Maker = (c, rng, atUs) => {
  const ns = rng.pick(c.appNamespaces);
  const [resource, isApps] = rng.pick([['pods', false], ['deployments', true], ['services', false], ['events', false], ['configmaps', false]] as const);
  const user = humanUser(c, rng);
  const pod = rng.pick(appPods(c));
  const logs = rng.chance(0.2);
  return {
    atUs, level: 'Metadata', verb: logs ? 'get' : 'list', user, sourceIP: rng.pick(c.officeIps), userAgent: KUBECTL, code: 200,
    objectRef: logs ? coreRef('pods', pod.namespace, pod.name, 'log') : isApps ? appsRef(resource, ns) : coreRef(resource, ns),
    query: logs ? `?container=${pod.container}&tailLines=100` : '?limit=500',
    reason: rbacReason('engineering-view', 'view', 'Group', 'oidc:engineering'),
  };
};

const humanDenied: Maker = (c, rng, atUs) => ({
  atUs, level: 'Metadata', verb: 'list', user: humanUser(c, rng), sourceIP: rng.pick(c.officeIps), userAgent: KUBECTL, code: 403,
  objectRef: coreRef(rng.pick(['nodes', 'persistentvolumes'])),
});

const humanNotFound: Maker = (c, rng, atUs) => ({
  atUs, level: 'Metadata', verb: 'get', user: humanUser(c, rng), sourceIP: rng.pick(c.officeIps), userAgent: KUBECTL, code: 404,
  objectRef: appsRef('deployments', rng.pick(c.appNamespaces), `old-${rng.chars(4, 'abcdefgh')}`), reason: rbacReason('engineering-view', 'view', 'Group', 'oidc:engineering'),
});

function deployPatch(user: AuditUser, ua: string, ip: string, pod: Pod, atUs: number, rng: Rng): AuditRequest {
  const tag = `${rng.int(1, 9)}.${rng.int(0, 40)}.${rng.int(0, 9)}`;
  return {
    atUs, level: 'Request', verb: 'patch', user, sourceIP: ip, userAgent: ua, code: 200, objectRef: appsRef('deployments', pod.namespace, pod.owner),
    requestObject: { spec: { template: { spec: { containers: [{ name: pod.container, image: pod.image.replace(/:[^:]+$/, `:${tag}`) }] } } } },
    stages: ['RequestReceived', 'ResponseComplete'], reason: rbacReason('deployers', 'edit', 'Group', user.groups[0]),
  };
}

const humanDeploy: Maker = (c, rng, atUs) => deployPatch(humanUser(c, rng), KUBECTL, rng.pick(c.officeIps), rng.pick(appPods(c).filter((p) => c.appNamespaces.includes(p.namespace))), atUs, rng);

function ciUser(c: Cluster): AuditUser {
  return { username: c.ciServiceAccount, groups: ['system:serviceaccounts', 'system:serviceaccounts:ci', 'system:authenticated'] };
}

/** Scaling logs the Scale object both ways (RequestResponse); a subresource, so not a workload write. */
const humanScale: Maker = (c, rng, atUs) => {
  const pod = rng.pick(appPods(c).filter((p) => c.appNamespaces.includes(p.namespace)));
  const user = humanUser(c, rng);
  const replicas = rng.int(1, 6);
  const scale = (n: number) => ({ kind: 'Scale', apiVersion: 'autoscaling/v1', metadata: { name: pod.owner, namespace: pod.namespace }, spec: { replicas: n } });
  return {
    atUs, level: 'RequestResponse', verb: 'patch', user, sourceIP: rng.pick(c.officeIps), userAgent: KUBECTL, code: 200,
    objectRef: { ...appsRef('deployments', pod.namespace, pod.owner)!, subresource: 'scale' }, requestObject: { spec: { replicas } }, responseObject: scale(replicas),
    stages: ['RequestReceived', 'ResponseComplete'], reason: rbacReason('deployers', 'edit', 'Group', user.groups[0]),
  };
};

const ciDeploy: Maker = (c, rng, atUs) => deployPatch(ciUser(c), 'kubectl/v1.30.4 (linux/amd64) kubernetes/1a2b3c4', '10.0.0.40', rng.pick(appPods(c).filter((p) => c.appNamespaces.includes(p.namespace))), atUs, rng);

/** CI runs a non-shell probe binary in a pod after each rollout: an allowed exec. */
const ciExec: Maker = (c, rng, atUs) => {
  const pod = rng.pick(appPods(c).filter((p) => c.appNamespaces.includes(p.namespace)));
  return {
    atUs, level: 'Metadata', verb: 'create', user: ciUser(c), sourceIP: '10.0.0.40', userAgent: 'kubectl/v1.30.4 (linux/amd64) kubernetes/1a2b3c4', code: 101,
    objectRef: coreRef('pods', pod.namespace, pod.name, 'exec'), query: execQuery(['/app/healthcheck', '--ready'], pod.container, false),
    stages: ['RequestReceived', 'ResponseStarted', 'ResponseComplete'], reason: rbacReason('ci-deployer', 'ci-deployer', 'ServiceAccount', 'ci/deployer'),
  };
};

const humanConfigMap: Maker = (c, rng, atUs) => {
  const ns = rng.pick(c.appNamespaces);
  const user = humanUser(c, rng);
  return {
    atUs, level: 'Request', verb: 'create', user, sourceIP: rng.pick(c.officeIps), userAgent: KUBECTL, code: 201, objectRef: coreRef('configmaps', ns),
    requestObject: configMapObject(ns, `app-settings-${rng.chars(5, 'abcdefghk')}`, { 'app.yaml': 'log_level: info\nfeature_flags:\n  new_checkout: true\n', LISTEN_PORT: '8080' }),
    stages: ['RequestReceived', 'ResponseComplete'], reason: rbacReason('deployers', 'edit', 'Group', user.groups[0]),
  };
};

const humanService: Maker = (c, rng, atUs) => {
  const pod = rng.pick(appPods(c).filter((p) => c.appNamespaces.includes(p.namespace)));
  const user = humanUser(c, rng);
  return {
    atUs, level: 'Request', verb: 'create', user, sourceIP: rng.pick(c.officeIps), userAgent: KUBECTL, code: 201, objectRef: coreRef('services', pod.namespace),
    requestObject: serviceObject(pod.namespace, pod.owner, 'ClusterIP', 80), stages: ['RequestReceived', 'ResponseComplete'], reason: rbacReason('deployers', 'edit', 'Group', user.groups[0]),
  };
};

const anonymousProbe: Maker = (c, rng, atUs) => ({
  atUs, level: 'Metadata', verb: 'get', user: { username: 'system:anonymous', groups: ['system:unauthenticated'] }, sourceIP: LB_IP,
  userAgent: 'kube-probe/1.31', code: 200, requestURI: rng.pick(['/healthz', '/readyz', '/livez', '/version', '/readyz?verbose']),
  reason: 'RBAC: allowed by ClusterRoleBinding "system:public-info-viewer" of ClusterRole "system:public-info-viewer" to Group "system:unauthenticated"',
});

const anonymousDenied: Maker = (c, rng, atUs) => ({
  atUs, level: 'Metadata', verb: 'list', user: { username: 'system:anonymous', groups: ['system:unauthenticated'] }, sourceIP: rng.pick(c.externalIps),
  userAgent: 'Go-http-client/1.1', code: 403, objectRef: coreRef('pods'), requestURI: '/api/v1/pods',
});

const panic: Maker = (c, rng, atUs) => ({ ...controllerList(c, rng, atUs), stages: ['Panic'], code: 500 });

const MAKERS: ReadonlyArray<readonly [Maker, number]> = [
  [leaseUpdate, 20], [controllerWatch, 14], [controllerList, 8], [kubeletGet, 6], [podStatus, 5], [controllerCreatesPod, 0.6],
  [prometheusScrape, 3], [humanRead, 9], [humanDenied, 0.3], [humanNotFound, 0.3], [humanDeploy, 0.8], [humanScale, 0.3], [ciDeploy, 0.8],
  [ciExec, 0.6], [humanConfigMap, 0.4], [humanService, 0.3], [anonymousProbe, 4], [anonymousDenied, 0.2], [panic, 0.1],
];

/** Generates about `lines` benign audit lines spread over [fromUs, toUs). */
export function baselineAudit(c: Cluster, rng: Rng, fromUs: number, toUs: number, lines: number): SimEvent[] {
  const out: SimEvent[] = [];
  while (out.length < lines) {
    const atUs = fromUs + Math.floor(rng.next() * (toUs - fromUs - 1_000_000));
    const req = rng.weighted(MAKERS)(c, rng, atUs);
    out.push(...emitAudit(c, rng, req));
  }
  return out;
}
