/**
 * The simulator's library API. Tests, benchmarks and the demo import from here.
 */
export { simulate, generateEvents, toStreams, resolveVolume, DEFAULT_VOLUME, BUSY_FACTOR } from './simulate';
export { pushToLoki, pushUrl, batches } from './output/push';
export type { Backend, PushOptions, PushReport } from './output/push';
export { writeFiles } from './output/files';
export type { WrittenFiles } from './output/files';
export { startMetricsServer, FalcoCounters, METRIC_FAMILIES, falcoPriorityNumber, sidekickPriorityNumber } from './output/metrics';
export type { MetricFamily, MetricsServer } from './output/metrics';
export { runLive } from './live';
export type { LiveOptions } from './live';
export { LiveStatus, formatLiveStatus } from './liveStatus';
export type { LiveCounts, LiveReport, LiveStatusOptions, LiveVerb, StatusMode } from './liveStatus';
export { SCENARIOS, selectScenarios } from './scenarios';
export { PROFILES, labelsFor, lineFor } from './profiles';
export { buildCluster } from './cluster';
export { criFrame } from './formats/coredns';
export * from './types';
