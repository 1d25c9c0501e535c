/**
 * Kubernetes' audit policy checker, in TypeScript: rules are tried in order and the first
 * match decides; no match means level None. Mirrors kube-apiserver's policy checker
 * (k8s.io/apiserver/pkg/audit/policy), including its documented wildcard forms.
 */
import { attributesOf, auditObject } from './request';
import type { Evaluation, GroupResources, Policy, PolicyRule, RequestAttributes, Stage } from './types';

/** Subresources whose requests are long-running: the server logs ResponseStarted for them. */
const LONG_RUNNING_SUBRESOURCES = new Set(['exec', 'attach', 'portforward', 'proxy']);

/** `*` alone matches every path; a trailing `*` matches by prefix; otherwise exact. */
export function pathMatches(path: string, spec: string): boolean {
  if (spec === '*' || spec === path) {
    return true;
  }
  return spec.endsWith('*') && path.startsWith(spec.replace(/\*+$/, ''));
}

function resourceEntryMatches(gr: GroupResources, a: RequestAttributes): boolean {
  if (gr.group !== a.apiGroup) {
    return false;
  }
  const resources = gr.resources ?? [];
  if (resources.length === 0) {
    return true;
  }
  const names = gr.resourceNames ?? [];
  if (names.length > 0 && !names.includes(a.name)) {
    return false;
  }
  const combined = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  return resources.some(
    (res) =>
      res === '*' ||
      res === combined ||
      // `*/scale`: that subresource of any resource.
      (a.subresource !== '' && res.startsWith('*/') && res.slice(2) === a.subresource) ||
      // `pods/*`: upstream compares only the resource part, so it also matches `pods` itself.
      (res.endsWith('/*') && res.slice(0, -2) === a.resource)
  );
}

function matchesResource(rule: PolicyRule, a: RequestAttributes): boolean {
  if (!a.resourceRequest) {
    return false;
  }
  // Non-namespaced resources (and all-namespace requests) have the empty namespace.
  if ((rule.namespaces ?? []).length > 0 && !rule.namespaces!.includes(a.namespace)) {
    return false;
  }
  const resources = rule.resources ?? [];
  return resources.length === 0 || resources.some((gr) => resourceEntryMatches(gr, a));
}

/** Whether one rule matches a request. Empty lists match everything. */
export function ruleMatches(rule: PolicyRule, a: RequestAttributes): boolean {
  if ((rule.users ?? []).length > 0 && !rule.users!.includes(a.username)) {
    return false;
  }
  if ((rule.userGroups ?? []).length > 0 && !a.groups.some((g) => rule.userGroups!.includes(g))) {
    return false;
  }
  if ((rule.verbs ?? []).length > 0 && !rule.verbs!.includes(a.verb)) {
    return false;
  }
  if ((rule.namespaces ?? []).length > 0 || (rule.resources ?? []).length > 0) {
    return matchesResource(rule, a);
  }
  if ((rule.nonResourceURLs ?? []).length > 0) {
    return !a.resourceRequest && rule.nonResourceURLs!.some((spec) => pathMatches(a.path, spec));
  }
  return true;
}

/** The stages a request produces events at when nothing is omitted (Panic only on a panic). */
export function naturalStages(a: RequestAttributes): Stage[] {
  const longRunning = a.verb === 'watch' || LONG_RUNNING_SUBRESOURCES.has(a.subresource);
  return longRunning ? ['RequestReceived', 'ResponseStarted', 'ResponseComplete'] : ['RequestReceived', 'ResponseComplete'];
}

function union(...lists: Array<Stage[] | undefined>): Stage[] {
  return [...new Set(lists.flatMap((l) => l ?? []))];
}

/** Evaluates request attributes against a policy. */
export function evaluateAttributes(policy: Policy, a: RequestAttributes): Evaluation {
  const ruleIndex = policy.rules.findIndex((r) => ruleMatches(r, a));
  const rule = ruleIndex >= 0 ? policy.rules[ruleIndex] : undefined;
  const level = rule?.level ?? 'None';
  const omitStages = union(policy.omitStages, rule?.omitStages);
  const stagesLogged = level === 'None' ? [] : naturalStages(a).filter((s) => !omitStages.includes(s));
  const omitManagedFields = rule?.omitManagedFields ?? policy.omitManagedFields ?? false;
  return { level, ruleIndex, omitStages, stagesLogged, omitManagedFields };
}

/**
 * Evaluates an observed audit Event (raw object, JSON line or ParsedEvent) against a
 * policy; undefined when the input is not an audit Event.
 */
export function evaluate(policy: Policy, event: unknown): Evaluation | undefined {
  const obj = auditObject(event);
  return obj ? evaluateAttributes(policy, attributesOf(obj)) : undefined;
}
