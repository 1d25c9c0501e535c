/** Audit onboarding: Vigil's recommended Policy, kube-apiserver flags and per-platform notes. */
import { templateById } from '../policy/templates';
import type { Guide } from './types';

/** Where the snippets put the policy and the log on a control-plane node. */
export const AUDIT_POLICY_PATH = '/etc/kubernetes/audit/policy.yaml';
export const AUDIT_LOG_DIR = '/var/log/kubernetes/audit';

const APISERVER_FLAGS = `--audit-policy-file=${AUDIT_POLICY_PATH}
--audit-log-path=${AUDIT_LOG_DIR}/audit.log
--audit-log-format=json
--audit-log-maxage=7
--audit-log-maxbackup=4
--audit-log-maxsize=100
`;

// kubeadm v1beta4 writes extraArgs as a list of name/value pairs.
const KUBEADM = `apiVersion: kubeadm.k8s.io/v1beta4
kind: ClusterConfiguration
apiServer:
  extraArgs:
    - name: audit-policy-file
      value: ${AUDIT_POLICY_PATH}
    - name: audit-log-path
      value: ${AUDIT_LOG_DIR}/audit.log
    - name: audit-log-maxage
      value: "7"
    - name: audit-log-maxbackup
      value: "4"
    - name: audit-log-maxsize
      value: "100"
  extraVolumes:
    - name: audit-policy
      hostPath: ${AUDIT_POLICY_PATH}
      mountPath: ${AUDIT_POLICY_PATH}
      readOnly: true
      pathType: File
    - name: audit-log
      hostPath: ${AUDIT_LOG_DIR}
      mountPath: ${AUDIT_LOG_DIR}
      readOnly: false
      pathType: DirectoryOrCreate
`;

// kind patches the kubeadm config of its control-plane node; the policy file is mounted
// from the host into the node container first.
const KIND = `apiVersion: kind.x-k8s.io/v1alpha4
kind: Cluster
nodes:
  - role: control-plane
    extraMounts:
      - hostPath: ./audit-policy.yaml
        containerPath: ${AUDIT_POLICY_PATH}
        readOnly: true
    kubeadmConfigPatches:
      - |
        kind: ClusterConfiguration
        apiServer:
          extraArgs:
            audit-policy-file: ${AUDIT_POLICY_PATH}
            audit-log-path: ${AUDIT_LOG_DIR}/audit.log
            audit-log-maxage: "7"
            audit-log-maxsize: "100"
          extraVolumes:
            - name: audit-policy
              hostPath: ${AUDIT_POLICY_PATH}
              mountPath: ${AUDIT_POLICY_PATH}
              readOnly: true
              pathType: File
            - name: audit-log
              hostPath: ${AUDIT_LOG_DIR}
              mountPath: ${AUDIT_LOG_DIR}
              readOnly: false
              pathType: DirectoryOrCreate
`;

const EKS = `aws eks update-cluster-config --name my-cluster \\
  --logging '{"clusterLogging":[{"types":["audit"],"enabled":true}]}'
`;

export const AUDIT_GUIDE: Guide = {
  id: 'audit',
  title: 'Kubernetes audit log',
  summary:
    'The API server writes one JSON audit Event per request when it runs with an audit Policy and a log path. Vigil reads them as the audit source; most detections depend on it.',
  sections: [
    {
      title: 'Audit Policy',
      text: "Vigil's recommended Policy keeps every catalog detection working at low volume: request bodies only where a detection reads them, reads of noisy system identities dropped. Save it on each control-plane node; the Audit policy page shows what it costs on your own traffic.",
      snippets: [
        {
          id: 'audit-policy',
          title: "Vigil's recommended audit Policy",
          syntax: 'yaml',
          kind: 'audit-policy',
          target: AUDIT_POLICY_PATH,
          code: templateById('vigil-recommended').yaml,
        },
      ],
    },
    {
      title: 'kube-apiserver flags',
      text: 'Self-managed control planes: add these flags to the kube-apiserver (its static Pod manifest, or your installer). The log rotates at 100 MB and keeps a week; the shipper tails the directory.',
      snippets: [{ id: 'audit-apiserver-flags', title: 'kube-apiserver flags', syntax: 'shell', kind: 'command', code: APISERVER_FLAGS }],
    },
    {
      title: 'kubeadm',
      text: 'kubeadm mounts the policy and the log directory into the API server Pod. Apply with `kubeadm init --config` on a new cluster, or edit the kubeadm-config ConfigMap and re-run `kubeadm upgrade apply` on an existing one.',
      snippets: [{ id: 'audit-kubeadm', title: 'kubeadm ClusterConfiguration', syntax: 'yaml', kind: 'kubeadm-config', code: KUBEADM }],
    },
    {
      title: 'kind',
      text: 'Save the Policy as audit-policy.yaml next to this file and create the cluster with `kind create cluster --config kind.yaml`. The log stays inside the node container: ship it with a DaemonSet shipper, as on any node.',
      snippets: [{ id: 'audit-kind', title: 'kind cluster with auditing', syntax: 'yaml', kind: 'kind-config', code: KIND }],
    },
    {
      title: 'Managed control planes (EKS, GKE, AKS)',
      text: 'Managed services keep the API server and its policy to themselves: you cannot install your own Policy, and the log goes to the cloud provider. EKS: turn on the "audit" control-plane log type; events land in the CloudWatch log group /aws/eks/<cluster>/cluster and need a forwarder to Loki. GKE: Admin Activity audit logs are always on and Data Access logs are opt-in; they are Cloud Audit Logs (LogEntry with protoPayload), not Kubernetes audit Events, so route them to Pub/Sub and read them with Alloy loki.source.gcplog, knowing that Vigil parses only the Kubernetes Event format. AKS: add a diagnostic setting with the kube-audit-admin (or kube-audit) category to an Event Hub and read it with Alloy loki.source.azure_event_hubs. Label the stream job="integrations/kubernetes-audit" so stream detection finds it.',
      snippets: [{ id: 'audit-eks', title: 'EKS: turn on audit logs', syntax: 'shell', kind: 'command', code: EKS }],
    },
  ],
};
