import React, { useMemo, useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, ClipboardButton, RadioButtonGroup, Stack, useStyles2 } from '@grafana/ui';
import { layoutOf, ruleParams, type QueryTarget } from '../../alerting';
import { compileRule, type Backend, type Form, type ParamValues, type Rule } from '../../detections';
import { testIds } from '../../components/testIds';

const FORMS: Array<{ label: string; value: Form }> = [
  { label: 'Log query', value: 'log' },
  { label: 'Alert (metric) query', value: 'metric' },
  { label: 'Loki ruler YAML', value: 'ruler' },
];

/**
 * The rule's compiled queries, copyable, reading the data source's stream selector for the
 * rule's source; the ruler form is LogQL only. LogsQL is written for
 * the way the data source's VictoriaLogs stores the rule's source, else for VictoriaLogs'
 * default (events stored as fields).
 */
export function CompiledForms({
  rule,
  params,
  ds,
  testId = testIds.detections.compiled,
}: {
  rule: Rule;
  params: ParamValues;
  /** The Vigil data source: its backend is the language shown first. */
  ds?: QueryTarget;
  testId?: string;
}) {
  const styles = useStyles2(getStyles);
  const [form, setForm] = useState<Form>('log');
  const [lang, setLang] = useState<Backend>(ds?.backend ?? 'loki');
  const layout = (ds && layoutOf(ds, rule.logsource.service)) ?? 'native';
  const logsql = form !== 'ruler' && lang === 'victorialogs';
  const compiled = useMemo(() => {
    try {
      return { text: compileRule(rule, form, form === 'ruler' ? 'loki' : lang, ruleParams(rule, params, ds), layout) };
    } catch (e) {
      return { error: e instanceof Error ? e.message : String(e) };
    }
  }, [rule, form, lang, params, layout, ds]);
  return (
    <div>
      <Stack gap={1} wrap="wrap">
        <RadioButtonGroup size="sm" options={FORMS} value={form} onChange={setForm} />
        <RadioButtonGroup
          size="sm"
          disabled={form === 'ruler'}
          options={[
            { label: 'LogQL', value: 'loki' },
            { label: 'LogsQL', value: 'victorialogs' },
          ]}
          value={form === 'ruler' ? 'loki' : lang}
          onChange={setLang}
        />
        {logsql && (
          <span className={styles.layout}>{layout === 'native' ? 'events stored as fields' : 'lines in _msg'}</span>
        )}
        {compiled.text && (
          <ClipboardButton size="sm" icon="copy" variant="secondary" getText={() => compiled.text!}>
            Copy
          </ClipboardButton>
        )}
      </Stack>
      {compiled.error ? (
        <Alert severity="error" title="Cannot compile">
          {compiled.error}
        </Alert>
      ) : (
        <pre className={styles.code} data-testid={testId} data-form={form} data-layout={logsql ? layout : undefined}>
          {compiled.text}
        </pre>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  layout: css({
    alignSelf: 'center',
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  code: css({
    marginTop: theme.spacing(1),
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-all',
    fontSize: theme.typography.bodySmall.fontSize,
  }),
});
