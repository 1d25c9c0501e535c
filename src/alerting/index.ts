/** Detections as Grafana alert rules: payloads, writes, exports, custom-rule storage and the page's queries. */
export { alertRuleUid } from './uid';
export { mitreTags, TACTICS, tacticTitle } from './mitre';
export type { MitreTags } from './mitre';
export { alertAnnotations, alertRulePayload, alertQueryModel, alertLabels, investigateLink, keyLabels, thresholdOf } from './payload';
export type { AlertTarget } from './payload';
export { AlertWriter } from './writer';
export type { AlertStatus, EnableTarget, WriteOptions, WriteOutcome, WriteResult } from './writer';
export { fileRule, lokiRulerExport, grafanaProvisioningExport } from './exports';
export { queriesDiffer, staleRules, updateStaleRules } from './stale';
export type { StaleReport, StaleRule } from './stale';
export type { ExportItem, ExportResult, FileRule } from './exports';
export * from './settings';
export * from './builder';
export * from './queries';
export * from './readiness';
export * from './target';
