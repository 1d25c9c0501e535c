/**
 * Builds the cheapest policy that keeps the enabled detections working: one rule per kind of
 * request a detection needs, at the lowest level that carries the fields it reads, most
 * verbose first (first match wins), then a catch-all. Each rule says why it is there.
 */
import { checkDetection } from './blindspots';
import { observe } from './observe';
import { replayObserved, ReplayOptions } from './replay';
import { describeRule } from './describe';
import { AUDIT_REQUIREMENTS, DetectionRequirement, EventNeed } from './requirements';
import { serializePolicy } from './serialize';
import { GroupResources, levelRank, Policy, PolicyRule } from './types';

export interface SuggestOptions {
  /** Detection ids to keep working; default: every audit detection. */
  enabled?: readonly string[];
  /** What to do with requests no detection reads: drop them (cheapest) or keep Metadata. */
  catchAll?: 'None' | 'Metadata';
  /** Observed events, to estimate each rule's volume in the explanation. */
  events?: Iterable<unknown>;
  replay?: ReplayOptions;
}

export interface RuleExplanation {
  ruleIndex: number;
  text: string;
  detections: string[];
}

export interface Suggestion {
  policy: Policy;
  yaml: string;
  explanations: RuleExplanation[];
}

interface Draft {
  rule: PolicyRule;
  detections: string[];
  fields: string[];
}

function resourcesOf(need: EventNeed): GroupResources[] | undefined {
  if (!need.resources) {
    return undefined;
  }
  const byGroup = new Map<string, string[]>();
  for (const r of need.resources) {
    const list = byGroup.get(r.group) ?? [];
    list.push(r.subresource ? `${r.resource}/${r.subresource}` : r.resource);
    byGroup.set(r.group, list);
  }
  return [...byGroup].map(([group, resources]) => ({ group, resources }));
}

/** The rules that log a need: anonymous needs become two rules (by group and by name). */
function rulesFor(need: EventNeed): PolicyRule[] {
  const rule: PolicyRule = { level: need.minLevel };
  if (need.verbs.length > 0) {
    rule.verbs = [...need.verbs];
  }
  const resources = resourcesOf(need);
  if (resources) {
    rule.resources = resources;
  }
  if (need.namespaces) {
    rule.namespaces = [...need.namespaces];
  }
  // Only upgrade requests (exec, attach) are counted at ResponseStarted; elsewhere it only
  // doubles watch lines.
  if (!need.stages.includes('ResponseStarted')) {
    rule.omitStages = ['ResponseStarted'];
  }
  if (need.identities === 'anonymous') {
    return [
      { ...rule, userGroups: ['system:unauthenticated'] },
      { ...rule, users: ['system:anonymous'] },
    ];
  }
  // "Human" cannot be expressed in a policy (no negation of the system: prefix): log everyone.
  return [rule];
}

function sameSelector(a: PolicyRule, b: PolicyRule): boolean {
  const key = (r: PolicyRule) => JSON.stringify([r.level, r.verbs, r.namespaces, r.users, r.userGroups, r.omitStages, r.resources === undefined]);
  return key(a) === key(b);
}

function mergeResources(into: PolicyRule, from: PolicyRule): void {
  for (const g of from.resources ?? []) {
    const target = into.resources!.find((x) => x.group === g.group);
    if (!target) {
      into.resources!.push({ group: g.group, resources: [...(g.resources ?? [])] });
    } else {
      target.resources = [...new Set([...(target.resources ?? []), ...(g.resources ?? [])])];
    }
  }
}

/**
 * Drops rules the others make redundant (e.g. secret reads once all secret verbs are
 * logged), crediting their detections to the rules that now cover them.
 */
function prune(drafts: Draft[], reqs: readonly DetectionRequirement[], current: () => Policy, finalRule: PolicyRule): void {
  for (let i = drafts.length - 1; i >= 0; i--) {
    if (drafts[i].rule.level === 'None') {
      continue; // dropping traffic never blinds, and removing it would only add volume
    }
    const [removed] = drafts.splice(i, 1);
    if (reqs.every((r) => checkDetection(current(), r).status === 'working')) {
      for (const id of removed.detections) {
        const req = reqs.find((r) => r.id === id)!;
        if (!drafts.some((d) => d.detections.includes(id))) {
          drafts.filter((d) => checkDetection({ rules: [d.rule, finalRule] }, req).status !== 'blind').forEach((d) => addOnce(d.detections, id));
        }
      }
    } else {
      drafts.splice(i, 0, removed);
    }
  }
}

function addOnce(list: string[], id: string): void {
  if (!list.includes(id)) {
    list.push(id);
  }
}

/** Suggests a policy for the enabled detections. */
export function suggestPolicy(opts: SuggestOptions = {}): Suggestion {
  const reqs = AUDIT_REQUIREMENTS.filter((r) => !opts.enabled || opts.enabled.includes(r.id));
  const items = reqs.flatMap((r) => r.needs.map((need) => ({ id: r.id, need })));
  // Most verbose first, so a request several needs share gets the highest level it needs.
  items.sort((a, b) => levelRank(b.need.minLevel) - levelRank(a.need.minLevel));
  const drafts: Draft[] = [];
  const finalRule: PolicyRule = { level: opts.catchAll ?? 'None' };
  const current = (): Policy => ({ omitStages: ['RequestReceived'], omitManagedFields: true, rules: [...drafts.map((d) => d.rule), finalRule] });
  for (const { id, need } of items) {
    // Already logged by the rules so far (e.g. kube-system workload creates by the
    // pod-spec rule): just credit the detection to the rules that cover it.
    if (checkDetection(current(), { id, needs: [need] }).status === 'working') {
      const covering = drafts.filter((d) => checkDetection({ rules: [d.rule] }, { id, needs: [need] }).status !== 'blind');
      covering.forEach((d) => addOnce(d.detections, id));
      if (covering.length > 0) {
        continue;
      }
    }
    if ((need.ignoredPaths ?? []).length > 0 && !drafts.some((d) => d.rule.level === 'None')) {
      // Probes the detection ignores (health checks) are the bulk of anonymous traffic.
      const urls = need.ignoredPaths!.flatMap((p) => [p, `${p}/*`]);
      drafts.unshift({ rule: { level: 'None', nonResourceURLs: urls }, detections: [id], fields: [] });
    }
    for (const rule of rulesFor(need)) {
      const twin = drafts.find((d) => sameSelector(d.rule, rule));
      if (twin && rule.resources) {
        mergeResources(twin.rule, rule);
        addOnce(twin.detections, id);
        need.fields.forEach((f) => addOnce(twin.fields, f));
      } else if (!twin) {
        drafts.push({ rule: JSON.parse(JSON.stringify(rule)) as PolicyRule, detections: [id], fields: [...need.fields] });
      }
    }
  }
  prune(drafts, reqs, current, finalRule);
  const policy = current();
  const observed = opts.events ? observe(opts.events) : undefined;
  const volume = observed && opts.replay ? replayObserved(policy, observed, opts.replay) : undefined;
  const explanations: RuleExplanation[] = policy.rules.map((_, i) => {
    const d = drafts[i];
    const row = volume?.rows.find((r) => r.ruleIndex === i);
    const cost = row ? ` Estimated ${formatBytes(row.bytesPerDay)}/day (${(row.share * 100).toFixed(1)}%).` : '';
    if (d) {
      const level = d.rule.level;
      if (level === 'None') {
        return { ruleIndex: i, detections: [...d.detections], text: `None for ${describeRule(d.rule)}: health and version probes, which ${d.detections.join(', ')} ignores.${cost}` };
      }
      return { ruleIndex: i, detections: [...d.detections], text: `${level} for ${describeRule(d.rule)}: keeps ${d.detections.join(', ')} working (they read ${d.fields.join('; ')}, which ${level} carries).${cost}` };
    }
    const rest = finalRule.level === 'None' ? 'No enabled detection reads any other request, so nothing else is written.' : 'Everything else at Metadata, for investigations (no detection needs it).';
    return { ruleIndex: i, detections: [], text: `${rest}${cost}` };
  });
  const header = [
    'Suggested by Vigil: the cheapest policy that keeps these detections working:',
    ...reqs.map((r) => `  ${r.id}`),
    'RequestReceived is omitted everywhere (no detection counts it); managed fields are dropped from bodies.',
  ].join('\n');
  const yaml = serializePolicy(policy, { header, rules: explanations.map((e) => e.text) });
  return { policy, yaml, explanations };
}

/** Bytes as B/KiB/MiB/GiB with three significant digits. */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v >= 100 || u === 0 ? Math.round(v) : v.toPrecision(3)} ${units[u]}`;
}
