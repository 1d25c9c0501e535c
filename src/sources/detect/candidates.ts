/**
 * Where each source's streams usually live, by shipper convention: nearform/Promtail
 * (`job="auditlog"`, `job="kernellog"`), Grafana k8s-monitoring (`job="integrations/
 * kubernetes-audit"`, `job="integrations/kubernetes/journal"`), journald (`job="systemd-
 * journal"`), falcosidekick (rule/priority labels), CoreDNS container labels, file names.
 */
import type { SourceId } from '../types';
import type { LabelMatcher } from './probe';

/** A label convention: which values of `label` suggest the source, and how strongly. */
export interface LabelRule {
  source: SourceId;
  label: string;
  /** Exact values, or a test on the value (then the selector uses the exact value found). */
  values: string[] | RegExp;
  /** Prior confidence 0–1 before any line is sampled. */
  weight: number;
  /** Narrowing matchers added when their label/value exists (journal transport, namespace). */
  narrow?: LabelMatcher[];
  /** Every label that must exist for the rule to apply (falcosidekick's label set). */
  requires?: string[];
  /** Match the label's presence (`=~".+"`) rather than one value. */
  presence?: boolean;
  why: string;
}

/** Substring every line of the source carries, used to sample mixed streams (journals). */
export const LINE_MARKER: Partial<Record<SourceId, string>> = { netfilter: 'SRC=' };

export const LABEL_RULES: LabelRule[] = [
  { source: 'audit', label: 'job', values: ['auditlog'], weight: 0.9, why: 'nearform/Promtail audit job' },
  {
    source: 'audit',
    label: 'job',
    values: ['integrations/kubernetes-audit'],
    weight: 0.9,
    why: 'k8s-monitoring audit job',
  },
  {
    source: 'audit',
    label: 'job',
    values: ['kube-audit', 'kubernetes-audit', 'audit'],
    weight: 0.8,
    why: 'common audit job name',
  },
  { source: 'audit', label: 'filename', values: /audit\.log$/, weight: 0.7, why: 'file named *audit.log' },
  { source: 'audit', label: 'job', values: /audit/i, weight: 0.4, why: 'job name mentions audit' },

  {
    source: 'coredns',
    label: 'job',
    values: ['kube-system/coredns'],
    weight: 0.9,
    why: 'k8s-monitoring pod-log job of CoreDNS',
  },
  {
    source: 'coredns',
    label: 'container',
    values: ['coredns'],
    weight: 0.8,
    narrow: [{ label: 'namespace', op: '=', value: 'kube-system' }],
    why: 'CoreDNS container logs',
  },
  {
    source: 'coredns',
    label: 'k8s_app',
    values: ['kube-dns', 'coredns'],
    weight: 0.6,
    why: 'k8s-app=kube-dns pod label',
  },
  { source: 'coredns', label: 'app', values: ['coredns', 'kube-dns'], weight: 0.6, why: 'app=coredns pod label' },
  { source: 'coredns', label: 'job', values: /coredns/i, weight: 0.5, why: 'job name mentions coredns' },

  { source: 'netfilter', label: 'job', values: ['kernellog'], weight: 0.9, why: 'nearform/Promtail kern.log job' },
  {
    source: 'netfilter',
    label: 'job',
    values: ['systemd-journal'],
    weight: 0.6,
    narrow: [
      { label: 'transport', op: '=', value: 'kernel' },
      { label: 'syslog_identifier', op: '=', value: 'kernel' },
    ],
    why: 'journald shipping (kernel transport)',
  },
  {
    source: 'netfilter',
    label: 'job',
    values: ['integrations/kubernetes/journal'],
    weight: 0.6,
    narrow: [{ label: 'transport', op: '=', value: 'kernel' }],
    why: 'k8s-monitoring journal job (kernel transport)',
  },
  { source: 'netfilter', label: 'filename', values: /kern\.log$/, weight: 0.7, why: 'file named kern.log' },
  {
    source: 'netfilter',
    label: 'job',
    values: /kern|syslog|journal/i,
    weight: 0.3,
    why: 'job name suggests kernel logs',
  },

  {
    source: 'falco',
    label: 'rule',
    values: /.+/,
    presence: true,
    requires: ['priority'],
    weight: 0.9,
    why: 'falcosidekick labels (rule, priority)',
  },
  { source: 'falco', label: 'job', values: ['falco', 'falco/falco'], weight: 0.8, why: 'Falco job' },
  { source: 'falco', label: 'container', values: ['falco'], weight: 0.7, why: 'Falco container logs' },
  { source: 'falco', label: 'app_kubernetes_io_name', values: ['falco'], weight: 0.7, why: 'Falco chart pod label' },
  { source: 'falco', label: 'job', values: /falco/i, weight: 0.5, why: 'job name mentions falco' },
];
