import React, { useMemo, useState } from 'react';
import { Alert, Button, CodeEditor, FileUpload, RadioButtonGroup, Stack } from '@grafana/ui';
import { loadRule, loadRules, type Rule } from '../../detections';
import {
  builderToYaml,
  EMPTY_BUILDER,
  type BuilderState,
  type CustomRuleEntry,
  type QueryTarget,
} from '../../alerting';
import { testIds } from '../../components/testIds';
import { CompiledForms } from './CompiledForms';
import { RuleBuilder } from './RuleBuilder';
import { RulePreview } from './RulePreview';
import type { DetectionsDeps } from './detections.types';

interface Props {
  deps: DetectionsDeps;
  ds?: QueryTarget;
  onSave: (entries: CustomRuleEntry[]) => Promise<void>;
}

/** Custom rules: the builder or Sigma YAML, compiled and previewed live, saved to the app's settings. */
export function CustomRules({ deps, ds, onSave }: Props) {
  const [mode, setMode] = useState<'builder' | 'yaml'>('builder');
  const [builder, setBuilder] = useState<BuilderState>(EMPTY_BUILDER);
  const [yaml, setYaml] = useState(() => builderToYaml(EMPTY_BUILDER));
  const [message, setMessage] = useState<{ severity: 'success' | 'error'; text: string }>();
  const text = mode === 'builder' ? builderToYaml(builder) : yaml;
  const loaded = useMemo(() => loadRule(text), [text]);
  const rule: Rule | undefined = loaded.ok ? loaded.rule : undefined;

  const save = async (entries: CustomRuleEntry[]) => {
    try {
      await onSave(entries);
      setMessage({ severity: 'success', text: `Saved ${entries.map((e) => e.id).join(', ')} to the app settings.` });
    } catch (e) {
      setMessage({ severity: 'error', text: e instanceof Error ? e.message : String(e) });
    }
  };

  const importFile = async (file: File) => {
    const content = await file.text();
    const results = loadRules(content);
    const errors = results.flatMap((r, i) =>
      r.ok ? [] : r.errors.map((e) => `${file.name} document ${i + 1}, line ${e.line}: ${e.message}`)
    );
    if (errors.length) {
      setMessage({ severity: 'error', text: errors.join('\n') });
      return;
    }
    // Each document is stored on its own so that one rule can later be edited or removed alone.
    const docs = content.split(/^---\s*$/m).filter((d) => d.trim() !== '');
    await save(results.map((r, i) => ({ id: r.ok ? r.rule.id : '', yaml: docs[i] ?? content })));
  };

  return (
    <div>
      <Stack gap={2} alignItems="center">
        <RadioButtonGroup<'builder' | 'yaml'>
          options={[
            { label: 'Builder', value: 'builder' },
            { label: 'Sigma YAML', value: 'yaml' },
          ]}
          value={mode}
          onChange={(m) => {
            if (m === 'yaml') {
              setYaml(builderToYaml(builder));
            }
            setMode(m);
          }}
        />
        <div data-testid={testIds.detections.importSigma}>
          <FileUpload
            accept=".yml,.yaml"
            onFileUpload={(e) => e.currentTarget.files?.[0] && importFile(e.currentTarget.files[0])}
          >
            Import Sigma YAML
          </FileUpload>
        </div>
      </Stack>
      {mode === 'builder' ? (
        <RuleBuilder value={builder} onChange={setBuilder} />
      ) : (
        <div data-testid={testIds.detections.sigmaEditor}>
          <CodeEditor language="yaml" value={yaml} height={320} showLineNumbers onChange={setYaml} onBlur={setYaml} />
        </div>
      )}
      {!loaded.ok && (
        <Alert severity="error" title="The rule does not validate" data-testid={testIds.detections.ruleErrors}>
          <ul>
            {loaded.errors.map((e, i) => (
              <li key={i} data-line={e.line}>
                line {e.line}, column {e.col}: {e.message}
                {e.path ? ` (at ${e.path})` : ''}
              </li>
            ))}
          </ul>
        </Alert>
      )}
      {rule && (
        <>
          <CompiledForms rule={rule} params={{}} ds={ds} testId={testIds.detections.compiledLive} />
          <Button
            data-testid={testIds.detections.saveCustom}
            icon="save"
            onClick={() => save([{ id: rule.id, yaml: text }])}
          >
            Save custom rule
          </Button>
          <h4>Preview</h4>
          <RulePreview deps={deps} ds={ds} rule={rule} settings={{}} />
        </>
      )}
      {message && (
        <Alert severity={message.severity} title={message.severity === 'success' ? 'Saved' : 'Not saved'}>
          <pre>{message.text}</pre>
        </Alert>
      )}
    </div>
  );
}
