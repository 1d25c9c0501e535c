/**
 * A human's kubectl features that reach past RBAC's usual checks: port-forward to a
 * database, `kubectl debug` with an ephemeral container, the kubelet API through
 * nodes/proxy, impersonation of an admin, and deleting a namespace's events.
 */
import { emitAudit } from '../emit';
import { AuditRequest } from '../formats/audit';
import type { SimEvent } from '../types';
import { ATTACKER, attackerRequest, compromisedPod, entitiesOf, Scenario, ScenarioContext, sec } from './common';

/** Streaming subresources: the 101 upgrade is logged when the stream opens, and again when it closes. */
const SESSION_STAGES: AuditRequest['stages'] = ['RequestReceived', 'ResponseStarted', 'ResponseComplete'];

function many(ctx: ScenarioContext, id: string, reqs: AuditRequest[]): SimEvent[] {
  return reqs.flatMap((r) => emitAudit(ctx.cluster, ctx.rng, r, id));
}

export const portForward: Scenario = {
  id: 'port-forward',
  description: 'A human forwards local port 5432 to the payments ledger pod (kubectl port-forward), past its NetworkPolicy.',
  detections: ['k8s-port-forward'],
  spanMs: 95_000,
  run(ctx) {
    const pod = ctx.cluster.pods.find((p) => p.owner === 'ledger')!;
    const ref = { resource: 'pods', namespace: pod.namespace, name: pod.name, apiVersion: 'v1' };
    const events = many(ctx, this.id, [
      attackerRequest(ctx.atUs, { verb: 'get', code: 200, level: 'Metadata', objectRef: ref, stages: ['ResponseComplete'] }),
      // kubectl 1.29 opens a SPDY stream with a POST (ports travel in stream headers); it stays open until Ctrl-C.
      attackerRequest(ctx.atUs + sec(0.4), { verb: 'create', code: 101, level: 'Metadata', objectRef: { ...ref, subresource: 'portforward' }, stages: SESSION_STAGES, sessionUs: sec(90) }),
    ]);
    return { events, entities: { ...entitiesOf(pod), user: ATTACKER.username } };
  },
};

export const ephemeralDebug: Scenario = {
  id: 'ephemeral-debug',
  description: 'A human runs `kubectl debug -it --image=busybox --target=frontend` on the shop frontend pod: an ephemeral container joins its process namespace and kubectl attaches to it.',
  detections: ['k8s-ephemeral-container', 'k8s-attach-to-pod'],
  spanMs: 10_000,
  run(ctx) {
    const pod = compromisedPod(ctx.cluster);
    const ref = { resource: 'pods', namespace: pod.namespace, name: pod.name, apiVersion: 'v1' };
    const debugger_ = `debugger-${ctx.rng.chars(5, 'bcdfghjklmnpqrstvwxz2456789')}`;
    const patch = { spec: { ephemeralContainers: [{ name: debugger_, image: 'busybox:1.36', stdin: true, tty: true, targetContainerName: pod.container, resources: {}, terminationMessagePolicy: 'File', imagePullPolicy: 'IfNotPresent' }] } };
    const events = many(ctx, this.id, [
      attackerRequest(ctx.atUs, { verb: 'get', code: 200, level: 'Metadata', objectRef: ref, stages: ['ResponseComplete'] }),
      attackerRequest(ctx.atUs + sec(0.3), { verb: 'patch', code: 200, objectRef: { ...ref, subresource: 'ephemeralcontainers' }, requestObject: patch }),
      attackerRequest(ctx.atUs + sec(3.2), { verb: 'create', code: 101, level: 'Metadata', objectRef: { ...ref, subresource: 'attach' }, query: `?container=${debugger_}&stdin=true&stdout=true&tty=true`, stages: SESSION_STAGES }),
    ]);
    return { events, entities: { ...entitiesOf(pod), user: ATTACKER.username } };
  },
};

export const nodesProxy: Scenario = {
  id: 'nodes-proxy',
  description: "A human reads a worker's kubelet API through the API server (`kubectl get --raw /api/v1/nodes/<node>/proxy/...`): its pod list and configuration.",
  detections: ['k8s-nodes-proxy'],
  spanMs: 10_000,
  run(ctx) {
    const node = ctx.cluster.nodes.find((n) => n.role === 'worker')!;
    const ref = { resource: 'nodes', name: node.name, apiVersion: 'v1', subresource: 'proxy' };
    const events = many(ctx, this.id, ['pods', 'configz', 'runningpods/'].map((path, i) =>
      attackerRequest(ctx.atUs + sec(i * 3), { verb: 'get', code: 200, level: 'Metadata', objectRef: ref, requestURI: `/api/v1/nodes/${node.name}/proxy/${path}`, stages: ['ResponseComplete'] })));
    return { events, entities: { node: node.name, user: ATTACKER.username } };
  },
};

export const impersonation: Scenario = {
  id: 'impersonation',
  description: 'A human lists nodes and cluster role bindings as kubernetes-admin in system:masters (`kubectl --as --as-group`).',
  detections: ['k8s-impersonation'],
  spanMs: 10_000,
  run(ctx) {
    const as = { username: 'kubernetes-admin', groups: ['system:masters'] };
    const reason = 'RBAC: allowed by ClusterRoleBinding "contractors-impersonate" of ClusterRole "impersonator" to Group "oidc:contractors"';
    const events = many(ctx, this.id, [
      attackerRequest(ctx.atUs, { verb: 'list', code: 200, level: 'Metadata', impersonatedUser: as, reason, objectRef: { resource: 'nodes', apiVersion: 'v1' }, query: '?limit=500', stages: ['ResponseComplete'] }),
      attackerRequest(ctx.atUs + sec(4), { verb: 'list', code: 200, level: 'Metadata', impersonatedUser: as, reason, objectRef: { resource: 'clusterrolebindings', apiGroup: 'rbac.authorization.k8s.io', apiVersion: 'v1' }, query: '?limit=500', stages: ['ResponseComplete'] }),
    ]);
    return { events, entities: { user: ATTACKER.username, impersonated: as.username } };
  },
};

export const eventsDeleted: Scenario = {
  id: 'events-deleted',
  description: "A human lists the shop namespace's events and deletes them one by one (`kubectl delete events --all -n shop`).",
  detections: ['k8s-events-deleted'],
  spanMs: 10_000,
  run(ctx) {
    const pod = compromisedPod(ctx.cluster);
    const ref = { resource: 'events', namespace: pod.namespace, apiVersion: 'v1' };
    const names = Array.from({ length: 5 }, () => `${pod.name}.${ctx.rng.hex(16)}`);
    const events = many(ctx, this.id, [
      attackerRequest(ctx.atUs, { verb: 'list', code: 200, level: 'Metadata', objectRef: ref, query: '?limit=500', stages: ['ResponseComplete'] }),
      ...names.map((name, i) => attackerRequest(ctx.atUs + sec(1 + i * 0.2), { verb: 'delete', code: 200, level: 'Metadata', objectRef: { ...ref, name }, stages: ['ResponseComplete'] })),
    ]);
    return { events, entities: { namespace: pod.namespace, pod: pod.name, user: ATTACKER.username } };
  },
};
