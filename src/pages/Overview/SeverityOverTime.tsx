import React, { useLayoutEffect, useRef, useState } from 'react';
import { DataFrame, LoadingState, dateTime } from '@grafana/data';
import { PanelRenderer } from '@grafana/runtime';
import { testIds } from '../../components/testIds';

const HEIGHT = 240;

/** Grafana's time series panel over the frame of hits per step and severity. */
export function SeverityOverTime({ frame, fromMs, toMs }: { frame: DataFrame; fromMs: number; toMs: number }) {
  // PanelRenderer takes a width in pixels: follow the section's.
  const ref = useRef<HTMLDivElement>(null);
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
  const range = { from: dateTime(fromMs), to: dateTime(toMs) };
  const totals = frame.fields.slice(1).map((f) => `${f.name}:${f.values.reduce((n: number, v: number) => n + v, 0)}`);
  return (
    <section ref={ref} data-testid={testIds.overview.overTime} data-totals={totals.join(' ')} aria-label="Detections over time by severity">
      <h3>Detections over time by severity</h3>
      {frame.length === 0 ? (
        <p>No rule matched an event in the range.</p>
      ) : (
        width > 0 && (
          <PanelRenderer
            pluginId="timeseries"
            title="Detections over time by severity"
            width={width}
            height={HEIGHT}
            data={{ state: LoadingState.Done, series: [frame], timeRange: { ...range, raw: range } }}
            options={{ legend: { showLegend: true, displayMode: 'list', placement: 'bottom', calcs: [] } }}
          />
        )
      )}
    </section>
  );
}
