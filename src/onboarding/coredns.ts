/** CoreDNS onboarding: the `log` plugin in the Corefile. */
import type { Guide } from './types';

// The stock kubeadm Corefile with `log` added; the default format is the one Vigil parses.
const COREFILE = `.:53 {
    errors
    log
    health {
        lameduck 5s
    }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
        pods insecure
        fallthrough in-addr.arpa ip6.arpa
        ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
        max_concurrent 1000
    }
    cache 30
    loop
    reload
    loadbalance
}
`;

const indent = (text: string, by: string) =>
  text
    .split('\n')
    .map((l) => (l === '' ? l : by + l))
    .join('\n');

const CONFIGMAP = `apiVersion: v1
kind: ConfigMap
metadata:
  name: coredns
  namespace: kube-system
data:
  Corefile: |
${indent(COREFILE, '    ')}`;

const APPLY = `kubectl -n kube-system edit configmap coredns   # add "log" to the server block
kubectl -n kube-system logs deploy/coredns --tail=5     # lines like: [INFO] 10.244.1.7:41234 - 1234 "A IN example.com. udp ..."
`;

export const COREDNS_GUIDE: Guide = {
  id: 'coredns',
  title: 'CoreDNS query log',
  summary:
    "CoreDNS logs one line per query once its `log` plugin is on. Vigil reads those lines from CoreDNS's container log to see which pod asked for which name, and the answer code.",
  sections: [
    {
      title: 'Corefile',
      text: "Add `log` (no arguments, the default format) to the server block that answers cluster queries. The `reload` plugin picks the change up within a couple of minutes; no restart is needed. Every query becomes a line, so expect roughly one line per DNS lookup in the cluster.",
      snippets: [
        { id: 'coredns-corefile', title: 'Corefile with the log plugin', syntax: 'corefile', kind: 'command', target: 'Corefile', code: COREFILE },
        {
          id: 'coredns-configmap',
          title: 'The coredns ConfigMap',
          syntax: 'yaml',
          kind: 'kubernetes-object',
          target: 'kube-system/coredns ConfigMap',
          code: CONFIGMAP,
        },
      ],
    },
    {
      title: 'Check it',
      text: 'Query lines appear in the CoreDNS Pods\' logs. Managed clusters may run CoreDNS under another name (EKS: the coredns add-on, same ConfigMap; GKE uses kube-dns by default, which has no query log, unless Cloud DNS or a CoreDNS deployment replaces it).',
      snippets: [{ id: 'coredns-check', title: 'Edit and check', syntax: 'shell', kind: 'command', code: APPLY }],
    },
  ],
};
