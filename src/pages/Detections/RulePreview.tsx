import React, { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { css } from '@emotion/css';
import { dateTime, LoadingState, type GrafanaTheme2 } from '@grafana/data';
import { PanelRenderer } from '@grafana/runtime';
import { Alert, LoadingPlaceholder, useStyles2 } from '@grafana/ui';
import type { Plan, Rule } from '../../detections';
import {
  evaluationOf,
  firingTarget,
  previewTargets,
  runQueries,
  sampleOf,
  seriesOf,
  type FrameJson,
  type QueryTarget,
  type RuleSettings,
} from '../../alerting';
import { testIds } from '../../components/testIds';
import { summaryOf } from '../../investigate/summary';
import type { DetectionsDeps } from './detections.types';
import {
  bucketMs,
  firingTimesOf,
  histogramFrame,
  histogramOf,
  hitRows,
  type Histogram,
  type HitRow,
} from './rulePreview.utils';

const RANGE_MS = 24 * 3600_000;
const DEBOUNCE_MS = 400;
/** Hit rows listed: the newest. */
const ROWS = 50;
const HEIGHT = 200;

interface PreviewState {
  histogram: Histogram;
  fromMs: number;
  toMs: number;
  plan: Plan;
  window: string;
  windowMs: number;
  rows: HitRow[];
}

/** Each series of a range result on its own (one per group key of an alert query). */
function seriesEach(frames: FrameJson[] | undefined) {
  return (frames ?? []).map((f) => seriesOf([f]));
}

/** What one bar is and when the alert fires, in words. */
function windowText(plan: Plan, window: string, stepMs: number, windowMs: number): string {
  const per =
    stepMs === windowMs ? `one ${window} evaluation window` : `${stepMs / windowMs} evaluation windows of ${window}`;
  const w = plan.window;
  if (!w) {
    return `Each bar is ${per} (the alert rule's window): the alert fires on any hit in a window.`;
  }
  const what = w.type === 'event_count' ? 'events' : `distinct ${w.field} values`;
  const by = w.groupBy.length ? ` of one ${w.groupBy.join(', ')}` : '';
  return `Each bar is ${per} (the correlation timespan): the alert fires when a window holds ${w.op === 'gte' ? '≥' : '>'} ${w.threshold} ${what}${by}. Red bars are the windows where it fires.`;
}

/** Hits of the rule as edited (unsaved parameters and exceptions included) over the last 24 h. */
export function RulePreview({
  deps,
  ds,
  rule,
  settings,
}: {
  deps: DetectionsDeps;
  ds?: QueryTarget;
  rule: Rule;
  settings: RuleSettings;
}) {
  const styles = useStyles2(getStyles);
  const [state, setState] = useState<PreviewState>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(false);
  const key = JSON.stringify(settings);

  useEffect(() => {
    if (!ds) {
      return;
    }
    let live = true;
    const timer = setTimeout(async () => {
      setLoading(true);
      try {
        const parsed = JSON.parse(key) as RuleSettings;
        const { plan, window, windowMs } = evaluationOf(rule, parsed, ds);
        const stepMs = bucketMs(windowMs, RANGE_MS);
        const firing = firingTarget(rule, parsed, ds, stepMs, RANGE_MS);
        const targets = [...previewTargets(rule, parsed, ds, stepMs, ROWS, RANGE_MS), ...(firing ? [firing] : [])];
        const to = deps.now();
        const from = to - RANGE_MS;
        const res = await runQueries(deps.http, targets, from, to);
        const failed = Object.entries(res).find(([, r]) => r.error);
        if (failed) {
          throw new Error(failed[1].error);
        }
        const histogram = histogramOf(
          seriesOf(res.count?.frames),
          firing ? firingTimesOf(seriesEach(res.firing?.frames)) : undefined,
          stepMs,
          from,
          to
        );
        if (live) {
          setState({
            histogram,
            fromMs: from,
            toMs: to,
            plan,
            window,
            windowMs,
            rows: hitRows(plan, sampleOf(res.sample?.frames)),
          });
          setError(undefined);
        }
      } catch (e) {
        if (live) {
          setError(e instanceof Error ? e.message : String(e));
        }
      } finally {
        if (live) {
          setLoading(false);
        }
      }
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [deps, ds, rule, key]);

  if (!ds) {
    return (
      <Alert severity="info" title="No data source">
        Configure a Vigil data source to preview hits.
      </Alert>
    );
  }
  if (error) {
    return (
      <Alert severity="error" title="Preview failed" data-testid={testIds.detections.previewError}>
        {error}
      </Alert>
    );
  }
  if (!state) {
    return <LoadingPlaceholder text="Running the preview…" />;
  }
  const h = state.histogram;
  return (
    <div>
      <div data-testid={testIds.detections.previewCount} data-count={loading ? '' : h.total} className={styles.total}>
        {h.total} matching events in the last 24 h{loading ? ' (updating…)' : ''}
      </div>
      <HitHistogram
        histogram={h}
        backend={ds.backend}
        windowRule={!!state.plan.window}
        fromMs={state.fromMs}
        toMs={state.toMs}
      />
      <p className={styles.muted}>{windowText(state.plan, state.window, h.stepMs, state.windowMs)}</p>
      <h5 className={styles.rowsTitle}>
        Newest hits{state.rows.length ? ` (${state.rows.length})` : ''}, with the condition fields that made each match
        highlighted
      </h5>
      <div
        data-testid={testIds.detections.previewSample}
        data-rows={state.rows.length}
        data-condition-fields={state.plan.fields.join(' ')}
        className={styles.rows}
      >
        {state.rows.length === 0 ? (
          <span className={styles.muted}>No matching events in the last 24 h.</span>
        ) : (
          state.rows.map((r, i) => <HitRowView key={i} row={r} />)
        )}
      </div>
    </div>
  );
}

/** Grafana's time series panel over the histogram frame; the section's data attributes state what it draws. */
function HitHistogram({
  histogram,
  backend,
  windowRule,
  fromMs,
  toMs,
}: {
  histogram: Histogram;
  backend: QueryTarget['backend'];
  windowRule: boolean;
  fromMs: number;
  toMs: number;
}) {
  // PanelRenderer takes a width in pixels: follow the section's.
  const ref = useRef<HTMLElement>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) {
      return;
    }
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry.contentRect.width)));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const frame = useMemo(() => histogramFrame(histogram, backend, windowRule), [histogram, backend, windowRule]);
  const range = { from: dateTime(fromMs), to: dateTime(toMs) };
  const firing = histogram.firing.filter((f, i) => f && histogram.hits[i] > 0).length;
  return (
    <section
      ref={ref}
      data-testid={testIds.detections.previewHistogram}
      data-step-ms={histogram.stepMs}
      data-times={histogram.times.join(' ')}
      data-buckets={histogram.hits.join(' ')}
      data-firing={histogram.firing.map((f) => (f ? 1 : 0)).join('')}
      data-firing-windows={firing}
      aria-label="Hits per evaluation window over the last 24 h"
    >
      {width > 0 && (
        <PanelRenderer
          pluginId="timeseries"
          title="Hits per evaluation window"
          width={width}
          height={HEIGHT}
          data={{ state: LoadingState.Done, series: [frame], timeRange: { ...range, raw: range } }}
          options={{
            legend: { showLegend: true, displayMode: 'list', placement: 'bottom', calcs: [] },
            tooltip: { mode: 'multi', sort: 'none' },
          }}
          fieldConfig={{ defaults: { custom: frame.fields[1]?.config.custom }, overrides: [] }}
        />
      )}
    </section>
  );
}

const clip = (text: string, n = 160) => (text.length > n ? `${text.slice(0, n)}…` : text);

function HitRowView({ row }: { row: HitRow }) {
  const styles = useStyles2(getStyles);
  return (
    <div
      className={styles.row}
      data-testid={testIds.detections.previewRow}
      data-matched={row.matched.map((m) => m.field).join(' ')}
    >
      <div className={styles.head}>
        <span className={styles.time}>{new Date(row.time).toISOString().replace('T', ' ').slice(0, 23)}</span>
        <span>{row.event ? summaryOf(row.event) : 'unparsed line'}</span>
      </div>
      <div className={styles.fields}>
        {row.matched.map((m) => (
          <mark key={m.field} className={styles.field} title={`${m.field} = ${m.value}`}>
            <span className={styles.fieldName}>{m.field}</span>
            <span className={styles.fieldValue}>{clip(m.value) || '(empty)'}</span>
          </mark>
        ))}
      </div>
      <pre className={styles.line}>{row.line}</pre>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  total: css({ fontSize: theme.typography.h4.fontSize, marginBottom: theme.spacing(1) }),
  muted: css({
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
    margin: theme.spacing(0.5, 0, 1),
  }),
  rowsTitle: css({ marginTop: theme.spacing(2) }),
  rows: css({
    maxHeight: 480,
    overflow: 'auto',
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
  }),
  row: css({
    padding: theme.spacing(0.75, 1),
    borderBottom: `1px solid ${theme.colors.border.weak}`,
    '&:last-child': { borderBottom: 'none' },
  }),
  head: css({
    display: 'flex',
    gap: theme.spacing(1),
    flexWrap: 'wrap',
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  time: css({
    fontFamily: theme.typography.fontFamilyMonospace,
    color: theme.colors.text.secondary,
    whiteSpace: 'nowrap',
  }),
  fields: css({ display: 'flex', flexWrap: 'wrap', gap: theme.spacing(0.5), margin: theme.spacing(0.5, 0) }),
  field: css({
    display: 'inline-flex',
    maxWidth: '100%',
    fontSize: theme.typography.bodySmall.fontSize,
    fontFamily: theme.typography.fontFamilyMonospace,
    color: theme.colors.text.primary,
    background: theme.colors.warning.transparent,
    border: `1px solid ${theme.colors.warning.border}`,
    borderRadius: theme.shape.radius.default,
    overflow: 'hidden',
  }),
  fieldName: css({
    padding: theme.spacing(0, 0.5),
    background: theme.colors.warning.transparent,
    color: theme.colors.warning.text,
    whiteSpace: 'nowrap',
  }),
  fieldValue: css({ padding: theme.spacing(0, 0.5), wordBreak: 'break-all' }),
  line: css({
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
    margin: 0,
    padding: 0,
    background: 'none',
    border: 'none',
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-all',
    display: '-webkit-box',
    WebkitLineClamp: 2,
    WebkitBoxOrient: 'vertical',
    overflow: 'hidden',
  }),
});
