import React, { useLayoutEffect, useRef, useState } from 'react';
import { DataFrame, LoadingState, dateTime } from '@grafana/data';
import { PanelRenderer } from '@grafana/runtime';

const HEIGHT = 240;

interface Props {
  title: string;
  testId: string;
  frame: DataFrame;
  fromMs: number;
  toMs: number;
}

/** Grafana's time series panel over a frame of hits per step; data-totals sums each series. */
export function OverTimePanel({ title, testId, frame, fromMs, toMs }: Props) {
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
    <section ref={ref} data-testid={testId} data-totals={totals.join(' ')} aria-label={title}>
      <h3>{title}</h3>
      {frame.length === 0 ? (
        <p>No rule matched an event in the range.</p>
      ) : (
        width > 0 && (
          <PanelRenderer
            pluginId="timeseries"
            title={title}
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
