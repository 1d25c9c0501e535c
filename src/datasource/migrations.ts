import { DEFAULT_QUERY, QUERY_MODEL_VERSION, VigilQuery } from './types';

/**
 * Brings a stored query of any version to the current model. Saved dashboards and alert
 * rules outlive releases, so every load goes through here.
 */
export function migrateQuery(raw: Partial<VigilQuery> & { refId: string }): VigilQuery {
  const q = { ...DEFAULT_QUERY, ...raw } as VigilQuery;
  if (!raw.version) {
    // Unversioned queries predate the model: treat them as hand-written code.
    q.mode = 'code';
  }
  q.version = QUERY_MODEL_VERSION;
  return q;
}
