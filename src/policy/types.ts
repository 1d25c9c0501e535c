/**
 * The audit.k8s.io/v1 Policy model, as the API server reads it, and the request attributes
 * the policy is evaluated against.
 */

/** Audit levels, least to most verbose. */
export const LEVELS = ['None', 'Metadata', 'Request', 'RequestResponse'] as const;
export type Level = (typeof LEVELS)[number];

/** Request-handling stages an audit event can be emitted at. */
export const STAGES = ['RequestReceived', 'ResponseStarted', 'ResponseComplete', 'Panic'] as const;
export type Stage = (typeof STAGES)[number];

/** Orders levels: None < Metadata < Request < RequestResponse. */
export function levelRank(level: Level): number {
  return LEVELS.indexOf(level);
}

/** One `resources` entry of a rule: resource kinds in one API group ("" is the core group). */
export interface GroupResources {
  group: string;
  resources?: string[];
  resourceNames?: string[];
}

/** One rule of a policy. Every field present must match (an intersection). */
export interface PolicyRule {
  level: Level;
  users?: string[];
  userGroups?: string[];
  verbs?: string[];
  resources?: GroupResources[];
  namespaces?: string[];
  nonResourceURLs?: string[];
  omitStages?: Stage[];
  /** Overrides the policy-wide default when set. */
  omitManagedFields?: boolean;
}

/** An audit Policy. */
export interface Policy {
  rules: PolicyRule[];
  omitStages?: Stage[];
  omitManagedFields?: boolean;
}

/** What the policy checker looks at in a request (kube-apiserver's authorizer attributes). */
export interface RequestAttributes {
  username: string;
  groups: string[];
  verb: string;
  /** True when the request targets an API resource (objectRef present). */
  resourceRequest: boolean;
  apiGroup: string;
  resource: string;
  subresource: string;
  /** "" for cluster-scoped resources and all-namespace requests. */
  namespace: string;
  name: string;
  /** The URL path without its query string (what nonResourceURLs match). */
  path: string;
}

/** The decision of a policy for one request. */
export interface Evaluation {
  level: Level;
  /** Index of the first matching rule, or -1 when no rule matched (level None). */
  ruleIndex: number;
  /** Stages omitted for this request: the union of the policy's and the rule's. */
  omitStages: Stage[];
  /** Stages the API server would emit events for (empty at level None). */
  stagesLogged: Stage[];
  omitManagedFields: boolean;
}
