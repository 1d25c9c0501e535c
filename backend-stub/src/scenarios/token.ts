/**
 * A stolen ServiceAccount token used from inside the compromised frontend pod: curl reads
 * the mounted token and asks the API server what it may do, then probes secrets, pods and
 * nodes. Falco sees each connection to the API server; the audit log sees the account.
 */
import { emitAudit, emitFalco } from '../emit';
import { AuditRequest, AuditUser } from '../formats/audit';
import type { SimEvent } from '../types';
import { compromisedPod, entitiesOf, Scenario, sec } from './common';

const API_VIP = '10.96.0.1';

export const stolenToken: Scenario = {
  id: 'stolen-token',
  description: "Inside the compromised frontend pod, curl uses the pod's ServiceAccount token: a rules review, then secrets, pods and nodes, all refused.",
  detections: ['falco-k8s-api-from-container', 'k8s-self-subject-review', 'k8s-serviceaccount-denied', 'k8s-secret-access-forbidden'],
  spanMs: 20_000,
  run(ctx) {
    const { cluster: c, rng } = ctx;
    const pod = compromisedPod(c);
    const sa: AuditUser = {
      username: `system:serviceaccount:${pod.namespace}:${pod.owner}`,
      groups: ['system:serviceaccounts', `system:serviceaccounts:${pod.namespace}`, 'system:authenticated'],
      extra: { 'authentication.kubernetes.io/pod-name': [pod.name], 'authentication.kubernetes.io/node-name': [pod.node] },
    };
    const base = { level: 'Metadata' as const, user: sa, sourceIP: pod.ip, userAgent: 'curl/8.5.0' };
    const probes: Array<{ path: string; req: Omit<AuditRequest, 'atUs' | 'level' | 'user' | 'sourceIP' | 'userAgent'> }> = [
      { path: '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', req: { verb: 'create', code: 201, objectRef: { resource: 'selfsubjectrulesreviews', apiGroup: 'authorization.k8s.io', apiVersion: 'v1' } } },
      { path: `/api/v1/namespaces/${pod.namespace}/secrets`, req: { verb: 'list', code: 403, objectRef: { resource: 'secrets', namespace: pod.namespace, apiVersion: 'v1' } } },
      { path: '/api/v1/namespaces/kube-system/pods', req: { verb: 'list', code: 403, objectRef: { resource: 'pods', namespace: 'kube-system', apiVersion: 'v1' } } },
      { path: '/api/v1/nodes', req: { verb: 'list', code: 403, objectRef: { resource: 'nodes', apiVersion: 'v1' } } },
    ];
    const [repo, tag] = pod.image.split(/:(?=[^:]+$)/);
    const events: SimEvent[] = [];
    probes.forEach(({ path, req }, i) => {
      const at = ctx.atUs + sec(i * 5);
      events.push(emitFalco(c, rng, at, {
        node: pod.node, rule: 'Contact K8S API Server From Container', priority: 'Notice', source: 'syscall', namespace: pod.namespace, pod: pod.name,
        tags: ['T1565', 'container', 'k8s', 'maturity_stable', 'mitre_discovery', 'network'],
        message: 'Unexpected connection to K8s API Server from container',
        fields: {
          'evt.type': 'connect', 'user.name': 'root', 'user.uid': 0, 'proc.exepath': '/usr/bin/curl', 'proc.pname': 'sh',
          'proc.cmdline': `curl -sk -H Authorization: Bearer $(cat /var/run/secrets/kubernetes.io/serviceaccount/token) https://${API_VIP}${path}`,
          'fd.name': `${pod.ip}:${rng.int(32768, 60999)}->${API_VIP}:443`, 'container.id': rng.hex(12), 'container.image.repository': repo, 'container.image.tag': tag,
          'container.name': pod.container, 'k8s.ns.name': pod.namespace, 'k8s.pod.name': pod.name,
        },
      }, this.id));
      events.push(...emitAudit(c, rng, { ...base, ...req, requestURI: path, atUs: at + sec(0.05), stages: ['ResponseComplete'] }, this.id));
    });
    return { events, entities: { ...entitiesOf(pod), user: sa.username } };
  },
};
