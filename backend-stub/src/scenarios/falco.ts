/**
 * Falco alerts at Warning and above on the compromised frontend pod.
 */
import { emitFalco } from '../emit';
import type { FalcoPriority, SimEvent } from '../types';
import { compromisedPod, entitiesOf, Scenario, sec } from './common';

const ALERTS: Array<{ rule: string; priority: FalcoPriority; message: string; tags: string[]; cmd: string; file?: string }> = [
  { rule: 'Read sensitive file untrusted', priority: 'Warning', message: 'Sensitive file opened for reading by non-trusted program', tags: ['T1555', 'container', 'filesystem', 'host', 'maturity_stable', 'mitre_credential_access'], cmd: 'cat /etc/shadow', file: '/etc/shadow' },
  { rule: 'Write below etc', priority: 'Error', message: 'File below /etc opened for writing', tags: ['T1098', 'filesystem', 'maturity_stable', 'mitre_persistence'], cmd: 'sh -c echo x >> /etc/ld.so.preload', file: '/etc/ld.so.preload' },
  { rule: 'Drop and execute new binary in container', priority: 'Critical', message: 'Executing binary not part of base image', tags: ['PCI_DSS_11.5.1', 'TA0003', 'container', 'maturity_stable', 'mitre_persistence', 'process'], cmd: '/tmp/.x/kworker -o 203.0.113.50:3333' },
];

export const falcoCritical: Scenario = {
  id: 'falco-critical',
  description: 'Falco raises Warning, Error and Critical alerts in the compromised frontend pod.',
  detections: ['falco-alert', 'falco-sensitive-file-read', 'falco-drift-binary'],
  spanMs: 20_000,
  run(ctx) {
    const { cluster: c, rng } = ctx;
    const pod = compromisedPod(c);
    const [repo, tag] = pod.image.split(/:(?=[^:]+$)/);
    const events: SimEvent[] = ALERTS.map((a, i) =>
      emitFalco(c, rng, ctx.atUs + sec(i * 5), {
        node: pod.node, rule: a.rule, priority: a.priority, source: 'syscall', tags: a.tags, namespace: pod.namespace, pod: pod.name, message: a.message, oldStyle: i === 1,
        fields: {
          'evt.type': a.file ? 'openat' : 'execve', 'user.name': 'root', 'user.uid': 0, 'proc.cmdline': a.cmd, 'proc.pname': 'sh', ...(a.file ? { 'fd.name': a.file } : {}),
          'container.id': rng.hex(12), 'container.image.repository': repo, 'container.image.tag': tag, 'container.name': pod.container, 'k8s.ns.name': pod.namespace, 'k8s.pod.name': pod.name,
        },
      }, this.id));
    return { events, entities: entitiesOf(pod) };
  },
};
