import React, { ChangeEvent, useState } from 'react';
import { QueryEditorProps } from '@grafana/data';
import { Alert, Button, Combobox, ComboboxOption, Field, Input, RadioButtonGroup, Stack, TextArea } from '@grafana/ui';
import { compileBuilder, defaultBuilderState, type BuilderState } from '../../querybuilder';
import type { VigilDataSource } from '../datasource';
import { switchMode, toEditorState, toStoredQuery, withBuilder, type EditorState } from '../editorState';
import { migrateQuery } from '../migrations';
import type { QueryLanguage, QueryType, VigilDataSourceOptions, VigilQuery } from '../types';
import { testIds } from '../../components/testIds';
import { BuilderEditor } from './BuilderEditor';

type Props = QueryEditorProps<VigilDataSource, VigilQuery, VigilDataSourceOptions>;

const MODES = [
  { label: 'Builder', value: 'builder' as const },
  { label: 'Code', value: 'code' as const },
];

const QUERY_TYPES: Array<ComboboxOption<QueryType>> = [
  { label: 'Logs', value: 'logs' },
  { label: 'Metric', value: 'metric' },
  { label: 'Table', value: 'table' },
  { label: 'Detection', value: 'detection' },
];

const LANGUAGES: Array<ComboboxOption<QueryLanguage>> = [
  { label: 'LogQL (Loki)', value: 'logql' },
  { label: 'LogsQL (VictoriaLogs)', value: 'logsql' },
  { label: 'PromQL (Prometheus)', value: 'promql' },
];

/** Builder and code modes over one stored query; the builder compiles on every change. */
export default function QueryEditorBody({ datasource, query, onChange, onRunQuery }: Props) {
  const ctx = datasource.editorContext;
  const state = toEditorState(migrateQuery({ ...query, refId: query.refId ?? 'A' }));
  const [warning, setWarning] = useState<string>();
  const commit = (s: EditorState) => onChange(toStoredQuery(s));
  const builder: BuilderState = state.builder ?? defaultBuilderState(state.source);
  const compiled = state.mode === 'builder' ? compileBuilder(builder, ctx.language, ctx) : undefined;

  const changeMode = (mode: 'builder' | 'code', force = false) => {
    const r = switchMode(state, mode, ctx, force);
    setWarning(r.warning);
    if (!r.warning) {
      commit(r.state);
    }
  };

  return (
    <div data-testid={testIds.datasource.queryEditor}>
      <Stack direction="column" gap={1}>
        <Stack gap={2} alignItems="flex-end" wrap="wrap">
          <Field label="Mode">
            <div data-testid={testIds.datasource.modeSwitch}>
              <RadioButtonGroup options={MODES} value={state.mode} onChange={(m) => changeMode(m)} />
            </div>
          </Field>
          <Field label="Query type" description={state.mode === 'builder' ? 'Set by the operation' : undefined}>
            <div data-testid={testIds.datasource.queryType}>
              <Combobox
                width={16}
                options={QUERY_TYPES}
                value={state.queryType}
                disabled={state.mode === 'builder'}
                onChange={(v) => commit({ ...state, queryType: v.value })}
              />
            </div>
          </Field>
          <Field label="Legend">
            <Input
              aria-label="Legend"
              width={24}
              value={state.legend ?? ''}
              placeholder="{{f_verb}}"
              onChange={(e) => commit({ ...state, legend: e.currentTarget.value || undefined })}
              onBlur={onRunQuery}
            />
          </Field>
          <Field label="Line limit">
            <Input
              aria-label="Line limit"
              type="number"
              width={12}
              value={state.limit ?? ''}
              placeholder="1000"
              onChange={(e) =>
                commit({ ...state, limit: e.currentTarget.value ? Number(e.currentTarget.value) : undefined })
              }
              onBlur={onRunQuery}
            />
          </Field>
        </Stack>
        {warning && (
          <div data-testid={testIds.datasource.modeWarning}>
            <Alert title="Switch to the builder?" severity="warning">
              {warning}
              <Stack gap={1}>
                <Button size="sm" variant="destructive" onClick={() => changeMode('builder', true)}>
                  Switch anyway
                </Button>
                <Button size="sm" variant="secondary" onClick={() => setWarning(undefined)}>
                  Stay in code
                </Button>
              </Stack>
            </Alert>
          </div>
        )}
        {state.mode === 'builder' ? (
          <>
            <BuilderEditor
              state={builder}
              onChange={(b) => commit(withBuilder(state, b, ctx))}
              loadValues={(s, f) => datasource.fieldValues(s, f)}
            />
            {compiled && !compiled.ok && (
              <div data-testid={testIds.datasource.builderError}>
                <Alert title="The builder cannot compile this query" severity="error">
                  {compiled.error}
                </Alert>
              </div>
            )}
            <Field
              label={`Compiled ${ctx.language === 'logsql' ? 'LogsQL' : 'LogQL'}`}
              description="Editing it switches to code mode"
            >
              <div data-testid={testIds.datasource.compiledExpr}>
                <TextArea
                  data-testid={testIds.datasource.exprInput}
                  rows={3}
                  value={compiled?.ok ? compiled.expr : state.code.expr}
                  onChange={(e: ChangeEvent<HTMLTextAreaElement>) =>
                    commit({
                      ...switchMode(state, 'code', ctx).state,
                      code: { ...state.code, expr: e.currentTarget.value },
                    })
                  }
                />
              </div>
            </Field>
          </>
        ) : (
          <Stack direction="column" gap={1}>
            <Field label="Language">
              <Combobox
                width={28}
                options={LANGUAGES}
                value={state.code.language}
                onChange={(v) => commit({ ...state, code: { ...state.code, language: v.value } })}
              />
            </Field>
            <Field label="Expression" description={`Sent to the backend as written (${state.code.language})`}>
              <TextArea
                data-testid={testIds.datasource.exprInput}
                rows={4}
                value={state.code.expr}
                onChange={(e: ChangeEvent<HTMLTextAreaElement>) =>
                  commit({ ...state, code: { ...state.code, expr: e.currentTarget.value } })
                }
                onBlur={onRunQuery}
              />
            </Field>
          </Stack>
        )}
      </Stack>
    </div>
  );
}
