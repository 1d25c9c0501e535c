/**
 * Runs an investigation for the page: timeline first (first rows fast), counts after, older
 * pages on demand. A newer state cancels the answers of an older one.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { getDataSourceInstanceSettings } from '@grafana/runtime/unstable';
import { loadQueryTarget, type QueryTarget } from '../../alerting/target';
import { backendSrvHttp } from '../../api/grafana/backendSrvHttp';
import { DATASOURCE_TYPE } from '../../constants';
import {
  httpRunner,
  loadCounts,
  loadOlder,
  loadTimeline,
  resolveRange,
  type InvestigateRequest,
  type InvestigateState,
  type SourceCounts,
  type TimelineResult,
} from '../../investigate';

export interface Investigation {
  loading: boolean;
  error?: string;
  timeline?: TimelineResult;
  counts?: { stepMs: number; counts: SourceCounts[] };
  range?: { fromMs: number; toMs: number };
  loadMore: () => void;
}

const run = httpRunner(backendSrvHttp);

/** The Vigil data source to query (the default one of its type): its backend and layouts. */
export async function vigilDataSource(): Promise<QueryTarget | undefined> {
  const ds = await getDataSourceInstanceSettings({ type: DATASOURCE_TYPE });
  // Without one of its type the lookup answers Grafana's default data source.
  if (ds?.type !== DATASOURCE_TYPE) {
    return undefined;
  }
  return loadQueryTarget(backendSrvHttp, ds);
}

/** The Vigil data source, looked up once per page load (on first use): a getter for effects. */
export function useVigilDataSource(): () => Promise<QueryTarget | undefined> {
  const target = useRef<Promise<QueryTarget | undefined>>();
  return useCallback(() => (target.current ??= vigilDataSource()), []);
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String((e as { message?: string })?.message ?? e));

export function useInvestigation(state: InvestigateState): Investigation {
  const key = JSON.stringify([state.entity, state.from, state.to, state.sources]);
  const [done, setDone] = useState<Omit<Investigation, 'loading' | 'loadMore'> & { key: string; request?: InvestigateRequest }>();
  const [more, setMore] = useState(false);
  const dataSource = useVigilDataSource();

  useEffect(() => {
    let live = true;
    const entity = state.entity;
    const finish = (r: Omit<NonNullable<typeof done>, 'key'>) => live && setDone({ key, ...r });
    (async () => {
      if (!entity) {
        return;
      }
      const ds = await dataSource();
      const range = resolveRange(state, Date.now());
      if (!ds) {
        return finish({ error: 'No Vigil data source is configured: add one on the Configuration page.' });
      }
      if (range instanceof Error) {
        return finish({ error: range.message });
      }
      const request: InvestigateRequest = { entity, ...range, ...ds, sources: state.sources };
      try {
        const timeline = await loadTimeline(request, run);
        finish({ timeline, request, range });
        const counts = await loadCounts(request, timeline.plans, run);
        finish({ timeline: { ...timeline, errors: [...timeline.errors, ...counts.errors] }, counts, request, range });
      } catch (e) {
        finish({ error: messageOf(e), request, range });
      }
    })();
    return () => {
      live = false;
    };
    // The key covers every part of the state the queries read.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  const current = done?.key === key ? done : undefined;
  const loadMore = useCallback(() => {
    if (!current?.timeline || !current.request) {
      return;
    }
    setMore(true);
    loadOlder(current.request, current.timeline, run)
      .then((timeline) => setDone({ ...current, timeline }))
      .catch((e) => setDone({ ...current, error: messageOf(e) }))
      .finally(() => setMore(false));
  }, [current]);

  return {
    loading: more || (!!state.entity && (!current || (!!current.timeline && !current.counts && !current.error))),
    error: current?.error,
    timeline: current?.timeline,
    counts: current?.counts,
    range: current?.range,
    loadMore,
  };
}
