/** Falco onboarding: JSON alerts into Loki (falcosidekick or a tailed file) and the metrics endpoint. */
import type { Guide } from './types';

const HELM_SIDEKICK = `# helm upgrade --install falco falcosecurity/falco -n falco --create-namespace -f falco-values.yaml
falco:
  json_output: true
  json_include_output_property: true
  json_include_tags_property: true
falcosidekick:
  enabled: true
  config:
    loki:
      hostport: http://loki-gateway.monitoring.svc
      format: json
metrics:
  enabled: true
`;

const FALCO_FILE = `# falco.yaml on hosts that run Falco as a service: JSON alerts to a file a shipper tails.
json_output: true
json_include_output_property: true
json_include_tags_property: true
file_output:
  enabled: true
  keep_alive: false
  filename: /var/log/falco/events.json
webserver:
  enabled: true
  listen_port: 8765
  prometheus_metrics_enabled: true
metrics:
  enabled: true
  interval: 1m
  output_rule: false
`;

const ALLOY_FILE = `local.file_match "falco" {
  path_targets = [{"__path__" = "/var/log/falco/events.json", "job" = "falco"}]
}

loki.source.file "falco" {
  targets    = local.file_match.falco.targets
  forward_to = [loki.write.default.receiver]
}

loki.write "default" {
  endpoint {
    url = "http://loki-gateway.monitoring.svc/loki/api/v1/push"
  }
}
`;

const PROMETHEUS = `scrape_configs:
  - job_name: falco
    static_configs:
      - targets: ["node-1.example.internal:8765", "node-2.example.internal:8765"]
  - job_name: falcosidekick
    static_configs:
      - targets: ["falco-falcosidekick.falco.svc:2801"]
`;

export const FALCO_GUIDE: Guide = {
  id: 'falco',
  title: 'Falco alerts and metrics',
  summary:
    'Falco raises alerts for runtime behaviour (shells in containers, sensitive file reads, drift). Vigil needs them as JSON lines in the log backend, and reads Falco\'s or falcosidekick\'s Prometheus metrics for rates.',
  sections: [
    {
      title: 'Helm: JSON output and falcosidekick to Loki',
      text: "falcosidekick pushes each alert to Loki with the labels rule, priority, source, hostname, tags, k8s_ns_name and k8s_pod_name, which is how stream detection recognises it. format: json keeps the whole alert as the line.",
      snippets: [{ id: 'falco-helm-sidekick', title: 'Falco Helm values', syntax: 'yaml', kind: 'helm-values', target: 'falco-values.yaml', code: HELM_SIDEKICK, produces: { falco: { rule: 'Terminal shell in container', priority: 'Notice', source: 'syscall' } } }],
    },
    {
      title: 'Falco as a host service, tailed by Alloy',
      text: 'Where Falco runs outside Kubernetes or without falcosidekick, write alerts to a file and let Alloy tail it with job="falco".',
      snippets: [
        { id: 'falco-yaml', title: 'falco.yaml', syntax: 'yaml', kind: 'falco-config', target: '/etc/falco/falco.yaml', code: FALCO_FILE },
        { id: 'falco-alloy-file', title: 'Alloy tailing the alert file', syntax: 'alloy', kind: 'alloy-config', target: 'config.alloy', code: ALLOY_FILE, produces: { falco: { job: 'falco' } } },
      ],
    },
    {
      title: 'Metrics endpoint',
      text: "Falco serves Prometheus metrics on :8765/metrics when its webserver and metrics are on (the Helm value metrics.enabled does both); falcosidekick serves its own on the http port. Scrape them with the Prometheus the Vigil data source points at: list the nodes where Falco runs as a host service, or, with the Prometheus Operator, set the chart's serviceMonitor.create and falcosidekick.serviceMonitor.enabled values instead.",
      snippets: [{ id: 'falco-prometheus', title: 'Prometheus scrape jobs', syntax: 'yaml', kind: 'prometheus-config', target: 'prometheus.yml', code: PROMETHEUS }],
    },
  ],
};
