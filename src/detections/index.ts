/** The detection engine: rule format, planner, LogQL/LogsQL compiler, matcher and catalog. */
export * from './types';
export { loadRule, loadRules, formatRuleError } from './load';
export type { LoadResult } from './load';
export { planRule, DEFAULT_SELECTORS, checkSelector, durationMs } from './plan';
export type { ParamValues } from './plan';
export { compileRule, rulerYaml } from './compile';
export type { Form, Backend } from './compile';
export { logqlLogQuery, logqlMetricQuery } from './logql';
export { logsqlLogQuery, logsqlStatsQuery } from './logsql';
export { matchEvent, detect, windowValues, groupKey, eventNs } from './matcher';
export type { Detection } from './matcher';
