/** One-line human summaries of policy rules, for tables and explanations. */
import type { PolicyRule } from './types';

function list(xs: string[] | undefined, max = 4): string {
  const v = xs ?? [];
  return v.length <= max ? v.join(', ') : `${v.slice(0, max).join(', ')} +${v.length - max}`;
}

/** E.g. `create, update, patch · pods, apps/deployments · users: alice`. */
export function describeRule(rule: PolicyRule): string {
  const parts: string[] = [];
  if ((rule.verbs ?? []).length > 0) {
    parts.push(list(rule.verbs, 6));
  }
  if ((rule.resources ?? []).length > 0) {
    const res = rule.resources!.flatMap((g) => {
      const prefix = g.group === '' ? '' : `${g.group}/`;
      const names = (g.resourceNames ?? []).length > 0 ? ` named ${list(g.resourceNames, 2)}` : '';
      return (g.resources ?? []).length > 0 ? g.resources!.map((r) => `${prefix}${r}${names}`) : [g.group === '' ? 'core group' : `${g.group} group`];
    });
    parts.push(list(res, 5));
  }
  if ((rule.nonResourceURLs ?? []).length > 0) {
    parts.push(`URLs ${list(rule.nonResourceURLs)}`);
  }
  if ((rule.namespaces ?? []).length > 0) {
    parts.push(`in ${list(rule.namespaces!.map((n) => (n === '' ? '(cluster-scoped)' : n)))}`);
  }
  if ((rule.users ?? []).length > 0) {
    parts.push(`users: ${list(rule.users, 2)}`);
  }
  if ((rule.userGroups ?? []).length > 0) {
    parts.push(`groups: ${list(rule.userGroups, 2)}`);
  }
  if ((rule.omitStages ?? []).length > 0) {
    parts.push(`omits ${rule.omitStages!.join(', ')}`);
  }
  return parts.length > 0 ? parts.join(' · ') : 'every request';
}
