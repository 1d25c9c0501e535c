import React, { useState } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Alert, Button, Combobox, Field, Input, useStyles2 } from '@grafana/ui';
import { testIds } from '../../components/testIds';
import { ENTITY_KINDS, ENTITY_LABELS, parseEntity, type EntityKind } from '../../investigate/entity';
import { resolveRange, type InvestigateState } from '../../investigate/url';

const KIND_OPTIONS = ENTITY_KINDS.map((k) => ({ value: k, label: ENTITY_LABELS[k] }));

/** Entity and range picker; the parent remounts it (key) when the URL changes, so it follows pivots. */
export function EntityForm({ state, onSubmit }: { state: InvestigateState; onSubmit: (s: InvestigateState) => void }) {
  const styles = useStyles2(getStyles);
  const [kind, setKind] = useState<EntityKind>(state.entity?.kind ?? 'pod');
  const [value, setValue] = useState(state.entity?.value ?? '');
  const [from, setFrom] = useState(state.from);
  const [to, setTo] = useState(state.to);
  const [error, setError] = useState<string>();

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const entity = parseEntity(`${kind}:${value}`);
    const range = resolveRange({ from, to }, Date.now());
    if (entity instanceof Error || range instanceof Error) {
      setError((entity instanceof Error ? entity : (range as Error)).message);
      return;
    }
    onSubmit({ entity, from, to, sources: state.sources });
  };

  return (
    <form className={styles.form} onSubmit={submit}>
      <Field label="Entity">
        <Combobox
          data-testid={testIds.investigate.entityKind}
          options={KIND_OPTIONS}
          value={kind}
          onChange={(o) => setKind(o.value)}
          width={28}
        />
      </Field>
      <Field label="Value" description={kind === 'pod' ? 'namespace/name' : undefined} className={styles.grow}>
        <Input
          data-testid={testIds.investigate.entityValue}
          value={value}
          onChange={(e) => setValue(e.currentTarget.value)}
          placeholder="e.g. analytics/data-sync-… or oidc:contractor-7"
        />
      </Field>
      <Field label="From">
        <Input
          data-testid={testIds.investigate.from}
          value={from}
          onChange={(e) => setFrom(e.currentTarget.value)}
          width={18}
        />
      </Field>
      <Field label="To">
        <Input
          data-testid={testIds.investigate.to}
          value={to}
          onChange={(e) => setTo(e.currentTarget.value)}
          width={18}
        />
      </Field>
      <Button type="submit" icon="search" data-testid={testIds.investigate.run}>
        Investigate
      </Button>
      {error && (
        <Alert severity="error" title="Cannot investigate" className={styles.full}>
          {error}
        </Alert>
      )}
    </form>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  form: css({ display: 'flex', flexWrap: 'wrap', gap: theme.spacing(1), alignItems: 'flex-end' }),
  grow: css({ flex: 1, minWidth: 240 }),
  full: css({ flexBasis: '100%' }),
});
