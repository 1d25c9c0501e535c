/** The shapes of Vigil's onboarding content: per-source guides made of copyable snippets. */
import type { SourceId } from '../sources/types';

/** How a snippet is written; tests pick the checker by it. */
export type SnippetSyntax = 'yaml' | 'alloy' | 'corefile' | 'shell' | 'nftables';

/**
 * What a snippet is, beyond its syntax: the test validating it reads this (an audit Policy
 * goes through the policy engine, a Calico object through the Calico checks, …).
 */
export type SnippetKind =
  | 'audit-policy'
  | 'kubeadm-config'
  | 'kind-config'
  | 'kubernetes-object'
  | 'calico-object'
  | 'falco-config'
  | 'helm-values'
  | 'promtail-config'
  | 'alloy-config'
  | 'prometheus-config'
  | 'command';

/** Stream labels a shipper snippet gives one source's lines. */
export type ProducedLabels = Partial<Record<SourceId, Record<string, string>>>;

export interface Snippet {
  /** Stable id: test ids, docs anchors and the generated docs use it. */
  id: string;
  title: string;
  syntax: SnippetSyntax;
  kind: SnippetKind;
  /** Where it goes (file path, Helm release, node), in words. */
  target?: string;
  code: string;
  /** For shipper snippets: the labels each source's streams get. */
  produces?: ProducedLabels;
}

export interface GuideSection {
  title: string;
  /** Plain prose (no Markdown), shown above the snippets. */
  text: string;
  snippets: Snippet[];
}

/** The onboarding of one source, or of the shippers (`source` undefined). */
export interface Guide {
  id: SourceId | 'shippers';
  title: string;
  summary: string;
  sections: GuideSection[];
}
