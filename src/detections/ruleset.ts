/**
 * Correlation rules that reference other rules (Sigma correlation rules): `correlation.rules`
 * names rules of the same rule set or the catalog by id or name. Resolving embeds the
 * referenced rules, so a loaded rule plans on its own. What one query cannot count is refused
 * here with the reason.
 */
import type { Rule } from './types';

export interface SetProblem {
  path: string[];
  message: string;
}

/** A document is a correlation rule of its own when it has a correlation but no detection. */
export function isCorrelationRule(raw: Record<string, unknown>): boolean {
  return raw.detection === undefined && raw.correlation !== undefined;
}

/** Correlation types one query per backend cannot count, with the reason. */
export const REFUSED_TYPES: Record<string, string> = {
  temporal:
    'temporal correlations are not supported: one LogQL query cannot tell which referenced rule a line matched (it would need vector matching between per-rule queries), so LogQL could not agree with the matcher and LogsQL',
  temporal_ordered: 'temporal_ordered correlations are not supported: neither LogQL nor LogsQL can order events within a window',
};

/** Resolves a correlation rule's references against the set (and known rules); problems otherwise. */
export function resolveReferences(rule: Rule, set: Rule[], known: Rule[]): SetProblem[] {
  const c = rule.correlation!;
  const refused = REFUSED_TYPES[c.type];
  if (refused) {
    return [{ path: ['correlation', 'type'], message: refused }];
  }
  const problems: SetProblem[] = [];
  const refs: Rule[] = [];
  for (const [i, ref] of (c.rules ?? []).entries()) {
    const path = ['correlation', 'rules', String(i)];
    const found = [...set, ...known].find((r) => r !== rule && (r.id === ref || r.name === ref));
    if (!found) {
      problems.push({ path, message: `no rule with id or name "${ref}" in this rule set or the catalog` });
    } else if (found.correlation) {
      problems.push({ path, message: `"${ref}" is itself a correlation: one query cannot count the alerts of another window` });
    } else if (refs.length > 0 && found.logsource.service !== refs[0].logsource.service) {
      problems.push({ path, message: `"${ref}" reads ${found.logsource.service} but "${c.rules![0]}" reads ${refs[0].logsource.service}: one query reads one source` });
    } else {
      refs.push(found);
    }
  }
  if (problems.length === 0) {
    c.refs = refs;
    rule.logsource = refs[0].logsource;
  }
  return problems;
}
