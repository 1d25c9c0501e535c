/** "Check again": detect every source's stream, sample it, and derive the page's statuses. */
import { CATALOG_RULES } from '../../detections/catalog';
import { detectStreams } from '../../sources/detect';
import { type LogBackendCalls, callsProbe, exprFor } from './probe';
import { blindDetections, type BlindDetection, sourceStatus, type SourceStatus } from './sourceStatus';

/** How far back the page looks, and how many lines it reads per source. */
export const CHECK_RANGE_MS = 60 * 60_000;
export const SAMPLE_LIMIT = 200;

export interface SourceReport {
  status: SourceStatus;
  blind: BlindDetection[];
}

/** Runs detection and sampling; upstream failures propagate with the upstream's message. */
export async function checkSources(calls: LogBackendCalls): Promise<SourceReport[]> {
  const detections = await detectStreams(callsProbe(calls, CHECK_RANGE_MS), { sampleSize: 20 });
  const reports: SourceReport[] = [];
  for (const d of detections) {
    const sample = d.proposal ? await calls.logs(exprFor(calls.kind, d.proposal.query), CHECK_RANGE_MS, SAMPLE_LIMIT) : undefined;
    const status = sourceStatus(d, sample);
    reports.push({ status, blind: blindDetections(status, CATALOG_RULES) });
  }
  return reports;
}
