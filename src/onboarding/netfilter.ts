/** Netfilter onboarding: packet logging by Calico, iptables or nftables. */
import type { Guide } from './types';

// A tier ahead of the default one whose only policy logs, then passes every packet on
// (defaultAction Pass), so the policies that decide are untouched.
const CALICO = `apiVersion: projectcalico.org/v3
kind: Tier
metadata:
  name: vigil-log
spec:
  order: 100
  defaultAction: Pass
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: vigil-log.log-new-connections
spec:
  tier: vigil-log
  order: 10
  selector: all()
  types:
    - Ingress
    - Egress
  ingress:
    - action: Log
  egress:
    - action: Log
`;

const IPTABLES = `# Log the first packet of each new connection routed through the node (pods included).
iptables -I FORWARD 1 -m conntrack --ctstate NEW -m limit --limit 100/second --limit-burst 200 \\
  -j LOG --log-prefix "vigil: " --log-level 4
# And connections the node itself opens.
iptables -I OUTPUT 1 -m conntrack --ctstate NEW -m limit --limit 100/second --limit-burst 200 \\
  -j LOG --log-prefix "vigil: " --log-level 4
`;

const NFTABLES = `table inet vigil {
    chain forward {
        type filter hook forward priority -10; policy accept;
        ct state new limit rate 100/second burst 200 packets log prefix "vigil: " level warn
    }
    chain output {
        type filter hook output priority -10; policy accept;
        ct state new limit rate 100/second burst 200 packets log prefix "vigil: " level warn
    }
}
`;

export const NETFILTER_GUIDE: Guide = {
  id: 'netfilter',
  title: 'Netfilter packet log',
  summary:
    'The kernel writes a line (IN=… OUT=… SRC=… DST=… PROTO=…) for every packet a LOG rule matches. Vigil reads them from kern.log or the journal to see connections: port scans, mining pools, cloud metadata, Tor.',
  sections: [
    {
      title: 'Calico',
      text: 'With Calico, a Log rule writes the kernel line with the prefix calico-packet. Put it in a tier of its own ahead of the default tier: the tier passes every packet on, so your existing policies still decide. Calico evaluates policy on new connections only, so this logs one line per connection. Narrow the selector (for example to namespaces that matter) if the volume is too high.',
      snippets: [{ id: 'netfilter-calico', title: 'Calico Tier and GlobalNetworkPolicy with Log', syntax: 'yaml', kind: 'calico-object', code: CALICO }],
    },
    {
      title: 'iptables',
      text: 'Without Calico, a LOG rule on each node does the same. The limit keeps a flood from filling the disk. Make the rules persistent with your distribution\'s iptables-persistent or a node bootstrap script.',
      snippets: [{ id: 'netfilter-iptables', title: 'iptables LOG rules', syntax: 'shell', kind: 'command', target: 'each node', code: IPTABLES }],
    },
    {
      title: 'nftables',
      text: 'On nftables hosts, load this table with `nft -f vigil.nft` (or include it from /etc/nftables.conf). Its chains only log and accept; the host\'s own tables still filter.',
      snippets: [{ id: 'netfilter-nftables', title: 'nftables log prefix', syntax: 'nftables', kind: 'command', target: '/etc/nftables.d/vigil.nft', code: NFTABLES }],
    },
  ],
};
