/** Catalog filtering and sorting, pure so it is testable and fast on thousands of rules. */
import { LEVELS } from '../../detections';
import { mitreTags } from '../../alerting';
import type { PageRule, RuleState } from './detections.types';

export interface CatalogFilter {
  search: string;
  source: string;
  severity: string;
  tactic: string;
  status: '' | RuleState;
}

const STATUSES: ReadonlyArray<CatalogFilter['status']> = ['', 'enabled', 'paused', 'disabled', 'modified'];

/** A filter from the page URL (`?severity=critical&source=audit…`), so other pages link to a filtered catalog. */
export function filterFromSearch(search: string): CatalogFilter {
  const p = new URLSearchParams(search);
  const status = (p.get('status') ?? '') as CatalogFilter['status'];
  return {
    search: p.get('search') ?? '',
    source: p.get('source') ?? '',
    severity: p.get('severity') ?? '',
    tactic: p.get('tactic') ?? '',
    status: STATUSES.includes(status) ? status : '',
  };
}

export type SortKey = 'title' | 'severity' | 'source' | 'hits';

export interface CatalogRow extends PageRule {
  state: RuleState;
  hits?: number;
  techniques: string[];
  tactics: string[];
}

export function filterRows(rows: CatalogRow[], f: CatalogFilter): CatalogRow[] {
  const q = f.search.trim().toLowerCase();
  return rows.filter(
    (r) =>
      (!q ||
        r.rule.title.toLowerCase().includes(q) ||
        r.rule.id.includes(q) ||
        r.techniques.some((t) => t.toLowerCase().includes(q))) &&
      (!f.source || r.rule.logsource.service === f.source) &&
      (!f.severity || r.rule.level === f.severity) &&
      (!f.tactic || r.tactics.includes(f.tactic)) &&
      (!f.status || r.state === f.status)
  );
}

export function sortRows(rows: CatalogRow[], key: SortKey, desc: boolean): CatalogRow[] {
  const value = (r: CatalogRow): string | number =>
    key === 'severity'
      ? LEVELS.indexOf(r.rule.level)
      : key === 'hits'
        ? (r.hits ?? -1)
        : key === 'source'
          ? r.rule.logsource.service
          : r.rule.title.toLowerCase();
  const sorted = [...rows].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    return x < y ? -1 : x > y ? 1 : a.rule.id.localeCompare(b.rule.id);
  });
  return desc ? sorted.reverse() : sorted;
}

// A rule's ATT&CK tags never change: derived once per rule object, not on every status or count update.
const tagsOf = new WeakMap<PageRule['rule'], ReturnType<typeof mitreTags>>();
function cachedTags(rule: PageRule['rule']) {
  let t = tagsOf.get(rule);
  if (!t) {
    t = mitreTags(rule.tags);
    tagsOf.set(rule, t);
  }
  return t;
}

export function toRows(
  rules: PageRule[],
  state: (id: string) => RuleState,
  hits: Map<string, number> | undefined
): CatalogRow[] {
  return rules.map((r) => ({ ...r, state: state(r.rule.id), hits: hits?.get(r.rule.id), ...cachedTags(r.rule) }));
}
