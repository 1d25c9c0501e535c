import React, { useEffect, useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, LoadingPlaceholder, useStyles2 } from '@grafana/ui';
import type { Rule } from '../../detections';
import { previewTargets, runQueries, sampleOf, seriesOf, type QueryTarget, type RuleSettings } from '../../alerting';
import { testIds } from '../../components/testIds';
import type { DetectionsDeps } from './detections.types';

const RANGE_MS = 24 * 3600_000;
const STEP_MS = 3600_000;
const DEBOUNCE_MS = 400;

interface PreviewState {
  total: number;
  points: Array<{ t: number; v: number }>;
  sample: Array<{ time: number; line: string }>;
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
        const targets = previewTargets(rule, JSON.parse(key), ds, STEP_MS);
        const to = deps.now();
        const res = await runQueries(deps.http, targets, to - RANGE_MS, to);
        const failed = Object.entries(res).find(([, r]) => r.error);
        if (failed) {
          throw new Error(failed[1].error);
        }
        const points = seriesOf(res.count?.frames);
        if (live) {
          setState({ total: points.reduce((n, p) => n + p.v, 0), points, sample: sampleOf(res.sample?.frames) });
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
  const max = Math.max(1, ...state.points.map((p) => p.v));
  return (
    <div>
      <div
        data-testid={testIds.detections.previewCount}
        data-count={loading ? '' : state.total}
        className={styles.total}
      >
        {state.total} matching events in the last 24 h{loading ? ' (updating…)' : ''}
      </div>
      <div className={styles.bars} aria-label="Hits per hour">
        {state.points.map((p) => (
          <div
            key={p.t}
            className={styles.bar}
            style={{ height: `${(p.v / max) * 100}%` }}
            title={`${new Date(p.t).toISOString()}: ${p.v}`}
          />
        ))}
      </div>
      <div data-testid={testIds.detections.previewSample} data-rows={state.sample.length}>
        {state.sample.length === 0 ? (
          <span className={styles.muted}>No sample events.</span>
        ) : (
          state.sample.map((s, i) => (
            <pre key={i} className={styles.line}>
              {new Date(s.time).toISOString()} {s.line}
            </pre>
          ))
        )}
      </div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  total: css({ fontSize: theme.typography.h4.fontSize, marginBottom: theme.spacing(1) }),
  bars: css({
    display: 'flex',
    alignItems: 'flex-end',
    gap: 2,
    height: 60,
    marginBottom: theme.spacing(1),
    borderBottom: `1px solid ${theme.colors.border.medium}`,
  }),
  bar: css({ flex: 1, minHeight: 1, background: theme.colors.primary.main }),
  line: css({
    fontSize: theme.typography.bodySmall.fontSize,
    margin: 0,
    padding: theme.spacing(0.25, 0.5),
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-all',
  }),
  muted: css({ color: theme.colors.text.secondary }),
});
