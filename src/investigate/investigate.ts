/**
 * One investigation, in the order the page needs it: the newest page of every source and
 * the resolution lines in one request (first rows fast), then the sources reached through
 * resolution, then counts per source over time. Errors of one source never hide the others.
 */
import type { Rule } from '../detections';
import type { QueryTarget } from '../alerting/target';
import type { SourceId } from '../sources/types';
import type { Entity } from './entity';
import { directPlans, resolvedPlans, resolvePlans, type Resolution, type SourcePlan } from './plan';
import { countTarget, DEFAULT_PAGE, logsTarget, rowsOf, seriesOf, stepFor, type QueryRunner } from './queries';
import { emptyResolution, resolveFromLines } from './resolve';
import { mergeTimeline, toEvents, type TimelineEvent } from './timeline';

/** An investigation, and the data source (backend, each source's selector and layout) it queries. */
export interface InvestigateRequest extends QueryTarget {
  entity: Entity;
  fromMs: number;
  toMs: number;
  /** Sources to show; all when absent. */
  sources?: SourceId[];
  limit?: number;
  /** Custom rules, for rule entities. */
  rules?: Rule[];
}

export interface SourceError {
  source: SourceId | 'resolution';
  message: string;
}

export interface TimelineResult {
  events: TimelineEvent[];
  plans: SourcePlan[];
  resolution: Resolution;
  errors: SourceError[];
  /** Sources whose page was full: older events exist. */
  truncated: SourceId[];
}

const wanted = (req: InvestigateRequest, s: SourceId) => !req.sources || req.sources.includes(s);

/** Runs the log queries of `plans` and returns their events, errors and full pages. */
async function runPlans(req: InvestigateRequest, plans: SourcePlan[], run: QueryRunner, toMs = req.toMs) {
  const limit = req.limit ?? DEFAULT_PAGE;
  const targets = plans.map((p, i) => logsTarget(`logs${i}`, p.plan, req, limit));
  const results = targets.length ? await run(targets, req.fromMs, toMs) : {};
  const errors: SourceError[] = [];
  const truncated: SourceId[] = [];
  const events = plans.map((p, i) => {
    const res = results[`logs${i}`];
    if (res?.error) {
      errors.push({ source: p.source, message: res.error });
    }
    const rows = rowsOf(results, `logs${i}`, p.source, p.via);
    rows.length >= limit && !truncated.includes(p.source) && truncated.push(p.source);
    return toEvents(rows);
  });
  return { events: mergeTimeline(...events), errors, truncated };
}

/** The timeline of an entity: direct sources and resolution in one request, then resolved sources. */
export async function loadTimeline(req: InvestigateRequest, run: QueryRunner): Promise<TimelineResult> {
  const direct = directPlans(req.entity, req.selectors, req.rules).filter((p) => wanted(req, p.source));
  const resolve = resolvePlans(req.entity, req.selectors);
  const limit = req.limit ?? DEFAULT_PAGE;
  const resolveTargets = resolve.map((r, i) => logsTarget(`resolve${i}`, r.plan, req, limit));
  const [first, resolved] = await Promise.all([
    runPlans(req, direct, run),
    resolveTargets.length ? run(resolveTargets, req.fromMs, req.toMs) : Promise.resolve({}),
  ]);
  const resolution = emptyResolution();
  const errors = [...first.errors];
  resolve.forEach((r, i) => {
    const res = (resolved as Record<string, { error?: string }>)[`resolve${i}`];
    if (res?.error) {
      errors.push({ source: 'resolution', message: res.error });
    }
    resolveFromLines(r.purpose, rowsOf(resolved, `resolve${i}`, 'audit').map((x) => x.line), resolution);
  });
  const second = resolvedPlans(req.entity, resolution, req.selectors).filter((p) => wanted(req, p.source));
  const more = await runPlans(req, second, run);
  return {
    events: mergeTimeline(first.events, more.events),
    plans: [...direct, ...second],
    resolution,
    errors: [...errors, ...more.errors],
    truncated: [...new Set([...first.truncated, ...more.truncated])],
  };
}

/** The next page: every truncated source's events older than its oldest loaded one. */
export async function loadOlder(req: InvestigateRequest, prev: TimelineResult, run: QueryRunner): Promise<TimelineResult> {
  const pages = await Promise.all(
    prev.truncated.map((source) => {
      const oldest = Math.min(...prev.events.filter((e) => e.source === source).map((e) => e.timeMs));
      // The backend range is inclusive: the boundary line comes back and the merge drops it.
      return runPlans(req, prev.plans.filter((p) => p.source === source), run, oldest);
    })
  );
  return {
    ...prev,
    events: mergeTimeline(prev.events, ...pages.map((p) => p.events)),
    errors: [...prev.errors, ...pages.flatMap((p) => p.errors)],
    truncated: pages.flatMap((p) => p.truncated),
  };
}

export interface SourceCounts {
  source: SourceId;
  points: Array<{ t: number; v: number }>;
  total: number;
}

/** Events per source per step over the whole range, counted by the log backend. */
export async function loadCounts(
  req: InvestigateRequest,
  plans: SourcePlan[],
  run: QueryRunner
): Promise<{ stepMs: number; counts: SourceCounts[]; errors: SourceError[] }> {
  const stepMs = stepFor(req.toMs - req.fromMs);
  const targets = plans.map((p, i) => countTarget(`count${i}`, p.plan, req, stepMs));
  const results = targets.length ? await run(targets, req.fromMs, req.toMs) : {};
  const bySource = new Map<SourceId, Map<number, number>>();
  const errors: SourceError[] = [];
  plans.forEach((p, i) => {
    const res = results[`count${i}`];
    if (res?.error) {
      errors.push({ source: p.source, message: res.error });
    }
    const m = bySource.get(p.source) ?? new Map<number, number>();
    // A source queried twice (direct and resolved) may count an event twice; both are shown as one series.
    seriesOf(res?.frames).forEach(({ t, v }) => m.set(t, (m.get(t) ?? 0) + v));
    bySource.set(p.source, m);
  });
  const counts = [...bySource.entries()].map(([source, m]) => {
    const points = [...m.entries()].sort((a, b) => a[0] - b[0]).map(([t, v]) => ({ t, v }));
    return { source, points, total: points.reduce((s, p) => s + p.v, 0) };
  });
  return { stepMs, counts, errors };
}
