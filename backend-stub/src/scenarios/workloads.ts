/**
 * Workload scenarios: dangerous pod specs, a human deploying into kube-system, and the
 * crypto miner whose pod IP is then seen in DNS and netfilter.
 */
import { nodeByName, Pod } from '../cluster';
import { emitAudit, emitDns, emitPacket, macHeader, caliIf } from '../emit';
import { deploymentObject, podObject, PodSpecOpts } from '../objects';
import { attackerRequest, ATTACKER, entitiesOf, Scenario, ScenarioContext, sec } from './common';
import type { SimEvent } from '../types';

function createPod(ctx: ScenarioContext, id: string, namespace: string, name: string, image: string, o: PodSpecOpts): SimEvent[] {
  const req = attackerRequest(ctx.atUs, { verb: 'create', code: 201, objectRef: { resource: 'pods', namespace, apiVersion: 'v1' }, requestObject: podObject(namespace, name, name.split('-')[0], image, o) });
  return emitAudit(ctx.cluster, ctx.rng, req, id);
}

function createDeployment(ctx: ScenarioContext, id: string, atUs: number, namespace: string, name: string, image: string, o: PodSpecOpts): SimEvent[] {
  const req = attackerRequest(atUs, { verb: 'create', code: 201, objectRef: { resource: 'deployments', namespace, apiGroup: 'apps', apiVersion: 'v1' }, requestObject: deploymentObject(namespace, name, image, 1, o) });
  return emitAudit(ctx.cluster, ctx.rng, req, id);
}

export const privilegedHostPath: Scenario = {
  id: 'privileged-hostpath',
  description: 'A human creates a privileged pod that mounts the node root filesystem and the kubelet directory.',
  detections: ['k8s-privileged-container', 'k8s-sensitive-hostpath-mount'],
  spanMs: 5_000,
  run(ctx) {
    const o: PodSpecOpts = { privileged: true, hostPaths: [['host-root', '/', '/host'], ['kubelet', '/var/lib/kubelet', '/kubelet']] };
    return { events: createPod(ctx, this.id, 'default', 'node-debugger', 'docker.io/library/alpine:3.20', o), entities: { namespace: 'default', pod: 'node-debugger', user: ATTACKER.username } };
  },
};

export const hostNamespaces: Scenario = {
  id: 'host-namespaces',
  description: 'A human creates a pod sharing the node network and PID namespaces.',
  detections: ['k8s-host-namespace-pod'],
  spanMs: 5_000,
  run(ctx) {
    return { events: createPod(ctx, this.id, 'default', 'net-debug', 'docker.io/nicolaka/netshoot:v0.13', { hostNetwork: true, hostPID: true }), entities: { namespace: 'default', pod: 'net-debug', user: ATTACKER.username } };
  },
};

export const capabilitiesAdded: Scenario = {
  id: 'capabilities-added',
  description: 'A human deploys a container that adds NET_ADMIN and SYS_PTRACE.',
  detections: ['k8s-capabilities-added'],
  spanMs: 5_000,
  run(ctx) {
    const events = createDeployment(ctx, this.id, ctx.atUs, 'shop', 'packet-capture', 'docker.io/nicolaka/netshoot:v0.13', { capAdd: ['NET_ADMIN', 'SYS_PTRACE'] });
    return { events, entities: { namespace: 'shop', deployment: 'packet-capture', user: ATTACKER.username } };
  },
};

export const kubeSystemWorkload: Scenario = {
  id: 'kube-system-workload',
  description: 'A human creates an otherwise ordinary Deployment in kube-system.',
  detections: ['k8s-kube-namespace-workload'],
  spanMs: 5_000,
  run(ctx) {
    const events = createDeployment(ctx, this.id, ctx.atUs, 'kube-system', 'metrics-helper', 'registry.example.com/tools/metrics-helper:1.0.2', {});
    return { events, entities: { namespace: 'kube-system', deployment: 'metrics-helper', user: ATTACKER.username } };
  },
};

const POOL_DOMAIN = 'pool.supportxmr.com.';
const POOL_IP = '203.0.113.50';

export const cryptoMiner: Scenario = {
  id: 'crypto-miner',
  description: 'A miner image is deployed; its pod resolves a mining pool and connects to stratum ports from the same pod IP.',
  detections: ['k8s-crypto-mining-image', 'dns-mining-pool-query', 'net-mining-pool-port'],
  spanMs: 150_000,
  run(ctx) {
    const { cluster: c, rng } = ctx;
    const node = nodeByName(c, c.nodes[c.nodes.length > 2 ? 2 : 1].name);
    const image = 'docker.io/xmrig/xmrig:6.21.0';
    const pod: Pod = { namespace: 'analytics', name: `data-sync-${rng.chars(10, 'bcdfghjklmnpqrstvwxz2456789')}-${rng.chars(5, 'bcdfghjklmnpqrstvwxz2456789')}`, ip: `${node.podNet}.231`, node: node.name, image, container: 'data', owner: 'data-sync' };
    const events: SimEvent[] = [];
    events.push(...createDeployment(ctx, this.id, ctx.atUs, pod.namespace, 'data-sync', image, {}));
    const controller = { username: 'system:serviceaccount:kube-system:replicaset-controller', groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'] };
    events.push(...emitAudit(c, rng, {
      atUs: ctx.atUs + sec(1.5), level: 'Request', verb: 'create', user: controller, sourceIP: c.apiServerIp, userAgent: 'kube-controller-manager/v1.31.2 (linux/amd64) kubernetes/5864a46/system:serviceaccount:kube-system:replicaset-controller',
      code: 201, objectRef: { resource: 'pods', namespace: pod.namespace, apiVersion: 'v1' }, requestObject: podObject(pod.namespace, pod.name, pod.container, image), stages: ['RequestReceived', 'ResponseComplete'],
    }, this.id));
    events.push(...emitAudit(c, rng, {
      atUs: ctx.atUs + sec(6), level: 'Request', verb: 'patch', user: { username: `system:node:${node.name}`, groups: ['system:nodes', 'system:authenticated'] }, sourceIP: node.ip,
      userAgent: 'kubelet/v1.31.2 (linux/amd64) kubernetes/5864a46', code: 200, objectRef: { resource: 'pods', namespace: pod.namespace, name: pod.name, apiVersion: 'v1', subresource: 'status' },
      requestObject: { status: { phase: 'Running', podIP: pod.ip, podIPs: [{ ip: pod.ip }] } },
    }, this.id));
    for (let i = 0; i < 4; i++) {
      const at = ctx.atUs + sec(20 + i * 30);
      events.push(emitDns(c, rng, at, { clientIp: pod.ip, clientPort: rng.int(32768, 60999), id: rng.int(1, 65535), type: 'A', name: POOL_DOMAIN, proto: 'udp', rcode: 'NOERROR', authoritative: false, answerSize: 86, durationS: rng.int(2_000_000, 30_000_000) / 1e9, doBit: false, bufsize: 1232, combined: false }, this.id));
      for (const dpt of [3333, 14444]) {
        events.push(emitPacket(c, rng, at + sec(0.2) + rng.int(0, 90_000), node.name, {
          prefix: 'calico-packet: ', inIf: caliIf(pod), outIf: 'eth0', mac: macHeader(rng), src: pod.ip, dst: POOL_IP, ttl: 63, id: rng.int(1, 65535), proto: 'TCP', spt: rng.int(32768, 60999), dpt, tcpFlags: 'SYN',
        }, this.id));
      }
    }
    return { events, entities: { ...entitiesOf(pod), domain: POOL_DOMAIN.slice(0, -1), poolIP: POOL_IP, user: ATTACKER.username } };
  },
};
