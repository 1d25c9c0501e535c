/**
 * Access scenarios: exec with a shell (and Falco's shell alert on the same pod), attach,
 * anonymous access and exec, and a human reading, being refused and changing secrets.
 */
import { Cluster } from '../cluster';
import { emitAudit, emitFalco } from '../emit';
import { AuditRequest, execQuery } from '../formats/audit';
import type { SimEvent } from '../types';
import { ANONYMOUS, ATTACKER, ATTACKER_IP, attackerRequest, compromisedPod, entitiesOf, Scenario, ScenarioContext, sec } from './common';

const SESSION_STAGES: AuditRequest['stages'] = ['RequestReceived', 'ResponseStarted', 'ResponseComplete'];

function podRef(namespace: string, name: string, subresource?: string): AuditRequest['objectRef'] {
  return { resource: 'pods', namespace, name, apiVersion: 'v1', ...(subresource ? { subresource } : {}) };
}

function secretRef(namespace: string, name?: string): AuditRequest['objectRef'] {
  return { resource: 'secrets', namespace, name, apiVersion: 'v1' };
}

function many(ctx: ScenarioContext, id: string, reqs: AuditRequest[]): SimEvent[] {
  return reqs.flatMap((r) => emitAudit(ctx.cluster, ctx.rng, r, id));
}

export const execShell: Scenario = {
  id: 'exec-shell',
  description: 'A human opens an interactive shell in the shop frontend pod; Falco sees the terminal shell.',
  detections: ['k8s-exec-into-pod', 'k8s-dangerous-exec-command', 'falco-shell-in-container'],
  spanMs: 10_000,
  run(ctx) {
    const c = ctx.cluster;
    const pod = compromisedPod(c);
    const events = many(ctx, this.id, [
      attackerRequest(ctx.atUs, { verb: 'create', code: 101, level: 'Metadata', objectRef: podRef(pod.namespace, pod.name, 'exec'), query: execQuery(['sh'], pod.container, true), stages: SESSION_STAGES }),
    ]);
    const [repo, tag] = pod.image.split(/:(?=[^:]+$)/);
    events.push(emitFalco(c, ctx.rng, ctx.atUs + sec(0.8), {
      node: pod.node, rule: 'Terminal shell in container', priority: 'Notice', source: 'syscall', namespace: pod.namespace, pod: pod.name,
      tags: ['T1059', 'container', 'maturity_stable', 'mitre_execution', 'shell'],
      message: 'A shell was spawned in a container with an attached terminal',
      fields: {
        'evt.type': 'execve', 'user.name': 'root', 'user.uid': 0, 'user.loginuid': -1, 'proc.name': 'sh', 'proc.exepath': '/bin/busybox', 'proc.pname': 'runc',
        'proc.cmdline': 'sh', 'proc.tty': 34816, 'container.id': ctx.rng.hex(12), 'container.image.repository': repo, 'container.image.tag': tag, 'container.name': pod.container,
        'k8s.ns.name': pod.namespace, 'k8s.pod.name': pod.name,
      },
    }, this.id));
    return { events, entities: { ...entitiesOf(pod), user: ATTACKER.username } };
  },
};

export const attach: Scenario = {
  id: 'attach',
  description: 'A human attaches to the running process of the payments ledger pod.',
  detections: ['k8s-attach-to-pod'],
  spanMs: 5_000,
  run(ctx) {
    const pod = ctx.cluster.pods.find((p) => p.owner === 'ledger')!;
    const events = many(ctx, this.id, [
      attackerRequest(ctx.atUs, { verb: 'create', code: 101, level: 'Metadata', objectRef: podRef(pod.namespace, pod.name, 'attach'), query: `?container=${pod.container}&stdin=true&stdout=true&tty=true`, stages: SESSION_STAGES }),
    ]);
    return { events, entities: { ...entitiesOf(pod), user: ATTACKER.username } };
  },
};

function anonymous(c: Cluster, atUs: number, partial: Partial<AuditRequest> & Pick<AuditRequest, 'verb' | 'code'>): AuditRequest {
  return {
    atUs, level: 'Metadata', user: ANONYMOUS, sourceIP: '203.0.113.66', userAgent: 'python-requests/2.31.0',
    reason: 'RBAC: allowed by ClusterRoleBinding "debug-anonymous" of ClusterRole "view" to User "system:anonymous"', ...partial,
  };
}

export const anonymousAccess: Scenario = {
  id: 'anonymous-access',
  description: 'An anonymous client lists pods and configmaps: an RBAC binding grants system:anonymous read access.',
  detections: ['k8s-anonymous-request-allowed'],
  spanMs: 10_000,
  run(ctx) {
    const c = ctx.cluster;
    const events = many(ctx, this.id, [
      anonymous(c, ctx.atUs, { verb: 'list', code: 200, objectRef: { resource: 'pods', apiVersion: 'v1' }, requestURI: '/api/v1/pods?limit=500' }),
      anonymous(c, ctx.atUs + sec(2), { verb: 'list', code: 200, objectRef: { resource: 'configmaps', namespace: 'kube-system', apiVersion: 'v1' }, requestURI: '/api/v1/namespaces/kube-system/configmaps' }),
    ]);
    return { events, entities: { user: ANONYMOUS.username, clientIP: '203.0.113.66' } };
  },
};

export const anonymousExec: Scenario = {
  id: 'anonymous-exec',
  description: 'An anonymous client runs `id` in the legacy web pod through the exec subresource.',
  detections: ['k8s-anonymous-exec', 'k8s-exec-into-pod', 'k8s-anonymous-request-allowed'],
  spanMs: 5_000,
  run(ctx) {
    const pod = ctx.cluster.pods.find((p) => p.owner === 'web-legacy')!;
    const events = many(ctx, this.id, [
      anonymous(ctx.cluster, ctx.atUs, { verb: 'create', code: 101, objectRef: podRef(pod.namespace, pod.name, 'exec'), query: execQuery(['id'], pod.container, false), stages: SESSION_STAGES }),
    ]);
    return { events, entities: { ...entitiesOf(pod), user: ANONYMOUS.username, clientIP: '203.0.113.66' } };
  },
};

export const secretRead: Scenario = {
  id: 'secret-read',
  description: 'A human lists secrets in payments and reads the database credentials.',
  detections: ['k8s-secret-read'],
  spanMs: 5_000,
  run(ctx) {
    const events = many(ctx, this.id, [
      attackerRequest(ctx.atUs, { verb: 'list', code: 200, level: 'Metadata', objectRef: secretRef('payments'), query: '?limit=500', stages: ['ResponseComplete'] }),
      attackerRequest(ctx.atUs + sec(1.5), { verb: 'get', code: 200, level: 'Metadata', objectRef: secretRef('payments', 'db-credentials'), stages: ['ResponseComplete'] }),
    ]);
    return { events, entities: { namespace: 'payments', secret: 'db-credentials', user: ATTACKER.username, clientIP: ATTACKER_IP } };
  },
};

export const secretForbidden: Scenario = {
  id: 'secret-forbidden',
  description: 'A human probes secrets in kube-system and is refused five times.',
  detections: ['k8s-secret-access-forbidden'],
  spanMs: 10_000,
  run(ctx) {
    const names = ['bootstrap-token-abcdef', 'calico-config', 'coredns-token', 'kubeadm-certs', undefined];
    const events = many(ctx, this.id, names.map((name, i) =>
      attackerRequest(ctx.atUs + sec(i * 1.5), { verb: name ? 'get' : 'list', code: 403, level: 'Metadata', objectRef: secretRef('kube-system', name), stages: ['ResponseComplete'] })));
    return { events, entities: { namespace: 'kube-system', user: ATTACKER.username } };
  },
};

export const secretModified: Scenario = {
  id: 'secret-modified',
  description: 'A human patches the payments API keys secret and deletes a shop secret.',
  detections: ['k8s-secret-modified'],
  spanMs: 5_000,
  run(ctx) {
    const events = many(ctx, this.id, [
      attackerRequest(ctx.atUs, { verb: 'patch', code: 200, level: 'Metadata', objectRef: secretRef('payments', 'api-keys') }),
      attackerRequest(ctx.atUs + sec(2), { verb: 'delete', code: 200, level: 'Metadata', objectRef: secretRef('shop', 'frontend-tls') }),
    ]);
    return { events, entities: { namespace: 'payments', secret: 'api-keys', user: ATTACKER.username } };
  },
};
