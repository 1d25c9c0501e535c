/**
 * Which VictoriaLogs layout each source is read with: the data source's setting, else what
 * the backend's health check detected, else native (VictoriaLogs' default for JSON lines).
 * Every query path compiles with these (docs/victorialogs.md); on Loki there is no layout.
 */
import type { Layout } from '../detections/logsql';
import { SOURCE_IDS, type SourceId } from '../sources/types';
import type { HealthReport } from './components/health';
import type { VigilDataSourceOptions } from './types';

export type SourceLayouts = Partial<Record<SourceId, Layout>>;

type LayoutSettings = Pick<VigilDataSourceOptions, 'logBackend' | 'victoriaLogsLayout'> | undefined;

/** The layout of every source, from the settings and (for sources not set) a health report. */
export function resolveLayouts(jsonData: LayoutSettings, health?: Pick<HealthReport, 'sources'>): SourceLayouts {
  if (jsonData?.logBackend !== 'victorialogs') {
    return {};
  }
  const out: SourceLayouts = {};
  for (const id of SOURCE_IDS) {
    out[id] = jsonData.victoriaLogsLayout?.[id] || health?.sources?.[id]?.layout || 'native';
  }
  return out;
}

/**
 * The layouts, asking the backend's health resource only when some source is not set. A
 * failed health check leaves those sources at native: queries then say what they found.
 */
export async function loadLayouts(jsonData: LayoutSettings, health: () => Promise<HealthReport>): Promise<SourceLayouts> {
  if (jsonData?.logBackend !== 'victorialogs') {
    return {};
  }
  const unset = SOURCE_IDS.some((id) => !jsonData.victoriaLogsLayout?.[id]);
  const report = unset ? await health().catch(() => undefined) : undefined;
  return resolveLayouts(jsonData, report);
}
