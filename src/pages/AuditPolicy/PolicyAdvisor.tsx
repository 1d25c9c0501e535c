/**
 * The audit policy advisor: a policy (pasted, uploaded or from a template) replayed over a
 * sample of observed audit events, compared with a template or the suggestion.
 */
import React, { useEffect, useMemo, useState } from 'react';
import { Alert, Field, FileUpload, LoadingPlaceholder, RadioButtonGroup, Stack, TextArea } from '@grafana/ui';
import { testIds } from '../../components/testIds';
import { parsePolicy, POLICY_TEMPLATES, PolicyTemplate } from '../../policy';
import type { AuditSample, AuditSampleLoader } from './auditSample';
import { BlindSpots, SuggestionPanel, VolumeComparison } from './AdvisorResults';
import { analyse, CompareChoice, RANGES, SUGGESTION, templateYaml } from './PolicyAdvisor.utils';

export interface PolicyAdvisorProps {
  loadSample: AuditSampleLoader;
  /** The policy text to start from; default: the Kubernetes documentation example. */
  initialPolicy?: string;
}

const templateOptions = POLICY_TEMPLATES.map((t) => ({ label: t.title, value: t.id, description: t.description }));
const compareOptions = [
  { label: 'Suggested policy', value: SUGGESTION as CompareChoice },
  ...templateOptions.map((o) => ({ ...o, value: o.value as CompareChoice })),
];

type Load = { state: 'loading' } | { state: 'error'; message: string } | { state: 'done'; sample: AuditSample };

/** A file's text (FileReader: Blob.text() is missing in older engines). */
export function readText(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(blob);
  });
}

function SampleInfo({ sample }: { sample: AuditSample }) {
  const hours = sample.rangeMs / 3_600_000;
  const read = sample.events.length;
  return (
    <p data-testid={testIds.auditPolicy.sampleInfo}>
      Sample: {read} audit lines over {hours >= 1 ? `${hours.toFixed(1)} h` : `${Math.round(hours * 60)} min`}
      {sample.totalLines && sample.totalLines > read
        ? ` (of ${sample.totalLines} in the range; volumes scaled up)`
        : ''}
      . Requests the cluster&apos;s current policy did not log cannot be seen here.
    </p>
  );
}

export function PolicyAdvisor({ loadSample, initialPolicy }: PolicyAdvisorProps) {
  const [template, setTemplate] = useState<PolicyTemplate['id'] | undefined>(
    initialPolicy ? undefined : 'kubernetes-example'
  );
  const [text, setText] = useState(initialPolicy ?? templateYaml('kubernetes-example'));
  const [compare, setCompare] = useState<CompareChoice>(SUGGESTION);
  const [rangeMs, setRangeMs] = useState(RANGES[0].value);
  // Results are kept with the range they belong to: a new range shows as loading.
  const [loaded, setLoaded] = useState<{ rangeMs: number; load: Load }>();
  const load: Load = useMemo(
    () => (loaded?.rangeMs === rangeMs ? loaded.load : { state: 'loading' }),
    [loaded, rangeMs]
  );

  useEffect(() => {
    let live = true;
    loadSample(rangeMs).then(
      (sample) => live && setLoaded({ rangeMs, load: { state: 'done', sample } }),
      (e: unknown) =>
        live && setLoaded({ rangeMs, load: { state: 'error', message: e instanceof Error ? e.message : String(e) } })
    );
    return () => {
      live = false;
    };
  }, [loadSample, rangeMs]);

  const parsed = useMemo(() => parsePolicy(text), [text]);
  const analysis = useMemo(
    () => (parsed.ok && load.state === 'done' ? analyse(parsed.policy, compare, load.sample) : undefined),
    [parsed, compare, load]
  );
  const compareTitle = compareOptions.find((o) => o.value === compare)!.label;

  return (
    <Stack direction="column" gap={2}>
      <Field label="Start from a template">
        <div data-testid={testIds.auditPolicy.templatePicker}>
          <RadioButtonGroup
            options={templateOptions}
            value={template}
            onChange={(id) => {
              setTemplate(id);
              setText(templateYaml(id));
            }}
          />
        </div>
      </Field>
      <Field
        label="Current policy (audit.k8s.io/v1 YAML)"
        description="Paste your cluster's --audit-policy-file, or upload it."
      >
        <TextArea
          data-testid={testIds.auditPolicy.policyText}
          rows={14}
          value={text}
          onChange={(e) => {
            setTemplate(undefined);
            setText(e.currentTarget.value);
          }}
        />
      </Field>
      <div data-testid={testIds.auditPolicy.upload}>
        <FileUpload
          accept=".yaml,.yml,.json,text/yaml"
          onFileUpload={({ currentTarget }) => {
            const file = currentTarget.files?.[0];
            if (file) {
              readText(file).then((t) => {
                setTemplate(undefined);
                setText(t);
              });
            }
          }}
        >
          Upload policy
        </FileUpload>
      </div>
      {!parsed.ok && (
        <Alert severity="error" title="The policy is not valid" data-testid={testIds.auditPolicy.errors}>
          <ul>
            {parsed.errors.map((e, i) => (
              <li key={i}>
                {e.line > 0 ? `Line ${e.line}:${e.column}` : 'Document'}
                {e.path ? ` (${e.path})` : ''}: {e.message}
              </li>
            ))}
          </ul>
        </Alert>
      )}
      <Stack direction="row" gap={2} wrap="wrap">
        <Field label="Compare with">
          <div data-testid={testIds.auditPolicy.comparePicker}>
            <RadioButtonGroup options={compareOptions} value={compare} onChange={setCompare} />
          </div>
        </Field>
        <Field label="Observed events">
          <div data-testid={testIds.auditPolicy.rangePicker}>
            <RadioButtonGroup options={RANGES} value={rangeMs} onChange={setRangeMs} />
          </div>
        </Field>
      </Stack>
      {load.state === 'loading' && <LoadingPlaceholder text="Reading audit events…" />}
      {load.state === 'error' && (
        <Alert severity="error" title="Could not read audit events">
          {load.message}
        </Alert>
      )}
      {load.state === 'done' && <SampleInfo sample={load.sample} />}
      {analysis && (
        <>
          <VolumeComparison analysis={analysis} compareTitle={compareTitle} />
          <BlindSpots current={analysis.current} proposed={analysis.proposed} compareTitle={compareTitle} />
          <SuggestionPanel yaml={analysis.suggestion.yaml} explanations={analysis.suggestion.explanations} />
        </>
      )}
    </Stack>
  );
}
