/**
 * The audit policy advisor's engine: pure functions, no React, no I/O. The page and the
 * CLI use only what is exported here.
 */
export * from './types';
export { parsePolicy } from './parse';
export type { PolicyIssue, PolicyParseResult } from './parse';
export { serializePolicy } from './serialize';
export { evaluate, evaluateAttributes, ruleMatches, naturalStages } from './evaluate';
export { attributesOf, auditObject } from './request';
export { applyPolicy } from './apply';
export { observe } from './observe';
export type { Observed, ObservedRequest } from './observe';
export { replay, replayObserved, comparePolicies } from './replay';
export type { Comparison, ReplayOptions, ReplayResult, RuleVolume } from './replay';
export { blindSpots, checkDetection } from './blindspots';
export type { DetectionCoverage, ProbeFailure } from './blindspots';
export { suggestPolicy, formatBytes } from './suggest';
export type { Suggestion, SuggestOptions, RuleExplanation } from './suggest';
export { AUDIT_REQUIREMENTS } from './requirements';
export type { DetectionRequirement, EventNeed } from './requirements';
export { POLICY_TEMPLATES, templateById } from './templates';
export type { PolicyTemplate } from './templates';
export { describeRule } from './describe';
export { FALLBACK_BYTES } from './size';
