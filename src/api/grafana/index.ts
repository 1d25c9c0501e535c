export * from './types';
export * from './errors';
export * from './http';
export { AlertRulesApi } from './alertRules';
export type { PauseOutcome, UpsertOutcome, UpsertResult, UpsertOptions } from './alertRules';
export { FoldersApi, SettingsApi } from './folders';
export { ruleFingerprint, FINGERPRINT_ANNOTATION } from './fingerprint';
export { contractProblems, assertContract } from './validate';
export { dataquery, wire } from './sdk';
