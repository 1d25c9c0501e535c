/** The advisor's results: per-rule volume side by side, blind detections, the suggestion. */
import React from 'react';
import { Badge, Button, Stack } from '@grafana/ui';
import { testIds } from '../../components/testIds';
import { DetectionCoverage, formatBytes, ReplayResult, RuleExplanation } from '../../policy';
import type { Analysis } from './PolicyAdvisor.utils';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function RuleRows({ title, result }: { title: string; result: ReplayResult }) {
  return (
    <table className="filter-table" aria-label={`${title} rules`}>
      <thead>
        <tr>
          <th>#</th>
          <th>Level</th>
          <th>Rule</th>
          <th>Requests</th>
          <th>Bytes/day</th>
          <th>Share</th>
        </tr>
      </thead>
      <tbody>
        {result.rows.map((r) => (
          <tr key={r.ruleIndex}>
            <td>{r.ruleIndex >= 0 ? r.ruleIndex + 1 : '–'}</td>
            <td>{r.level}</td>
            <td>{r.summary}</td>
            <td>{r.requests}</td>
            <td
              title={r.estimatedShare > 0 ? `${pct(r.estimatedShare)} estimated (bodies not in the sample)` : undefined}
            >
              {formatBytes(r.bytesPerDay)}
              {r.estimatedShare > 0.005 ? ' *' : ''}
            </td>
            <td>{pct(r.share)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function VolumeComparison({ analysis, compareTitle }: { analysis: Analysis; compareTitle: string }) {
  const { current, proposed, ratio } = analysis.comparison;
  return (
    <div data-testid={testIds.auditPolicy.volumeTable}>
      <p data-testid={testIds.auditPolicy.totals}>
        Current: <strong>{formatBytes(current.totalBytesPerDay)}/day</strong> ({Math.round(current.totalLinesPerDay)}{' '}
        lines/day). {compareTitle}: <strong>{formatBytes(proposed.totalBytesPerDay)}/day</strong> (
        {Math.round(proposed.totalLinesPerDay)} lines/day), {pct(ratio)} of current.
        {current.estimatedShare > 0 || proposed.estimatedShare > 0
          ? ' * includes estimated bodies the sample did not carry.'
          : ''}
      </p>
      <Stack direction="row" gap={2} wrap="wrap">
        <div>
          <h4>Current</h4>
          <RuleRows title="Current" result={current} />
        </div>
        <div>
          <h4>{compareTitle}</h4>
          <RuleRows title={compareTitle} result={proposed} />
        </div>
      </Stack>
    </div>
  );
}

function Coverage({ c }: { c: DetectionCoverage }) {
  const color = c.status === 'working' ? 'green' : c.status === 'blind' ? 'red' : 'orange';
  return (
    <li>
      <Badge color={color} text={c.status} /> <strong>{c.id}</strong>
      {c.examples.length > 0 && (
        <ul>
          {c.examples.slice(0, 2).map((e, i) => (
            <li key={i}>
              {e.request}: {e.reason}
              {e.rule > 0 ? ` (rule ${e.rule})` : ' (no rule matched)'}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

export function BlindSpots({
  current,
  proposed,
  compareTitle,
}: {
  current: DetectionCoverage[];
  proposed: DetectionCoverage[];
  compareTitle: string;
}) {
  const blind = (list: DetectionCoverage[]) => list.filter((c) => c.status !== 'working');
  return (
    <div data-testid={testIds.auditPolicy.blindSpots}>
      <h3>Blind detections</h3>
      {[['Current', blind(current)] as const, [compareTitle, blind(proposed)] as const].map(([title, list]) => (
        <div key={title}>
          <h4>
            {title}:{' '}
            {list.length === 0
              ? 'every detection keeps its data'
              : `${list.length} of ${current.length} detections blind or partly blind`}
          </h4>
          <ul>
            {list.map((c) => (
              <Coverage key={c.id} c={c} />
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}

/** Offers a text as a file download (a Blob link, no server round trip). */
function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/yaml' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

export function SuggestionPanel({ yaml, explanations }: { yaml: string; explanations: RuleExplanation[] }) {
  return (
    <div data-testid={testIds.auditPolicy.suggestion}>
      <h3>Suggested policy</h3>
      <ol>
        {explanations.map((e) => (
          <li key={e.ruleIndex}>{e.text}</li>
        ))}
      </ol>
      <Button
        icon="download-alt"
        data-testid={testIds.auditPolicy.download}
        onClick={() => download('audit-policy.yaml', yaml)}
      >
        Download YAML
      </Button>
      <pre>{yaml}</pre>
    </div>
  );
}
