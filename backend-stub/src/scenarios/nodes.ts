/**
 * Node scenarios: a machine outside the node pools joins with a stolen bootstrap token
 * (TLS bootstrap: CSR, automatic approval, Node object), and a kubelet configured with an
 * expired token retrying its registration.
 */
import { emitAudit } from '../emit';
import { AuditRequest, AuditUser } from '../formats/audit';
import { csrObject } from '../objects';
import type { SimEvent } from '../types';
import { Scenario, ScenarioContext, sec } from './common';
import { pemRequest } from './persistence';

const KUBELET_UA = 'kubelet/v1.29.4 (linux/amd64) kubernetes/55019c8';

function many(ctx: ScenarioContext, id: string, reqs: AuditRequest[]): SimEvent[] {
  return reqs.flatMap((r) => emitAudit(ctx.cluster, ctx.rng, r, id));
}

function bootstrapUser(tokenId: string): AuditUser {
  return { username: `system:bootstrap:${tokenId}`, groups: ['system:bootstrappers', 'system:bootstrappers:kubeadm:default-node-token', 'system:authenticated'] };
}

function nodeObject(name: string, ip: string): Record<string, unknown> {
  return {
    kind: 'Node',
    apiVersion: 'v1',
    metadata: { name, labels: { 'kubernetes.io/arch': 'amd64', 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux' } },
    spec: {},
    status: { addresses: [{ type: 'InternalIP', address: ip }, { type: 'Hostname', address: name }] },
  };
}

export const rogueNodeJoined: Scenario = {
  id: 'rogue-node-joined',
  description: 'A machine named outside the node pools joins with a stolen bootstrap token: its CSR is approved automatically and it registers a Node.',
  detections: ['k8s-untrusted-node-joined'],
  spanMs: 15_000,
  run(ctx) {
    const name = 'edge-gpu-01';
    const ip = '198.51.100.77';
    const csrName = `node-csr-${ctx.rng.chars(43, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_')}`;
    const csrRef = { resource: 'certificatesigningrequests', name: csrName, apiGroup: 'certificates.k8s.io', apiVersion: 'v1' };
    const approver: AuditUser = { username: 'system:kube-controller-manager', groups: ['system:authenticated'] };
    const node: AuditUser = { username: `system:node:${name}`, groups: ['system:nodes', 'system:authenticated'] };
    const common = { level: 'Request' as const, sourceIP: ip, userAgent: KUBELET_UA };
    const events = many(ctx, this.id, [
      { ...common, atUs: ctx.atUs, verb: 'create', user: bootstrapUser('07401b'), code: 201, objectRef: csrRef, requestObject: csrObject(csrName, pemRequest(ctx.rng), 'kubernetes.io/kube-apiserver-client-kubelet', ['digital signature', 'client auth']) },
      {
        atUs: ctx.atUs + sec(1.1), level: 'Request', verb: 'update', user: approver, sourceIP: ctx.cluster.apiServerIp, userAgent: 'kube-controller-manager/v1.31.2 (linux/amd64) kubernetes/5864a46/system:serviceaccount:kube-system:certificate-controller',
        code: 200, objectRef: { ...csrRef, subresource: 'approval' }, requestObject: { status: { conditions: [{ type: 'Approved', status: 'True', reason: 'AutoApproved', message: 'Auto approving kubelet client certificate after SubjectAccessReview.' }] } },
      },
      { ...common, atUs: ctx.atUs + sec(4), verb: 'create', user: node, code: 201, objectRef: { resource: 'nodes', name, apiVersion: 'v1' }, requestObject: nodeObject(name, ip) },
      { ...common, atUs: ctx.atUs + sec(9), verb: 'patch', user: node, code: 200, objectRef: { resource: 'nodes', name, apiVersion: 'v1', subresource: 'status' }, requestObject: { status: { conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }] } } },
    ]);
    return { events, entities: { node: name, nodeIP: ip, user: node.username } };
  },
};

export const nodeJoinRefused: Scenario = {
  id: 'node-join-refused',
  description: 'A machine presenting an expired bootstrap token tries to register a Node four times and is refused each time.',
  detections: ['k8s-node-join-failed'],
  spanMs: 40_000,
  run(ctx) {
    const user = bootstrapUser('9c2e1f');
    const ip = '203.0.113.140';
    // The kubelet retries with back-off: 0, 7, 14 and 28 s.
    const events = many(ctx, this.id, [0, 7, 14, 28].map((s) => ({
      atUs: ctx.atUs + sec(s), level: 'Metadata' as const, verb: 'create', user, sourceIP: ip, userAgent: KUBELET_UA, code: 403,
      objectRef: { resource: 'nodes', apiVersion: 'v1' },
    })));
    return { events, entities: { nodeIP: ip, user: user.username } };
  },
};
