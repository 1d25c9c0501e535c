/**
 * RBAC and configuration scenarios: a cluster-admin binding, ClusterRoles granting exec and
 * wildcards, a NodePort service and a ConfigMap carrying cloud credentials.
 */
import { emitAudit } from '../emit';
import { AuditRequest } from '../formats/audit';
import { clusterRoleBindingObject, clusterRoleObject, configMapObject, serviceObject } from '../objects';
import { ATTACKER, attackerRequest, Scenario, ScenarioContext } from './common';

function rbacRef(resource: string): AuditRequest['objectRef'] {
  return { resource, apiGroup: 'rbac.authorization.k8s.io', apiVersion: 'v1' };
}

function one(ctx: ScenarioContext, id: string, req: AuditRequest) {
  return emitAudit(ctx.cluster, ctx.rng, req, id);
}

export const clusterAdminBinding: Scenario = {
  id: 'cluster-admin-binding',
  description: 'A human binds their own user to cluster-admin.',
  detections: ['k8s-cluster-admin-binding'],
  spanMs: 5_000,
  run(ctx) {
    const obj = clusterRoleBindingObject('contractor-admin', 'cluster-admin', { kind: 'User', name: ATTACKER.username });
    const events = one(ctx, this.id, attackerRequest(ctx.atUs, { verb: 'create', code: 201, objectRef: rbacRef('clusterrolebindings'), requestObject: obj }));
    return { events, entities: { binding: 'contractor-admin', user: ATTACKER.username } };
  },
};

export const clusterRoleExec: Scenario = {
  id: 'clusterrole-exec',
  description: 'A human creates a ClusterRole that grants create on pods/exec.',
  detections: ['k8s-clusterrole-with-exec', 'k8s-role-write-privileges'],
  spanMs: 5_000,
  run(ctx) {
    const obj = clusterRoleObject('pod-debugger', [
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] },
      { apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] },
    ]);
    const events = one(ctx, this.id, attackerRequest(ctx.atUs, { verb: 'create', code: 201, objectRef: rbacRef('clusterroles'), requestObject: obj }));
    return { events, entities: { clusterRole: 'pod-debugger', user: ATTACKER.username } };
  },
};

export const clusterRoleWildcard: Scenario = {
  id: 'clusterrole-wildcard',
  description: 'A human creates a ClusterRole with `*` verbs on apps workloads (no pod access, so no exec).',
  detections: ['k8s-privileged-clusterrole', 'k8s-role-write-privileges'],
  spanMs: 5_000,
  run(ctx) {
    const obj = clusterRoleObject('automation-all', [{ apiGroups: ['apps'], resources: ['deployments', 'statefulsets'], verbs: ['*'] }]);
    const events = one(ctx, this.id, attackerRequest(ctx.atUs, { verb: 'create', code: 201, objectRef: rbacRef('clusterroles'), requestObject: obj }));
    return { events, entities: { clusterRole: 'automation-all', user: ATTACKER.username } };
  },
};

export const nodePortService: Scenario = {
  id: 'nodeport-service',
  description: 'A human exposes the shop frontend on a NodePort.',
  detections: ['k8s-service-exposed'],
  spanMs: 5_000,
  run(ctx) {
    const obj = serviceObject('shop', 'frontend-debug', 'NodePort', 80);
    const events = one(ctx, this.id, attackerRequest(ctx.atUs, { verb: 'create', code: 201, objectRef: { resource: 'services', namespace: 'shop', apiVersion: 'v1' }, requestObject: obj }));
    return { events, entities: { namespace: 'shop', service: 'frontend-debug', user: ATTACKER.username } };
  },
};

export const configMapCredentials: Scenario = {
  id: 'configmap-credentials',
  description: 'A human stores AWS access keys (AWS documentation example values) in a ConfigMap.',
  detections: ['k8s-configmap-credentials'],
  spanMs: 5_000,
  run(ctx) {
    const obj = configMapObject('payments', 'billing-export', {
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      AWS_REGION: 'eu-west-1',
    });
    const events = one(ctx, this.id, attackerRequest(ctx.atUs, { verb: 'create', code: 201, objectRef: { resource: 'configmaps', namespace: 'payments', apiVersion: 'v1' }, requestObject: obj }));
    return { events, entities: { namespace: 'payments', configMap: 'billing-export', user: ATTACKER.username } };
  },
};
