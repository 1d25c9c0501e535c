/**
 * Writes a Policy back to YAML, optionally with a comment above the document and above each
 * rule (the suggester's explanations). The output round-trips through parsePolicy.
 */
import { Document, isMap, isSeq } from 'yaml';
import type { Policy, PolicyRule } from './types';

/** Drops empty lists and unset fields so the YAML shows only what the rule says. */
function cleanRule(rule: PolicyRule): Record<string, unknown> {
  const out: Record<string, unknown> = { level: rule.level };
  for (const key of ['users', 'userGroups', 'verbs', 'namespaces', 'nonResourceURLs', 'omitStages'] as const) {
    if ((rule[key] ?? []).length > 0) {
      out[key] = rule[key];
    }
  }
  if ((rule.resources ?? []).length > 0) {
    out.resources = rule.resources!.map((g) => ({
      group: g.group,
      ...((g.resources ?? []).length > 0 ? { resources: g.resources } : {}),
      ...((g.resourceNames ?? []).length > 0 ? { resourceNames: g.resourceNames } : {}),
    }));
  }
  if (rule.omitManagedFields !== undefined) {
    out.omitManagedFields = rule.omitManagedFields;
  }
  return out;
}

function commentLines(text: string): string {
  return text
    .split('\n')
    .map((l) => ` ${l}`)
    .join('\n');
}

/** Serialises a policy as an audit.k8s.io/v1 Policy document. */
export function serializePolicy(policy: Policy, comments: { header?: string; rules?: Array<string | undefined> } = {}): string {
  const body: Record<string, unknown> = { apiVersion: 'audit.k8s.io/v1', kind: 'Policy' };
  if ((policy.omitStages ?? []).length > 0) {
    body.omitStages = policy.omitStages;
  }
  if (policy.omitManagedFields !== undefined) {
    body.omitManagedFields = policy.omitManagedFields;
  }
  body.rules = policy.rules.map(cleanRule);
  const doc = new Document(body);
  if (comments.header) {
    doc.commentBefore = commentLines(comments.header);
  }
  const root = doc.contents;
  const rules = isMap(root) ? root.get('rules', true) : undefined;
  if (isSeq(rules)) {
    rules.items.forEach((item, i) => {
      const text = comments.rules?.[i];
      if (text && isMap(item)) {
        item.commentBefore = commentLines(text);
      }
    });
  }
  return doc.toString({ lineWidth: 0 });
}
