/** Pure helpers of the advisor page: choosing a policy text and analysing it. */
import {
  blindSpots,
  comparePolicies,
  Comparison,
  DetectionCoverage,
  observe,
  parsePolicy,
  Policy,
  PolicyIssue,
  POLICY_TEMPLATES,
  PolicyTemplate,
  suggestPolicy,
  Suggestion,
} from '../../policy';
import type { AuditSample } from './auditSample';

export const SUGGESTION = 'suggestion';
export type CompareChoice = PolicyTemplate['id'] | typeof SUGGESTION;

export const RANGES = [
  { label: 'Last hour', value: 3_600_000 },
  { label: 'Last 6 hours', value: 6 * 3_600_000 },
  { label: 'Last 24 hours', value: 24 * 3_600_000 },
];

export interface Analysis {
  comparison: Comparison;
  /** Coverage under the pasted (current) policy. */
  current: DetectionCoverage[];
  /** Coverage under the comparison policy. */
  proposed: DetectionCoverage[];
  suggestion: Suggestion;
}

export type PolicyState = { ok: true; policy: Policy } | { ok: false; errors: PolicyIssue[] };

export function templateYaml(id: PolicyTemplate['id']): string {
  return POLICY_TEMPLATES.find((t) => t.id === id)!.yaml;
}

/** Replays the sample through the current policy and the chosen comparison. */
export function analyse(current: Policy, compare: CompareChoice, sample: AuditSample): Analysis {
  const observed = observe(sample.events);
  const opts = { rangeMs: sample.rangeMs, totalLines: sample.totalLines };
  const suggestion = suggestPolicy({ events: sample.events, replay: opts });
  const parsed = compare === SUGGESTION ? undefined : parsePolicy(templateYaml(compare));
  const proposed = parsed?.ok ? parsed.policy : suggestion.policy;
  return {
    comparison: comparePolicies(current, proposed, sample.events, opts),
    current: blindSpots(current, observed.requests),
    proposed: blindSpots(proposed, observed.requests),
    suggestion,
  };
}
