import React from 'react';
import { Icon, Stack } from '@grafana/ui';
import type { SourceId } from '../../sources/types';
import { testIds } from '../../components/testIds';

/** The backend's health report (pkg/plugin/health.go HealthReport). */
export interface HealthReport {
  upstreams: Array<{ name: string; url?: string; ok: boolean; message: string }>;
  sources: Record<string, SourceHealth>;
  problems?: string[];
  /** Worth a look, not failures: a source in both layouts, a layout set against the data. */
  warnings?: string[];
}

/** One source's entry; the layout keys come from VictoriaLogs only. */
export interface SourceHealth {
  found: boolean;
  evidence?: string;
  /** The layout queries use: the configured one, else the detected one. */
  layout?: 'native' | 'verbatim';
  detectedLayout?: 'native' | 'verbatim' | 'mixed';
  configuredLayout?: 'native' | 'verbatim';
}

/** How a source's events are stored, in words, when the backend reported it. */
export function layoutText(s: SourceHealth): string {
  if (!s.layout) {
    return '';
  }
  const stored = s.layout === 'native' ? 'stored as fields' : 'lines in _msg';
  return s.configuredLayout ? `, ${stored} (set; detected ${s.detectedLayout ?? 'nothing'})` : `, ${stored} (detected${s.detectedLayout === 'mixed' ? ': mixed' : ''})`;
}

/** One matcher of the backend's evidence: `job="auditlog"`, `rule=~".+"` (Go-quoted value). */
const MATCHER = String.raw`[A-Za-z_][A-Za-z0-9_]*=~?"(?:[^"\\]|\\.)*"`;
const EVIDENCE = new RegExp(`^${MATCHER}(?:, ${MATCHER})*$`);

/**
 * Selectors for the sources the backend found, from its evidence: the matchers of the stream
 * selector the label conventions picked (`job="auditlog"`, `container="coredns",
 * namespace="kube-system"`, `rule=~".+", priority=~".+"`). Evidence of another shape is skipped.
 */
export function selectorsFromHealth(report: HealthReport): Partial<Record<SourceId, string>> {
  const out: Partial<Record<SourceId, string>> = {};
  for (const [id, s] of Object.entries(report.sources ?? {})) {
    if (s.found && s.evidence && EVIDENCE.test(s.evidence)) {
      out[id as SourceId] = `{${s.evidence}}`;
    }
  }
  return out;
}

/** Per-upstream and per-source health, as the backend reported it. */
export function HealthDetails({ report }: { report: HealthReport }) {
  return (
    <div data-testid={testIds.datasource.sourceHealth}>
      <Stack direction="column" gap={0.5}>
        {report.upstreams.map((u) => (
          <div key={u.name}>
            <Icon name={u.ok ? 'check' : 'exclamation-triangle'} /> {u.name}: {u.message}
          </div>
        ))}
        {Object.entries(report.sources).map(([id, s]) => (
          <div key={id}>
            <Icon name={s.found ? 'check' : 'times'} /> {id}: {s.found ? `found (${s.evidence})${layoutText(s)}` : 'no streams in the last 24 h'}
          </div>
        ))}
        {[...(report.problems ?? []), ...(report.warnings ?? [])].map((p) => (
          <div key={p}>
            <Icon name="exclamation-triangle" /> {p}
          </div>
        ))}
      </Stack>
    </div>
  );
}
