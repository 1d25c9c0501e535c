import React, { useMemo } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import { TACTICS, tacticTitle } from '../../alerting';
import { testIds } from '../../components/testIds';
import type { CatalogRow } from './catalog.utils';

interface Cell {
  technique: string;
  rules: CatalogRow[];
  enabled: boolean;
}

/** Techniques per tactic, as the rules tag them (a technique sits under each tactic its rule names). */
export function matrixCells(rows: CatalogRow[]): Map<string, Cell[]> {
  const out = new Map<string, Map<string, Cell>>();
  for (const r of rows) {
    for (const tactic of r.tactics) {
      const col = out.get(tactic) ?? new Map<string, Cell>();
      for (const technique of r.techniques.length ? r.techniques : ['(no technique)']) {
        const cell = col.get(technique) ?? { technique, rules: [], enabled: false };
        cell.rules.push(r);
        cell.enabled ||= r.state === 'enabled' || r.state === 'modified';
        col.set(technique, cell);
      }
      out.set(tactic, col);
    }
  }
  return new Map(
    [...out].map(([t, col]) => [t, [...col.values()].sort((a, b) => a.technique.localeCompare(b.technique))])
  );
}

/** An ATT&CK matrix: green where an enabled rule covers the technique, blue where a rule exists but is off. */
export function MitreMatrix({ rows, onOpen }: { rows: CatalogRow[]; onOpen: (id: string) => void }) {
  const styles = useStyles2(getStyles);
  const cells = useMemo(() => matrixCells(rows), [rows]);
  return (
    <div className={styles.matrix} data-testid={testIds.detections.matrix}>
      {TACTICS.map((tactic) => (
        <div key={tactic} className={styles.column}>
          <div className={styles.head}>{tacticTitle(tactic)}</div>
          {(cells.get(tactic) ?? []).map((c) => (
            <button
              key={c.technique}
              className={c.enabled ? styles.enabled : styles.covered}
              data-technique={c.technique}
              data-enabled={c.enabled}
              title={c.rules.map((r) => r.rule.title).join('\n')}
              onClick={() => onOpen(c.rules[0].rule.id)}
            >
              {c.technique}
              <span className={styles.count}>{c.rules.length}</span>
            </button>
          ))}
        </div>
      ))}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => {
  const cell = {
    display: 'flex',
    justifyContent: 'space-between',
    width: '100%',
    border: 'none',
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(0.5, 1),
    marginBottom: theme.spacing(0.5),
    color: theme.colors.text.maxContrast,
  };
  return {
    matrix: css({
      display: 'grid',
      gridTemplateColumns: `repeat(${TACTICS.length}, minmax(90px, 1fr))`,
      gap: theme.spacing(0.5),
      marginTop: theme.spacing(2),
    }),
    column: css({ minWidth: 0 }),
    head: css({
      fontSize: theme.typography.bodySmall.fontSize,
      fontWeight: theme.typography.fontWeightMedium,
      minHeight: 40,
    }),
    enabled: css({ ...cell, background: theme.colors.success.main }),
    covered: css({ ...cell, background: theme.colors.primary.transparent }),
    count: css({ opacity: 0.7 }),
  };
};
