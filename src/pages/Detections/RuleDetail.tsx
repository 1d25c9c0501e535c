import React, { useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Badge, Button, ConfirmModal, Field, Input, Stack, useStyles2 } from '@grafana/ui';
import type { ParamValues, Rule } from '../../detections';
import {
  alertRuleUid,
  effectiveRule,
  mitreTags,
  tacticTitle,
  type QueryTarget,
  type RuleSettings,
  type WriteResult,
} from '../../alerting';
import { testIds } from '../../components/testIds';
import { CompiledForms } from './CompiledForms';
import { ExceptionsEditor } from './ExceptionsEditor';
import { RulePreview } from './RulePreview';
import { WriteResults } from './WriteResults';
import type { DetectionsDeps, RuleState } from './detections.types';

interface Props {
  deps: DetectionsDeps;
  ds?: QueryTarget;
  rule: Rule;
  state: RuleState;
  /** Whether its alert rule is paused (also when it is `modified`). */
  paused: boolean;
  saved: RuleSettings;
  onSave: (s: RuleSettings) => Promise<void>;
  /** Writes the alert rule, or resumes it when paused. */
  onEnable: (overwrite: boolean) => Promise<WriteResult[]>;
  /** Pauses the alert rule. */
  onDisable: () => Promise<WriteResult[]>;
  /** Deletes the alert rule; `overwrite` also when it was edited in Grafana. */
  onDelete: (overwrite: boolean) => Promise<WriteResult[]>;
}

const STATE_COLOR = { enabled: 'green', paused: 'blue', modified: 'orange', disabled: 'darkgrey' } as const;

const paramText = (v: ParamValues[string] | undefined) =>
  Array.isArray(v) ? v.join(', ') : v === undefined ? '' : String(v);

/** One rule: what it means, its compiled queries, parameters and exceptions with a live preview, and its alert. */
export function RuleDetail({ deps, ds, rule, state, paused, saved, onSave, onEnable, onDisable, onDelete }: Props) {
  const styles = useStyles2(getStyles);
  const [draft, setDraft] = useState<RuleSettings>(saved);
  const [busy, setBusy] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [results, setResults] = useState<WriteResult[]>();
  const [error, setError] = useState<string>();

  const { techniques, tactics } = mitreTags(rule.tags);
  const params = draft.params ?? {};
  const dirty = JSON.stringify(draft) !== JSON.stringify(saved);
  const run = async (fn: () => Promise<WriteResult[] | void>) => {
    setBusy(true);
    setError(undefined);
    try {
      const r = await fn();
      setResults(r || undefined);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const setParam = (name: string, text: string) => {
    const def = rule.parameters[name];
    const value =
      def.type === 'list'
        ? text
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : def.type === 'number'
          ? Number(text)
          : text;
    const next = { ...params, [name]: value };
    if (text.trim() === '') {
      delete next[name];
    }
    setDraft({ ...draft, params: next });
  };

  return (
    <div data-testid={testIds.detections.detail} data-rule={rule.id}>
      <Stack gap={1} alignItems="center" wrap="wrap">
        <Badge text={rule.level} color="orange" />
        <Badge text={rule.logsource.service} color="blue" />
        <Badge text={state} color={STATE_COLOR[state]} />
        {paused && state === 'modified' && <Badge text="paused" color="blue" />}
        <span className={styles.muted}>{[...techniques, ...tactics.map(tacticTitle)].join(' · ')}</span>
      </Stack>
      <p className={styles.description}>{rule.description}</p>
      {rule.falsepositives?.length ? (
        <p className={styles.muted}>False positives: {rule.falsepositives.join('; ')}</p>
      ) : null}

      {state === 'modified' && (
        <Alert severity="warning" title="Edited in Grafana">
          This alert rule was changed in Grafana after Vigil wrote it. Vigil leaves it alone unless you overwrite it.
          {paused && ' It is paused: enabling resumes it with the edit kept.'}
        </Alert>
      )}
      {state === 'paused' && (
        <Alert severity="info" title="Disabled: paused in Grafana">
          The alert rule is kept in Grafana but not evaluated. Enabling resumes it.
        </Alert>
      )}
      <Stack gap={1}>
        <Button
          data-testid={testIds.detections.enable}
          icon="bell"
          disabled={busy || !ds || dirty}
          onClick={() => run(() => onEnable(false))}
        >
          {state === 'disabled' || paused ? 'Enable alert rule' : 'Update alert rule'}
        </Button>
        {state === 'modified' && (
          <Button variant="destructive" disabled={busy} onClick={() => run(() => onEnable(true))}>
            Overwrite Grafana&apos;s edits
          </Button>
        )}
        <Button
          data-testid={testIds.detections.disable}
          variant="secondary"
          icon="pause"
          tooltip="Pauses the alert rule in Grafana: kept, not evaluated"
          disabled={busy || state === 'disabled' || paused}
          onClick={() => run(onDisable)}
        >
          Disable
        </Button>
        <Button
          data-testid={testIds.detections.delete}
          variant="destructive"
          fill="outline"
          icon="trash-alt"
          disabled={busy || state === 'disabled'}
          onClick={() => setConfirmDelete(true)}
        >
          Delete
        </Button>
      </Stack>
      <ConfirmModal
        isOpen={confirmDelete}
        title="Delete alert rule"
        body={`Delete the Grafana alert rule of "${rule.title}" (uid ${alertRuleUid(rule.id)})?`}
        description={
          state === 'modified'
            ? 'It was edited in Grafana: the edit is lost with it. To stop it firing and keep it, disable it instead.'
            : 'Its state and history go with it. To stop it firing and keep it, disable it instead.'
        }
        confirmText="Delete"
        confirmVariant="destructive"
        onConfirm={() => {
          setConfirmDelete(false);
          return run(() => onDelete(state === 'modified'));
        }}
        onDismiss={() => setConfirmDelete(false)}
      />
      {error && (
        <Alert severity="error" title="Alert rule write failed">
          {error}
        </Alert>
      )}
      {results && <WriteResults results={results} />}

      <h4 className={styles.section}>Compiled queries</h4>
      <CompiledForms rule={effectiveRule(rule, draft)} params={params} ds={ds} />

      {Object.keys(rule.parameters).length > 0 && <h4 className={styles.section}>Parameters</h4>}
      {Object.entries(rule.parameters).map(([name, def]) => (
        <Field key={name} label={name} description={`${def.description} Default: ${paramText(def.default)}`}>
          <Input
            data-testid={testIds.detections.param}
            data-param={name}
            placeholder={paramText(def.default)}
            value={paramText(params[name])}
            onChange={(e) => setParam(name, e.currentTarget.value)}
          />
        </Field>
      ))}

      <h4 className={styles.section}>Exceptions</h4>
      {rule.exceptions.length > 0 && (
        <p className={styles.muted}>Built in: {rule.exceptions.map((e) => JSON.stringify(e)).join('; ')}</p>
      )}
      <ExceptionsEditor
        source={rule.logsource.service}
        value={draft.exceptions ?? []}
        onChange={(exceptions) => setDraft({ ...draft, exceptions })}
      />
      <Stack gap={1}>
        <Button
          data-testid={testIds.detections.saveRule}
          disabled={busy || !dirty}
          onClick={() => run(() => onSave(draft))}
        >
          Save parameters and exceptions
        </Button>
        {dirty && (
          <span className={styles.muted}>
            Unsaved changes: the preview shows them; save, then update the alert rule.
          </span>
        )}
      </Stack>

      <h4 className={styles.section}>Preview</h4>
      <RulePreview deps={deps} ds={ds} rule={rule} settings={draft} />
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  description: css({ whiteSpace: 'pre-wrap', marginTop: theme.spacing(1) }),
  muted: css({ color: theme.colors.text.secondary }),
  section: css({ marginTop: theme.spacing(3) }),
});
