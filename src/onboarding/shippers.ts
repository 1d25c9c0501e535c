/**
 * Shipper configs that give each source the stream labels stream detection recognises
 * (src/sources/detect/candidates.ts). `produces` says which; tests feed those labels to the
 * real detection.
 */
import { AUDIT_LOG_DIR } from './audit';
import type { Guide } from './types';

const LOKI_PUSH = 'http://loki-gateway.monitoring.svc/loki/api/v1/push';

const ALLOY = `// Kubernetes audit log, on control-plane nodes.
local.file_match "audit" {
  path_targets = [{"__path__" = "${AUDIT_LOG_DIR}/*.log", "job" = "integrations/kubernetes-audit"}]
}

loki.source.file "audit" {
  targets    = local.file_match.audit.targets
  forward_to = [loki.write.default.receiver]
}

// Kernel messages (netfilter LOG lines) from the journal.
loki.relabel "journal" {
  forward_to = []

  rule {
    source_labels = ["__journal__transport"]
    target_label  = "transport"
  }
}

loki.source.journal "kernel" {
  matches       = "_TRANSPORT=kernel"
  relabel_rules = loki.relabel.journal.rules
  labels        = {job = "integrations/kubernetes/journal"}
  forward_to    = [loki.write.default.receiver]
}

// Pod logs: CoreDNS queries and Falco alerts, labelled job="<namespace>/<container>".
discovery.kubernetes "pods" {
  role = "pod"
}

discovery.relabel "pods" {
  targets = discovery.kubernetes.pods.targets

  rule {
    source_labels = ["__meta_kubernetes_namespace"]
    target_label  = "namespace"
  }

  rule {
    source_labels = ["__meta_kubernetes_pod_name"]
    target_label  = "pod"
  }

  rule {
    source_labels = ["__meta_kubernetes_pod_container_name"]
    target_label  = "container"
  }

  rule {
    source_labels = ["__meta_kubernetes_namespace", "__meta_kubernetes_pod_container_name"]
    separator     = "/"
    target_label  = "job"
  }
}

loki.source.kubernetes "pods" {
  targets    = discovery.relabel.pods.output
  forward_to = [loki.write.default.receiver]
}

loki.write "default" {
  endpoint {
    url = "${LOKI_PUSH}"
  }
}
`;

const PROMTAIL = `server:
  http_listen_port: 9080
positions:
  filename: /run/promtail/positions.yaml
clients:
  - url: ${LOKI_PUSH}
scrape_configs:
  - job_name: audit
    static_configs:
      - targets: [localhost]
        labels:
          job: auditlog
          __path__: ${AUDIT_LOG_DIR}/*.log
  - job_name: kernel
    static_configs:
      - targets: [localhost]
        labels:
          job: kernellog
          __path__: /var/log/kern.log
  - job_name: kubernetes-pods
    kubernetes_sd_configs:
      - role: pod
    pipeline_stages:
      - cri: {}
    relabel_configs:
      - source_labels: [__meta_kubernetes_namespace]
        target_label: namespace
      - source_labels: [__meta_kubernetes_pod_name]
        target_label: pod
      - source_labels: [__meta_kubernetes_pod_container_name]
        target_label: container
      - source_labels: [__meta_kubernetes_pod_uid, __meta_kubernetes_pod_container_name]
        separator: /
        replacement: /var/log/pods/*$1/*.log
        target_label: __path__
`;

const K8S_MONITORING = `# helm upgrade --install k8s-monitoring grafana/k8s-monitoring -n monitoring -f values.yaml
cluster:
  name: prod
destinations:
  - name: loki
    type: loki
    url: ${LOKI_PUSH}
podLogs:
  enabled: true
nodeLogs:
  enabled: true
alloy-logs:
  enabled: true
  alloy:
    mounts:
      varlog: true
  extraConfig: |
    local.file_match "audit" {
      path_targets = [{"__path__" = "${AUDIT_LOG_DIR}/*.log", "job" = "integrations/kubernetes-audit"}]
    }

    loki.source.file "audit" {
      targets    = local.file_match.audit.targets
      forward_to = [loki.write.audit.receiver]
    }

    loki.write "audit" {
      endpoint {
        url = "${LOKI_PUSH}"
      }

      external_labels = {cluster = "prod"}
    }
`;

export const SHIPPERS_GUIDE: Guide = {
  id: 'shippers',
  title: 'Log shippers',
  summary:
    'Vigil finds each source by the stream labels its shipper sets. Any of these configs gives all four sources labels that stream detection recognises; with other labels, set the selector by hand.',
  sections: [
    {
      title: 'Grafana Alloy',
      text: 'Run Alloy as a DaemonSet with /var/log and /var/log/journal mounted. Audit files exist only on control-plane nodes; the other nodes simply find none.',
      snippets: [
        {
          id: 'shipper-alloy',
          title: 'Alloy: audit, journal and pod logs',
          syntax: 'alloy',
          kind: 'alloy-config',
          target: 'config.alloy',
          code: ALLOY,
          produces: {
            audit: { job: 'integrations/kubernetes-audit' },
            netfilter: { job: 'integrations/kubernetes/journal', transport: 'kernel' },
            coredns: { job: 'kube-system/coredns', namespace: 'kube-system', container: 'coredns' },
            falco: { job: 'falco/falco', namespace: 'falco', container: 'falco' },
          },
        },
      ],
    },
    {
      title: 'Promtail',
      text: 'Promtail has reached end of life upstream; prefer Alloy for new installs. This is the layout of existing Promtail setups: files by job name, pods by namespace and container.',
      snippets: [
        {
          id: 'shipper-promtail',
          title: 'Promtail: audit, kern.log and pod logs',
          syntax: 'yaml',
          kind: 'promtail-config',
          target: 'promtail.yaml',
          code: PROMTAIL,
          produces: {
            audit: { job: 'auditlog' },
            netfilter: { job: 'kernellog' },
            coredns: { namespace: 'kube-system', container: 'coredns' },
            falco: { namespace: 'falco', container: 'falco' },
          },
        },
      ],
    },
    {
      title: 'k8s-monitoring Helm chart',
      text: "The chart's pod logs carry job=\"<namespace>/<container>\" and its node logs come from the journal as job=\"integrations/kubernetes/journal\". The audit file needs the extra Alloy config below on the log collector.",
      snippets: [
        {
          id: 'shipper-k8s-monitoring',
          title: 'k8s-monitoring values',
          syntax: 'yaml',
          kind: 'helm-values',
          target: 'values.yaml',
          code: K8S_MONITORING,
          produces: {
            audit: { job: 'integrations/kubernetes-audit', cluster: 'prod' },
            netfilter: { job: 'integrations/kubernetes/journal', cluster: 'prod' },
            coredns: { job: 'kube-system/coredns', namespace: 'kube-system', container: 'coredns', cluster: 'prod' },
            falco: { job: 'falco/falco', namespace: 'falco', container: 'falco', cluster: 'prod' },
          },
        },
      ],
    },
  ],
};
