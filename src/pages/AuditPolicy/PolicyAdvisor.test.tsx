/**
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 *
 * (The `yaml` package's browser build is ESM, which jest does not transform; the node
 * build is the same code.)
 */
import React from 'react';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { simulate } from '../../../backend-stub/src';
import { testIds } from '../../components/testIds';
import { parsePolicy, templateById } from '../../policy';
import type { AuditSample } from './auditSample';
import { PolicyAdvisor, readText } from './PolicyAdvisor';

const FROM = Date.UTC(2026, 0, 5, 8);
const TO = FROM + 2 * 3_600_000;
const lines = simulate({ from: FROM, to: TO, scenarios: 'all', seed: 3 })
  .events.filter((e) => e.source === 'audit')
  .map((e) => e.line);
const sample: AuditSample = { events: lines, rangeMs: TO - FROM, totalLines: lines.length * 2 };

async function renderAdvisor(
  loader: jest.Mock<Promise<AuditSample>, [number]> = jest.fn(async (_ms: number) => sample),
  initialPolicy?: string
) {
  render(<PolicyAdvisor loadSample={loader} initialPolicy={initialPolicy} />);
  await screen.findByTestId(testIds.auditPolicy.volumeTable);
  return loader;
}

const text = (id: string) => screen.getByTestId(id).textContent ?? '';

test('shows the sample size, per-rule volumes for both policies, and the totals', async () => {
  const loader = await renderAdvisor();
  expect(loader).toHaveBeenCalledWith(3_600_000);
  expect(text(testIds.auditPolicy.sampleInfo)).toContain(`${lines.length} audit lines over 2.0 h`);
  expect(text(testIds.auditPolicy.sampleInfo)).toContain(`of ${lines.length * 2} in the range`);
  const tables = within(screen.getByTestId(testIds.auditPolicy.volumeTable)).getAllByRole('table');
  expect(tables).toHaveLength(2);
  // The Kubernetes example has 9 rules; each gets a row.
  expect(within(tables[0]).getAllByRole('row')).toHaveLength(1 + 9);
  expect(text(testIds.auditPolicy.totals)).toMatch(/Current: .*\/day.*Suggested policy: .*\/day .*% of current/);
});

test('picking "Metadata for everything" flags the pod-spec detections blind', async () => {
  await renderAdvisor();
  fireEvent.click(within(screen.getByTestId(testIds.auditPolicy.templatePicker)).getByText('Metadata for everything'));
  expect((screen.getByTestId(testIds.auditPolicy.policyText) as HTMLTextAreaElement).value).toBe(
    templateById('metadata-everything').yaml
  );
  const blind = text(testIds.auditPolicy.blindSpots);
  expect(blind).toContain('k8s-privileged-container');
  expect(blind).toContain('logged at Metadata, needs Request');
  expect(blind).toMatch(/Suggested policy: every detection keeps its data/);
});

test('comparing with a template replays it on the same sample', async () => {
  await renderAdvisor();
  const before = text(testIds.auditPolicy.totals);
  fireEvent.click(
    within(screen.getByTestId(testIds.auditPolicy.comparePicker)).getByText('RequestResponse for everything')
  );
  const after = text(testIds.auditPolicy.totals);
  expect(after).toContain('RequestResponse for everything:');
  expect(after).not.toBe(before);
});

test('an invalid policy shows its errors with line numbers and no analysis', async () => {
  await renderAdvisor();
  fireEvent.change(screen.getByTestId(testIds.auditPolicy.policyText), {
    target: { value: 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: Loud\n' },
  });
  expect(text(testIds.auditPolicy.errors)).toContain('Line 4');
  expect(text(testIds.auditPolicy.errors)).toContain('unknown level "Loud"');
  expect(screen.queryByTestId(testIds.auditPolicy.volumeTable)).toBeNull();
});

test('the suggestion downloads as YAML that parses back', async () => {
  const blobs: Blob[] = [];
  URL.createObjectURL = jest.fn((b: Blob) => {
    blobs.push(b);
    return 'blob:suggestion';
  });
  URL.revokeObjectURL = jest.fn();
  const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
  await renderAdvisor();
  expect(text(testIds.auditPolicy.suggestion)).toContain('keeps k8s-privileged-container');
  fireEvent.click(screen.getByTestId(testIds.auditPolicy.download));
  expect(click).toHaveBeenCalled();
  const yaml = await readText(blobs[0]);
  expect(parsePolicy(yaml).ok).toBe(true);
  expect(yaml).toContain('# Suggested by Vigil');
  click.mockRestore();
});

test('an uploaded file replaces the policy text', async () => {
  await renderAdvisor();
  const input = screen.getByTestId(testIds.auditPolicy.upload).querySelector('input[type="file"]')!;
  const file = new File([templateById('gke-style').yaml], 'policy.yaml', { type: 'text/yaml' });
  await act(async () => {
    fireEvent.change(input, { target: { files: [file] } });
  });
  await waitFor(() =>
    expect((screen.getByTestId(testIds.auditPolicy.policyText) as HTMLTextAreaElement).value).toBe(
      templateById('gke-style').yaml
    )
  );
  await waitFor(() => expect(text(testIds.auditPolicy.blindSpots)).toContain('k8s-configmap-credentials'));
});

test('a failing loader shows the upstream message; changing the range reloads', async () => {
  const loader = jest.fn(async (ms: number): Promise<AuditSample> => {
    if (ms > 3_600_000) {
      throw new Error('loki: 400 Bad Request: parse error at line 1');
    }
    return sample;
  });
  await renderAdvisor(loader);
  fireEvent.click(within(screen.getByTestId(testIds.auditPolicy.rangePicker)).getByText('Last 6 hours'));
  expect(await screen.findByText('loki: 400 Bad Request: parse error at line 1')).toBeInTheDocument();
  expect(loader).toHaveBeenLastCalledWith(6 * 3_600_000);
});
