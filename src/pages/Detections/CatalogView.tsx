import React, { useMemo, useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Badge, Button, Combobox, Icon, Input, Stack, useStyles2 } from '@grafana/ui';
import { LEVELS } from '../../detections';
import { SOURCE_IDS } from '../../sources/types';
import { TACTICS, tacticTitle, type Readiness } from '../../alerting';
import { HiddenLabel } from '../../components/HiddenLabel';
import { testIds } from '../../components/testIds';
import { filterRows, sortRows, type CatalogFilter, type CatalogRow, type SortKey } from './catalog.utils';

const SEVERITY_COLOR = {
  informational: 'blue',
  low: 'blue',
  medium: 'orange',
  high: 'red',
  critical: 'purple',
} as const;
const STATE_COLOR = { enabled: 'green', paused: 'blue', disabled: 'darkgrey', modified: 'orange' } as const;

const opts = (values: readonly string[], label: (v: string) => string = (v) => v) => [
  { label: 'All', value: '' },
  ...values.map((v) => ({ label: label(v), value: v })),
];

interface Props {
  rows: CatalogRow[];
  readiness: (row: CatalogRow) => Readiness | undefined;
  filter: CatalogFilter;
  onFilter: (f: CatalogFilter) => void;
  onOpen: (id: string) => void;
  onBulkEnable: (ids: string[]) => void;
  busy: boolean;
  /** Custom rules still being validated (they join the table as they load). */
  pending?: number;
}

/** Rows rendered at once: the first screenful paints immediately, the rest are pages away. */
export const PAGE_SIZE = 100;

/** The catalog: search, filters, sortable columns, bulk enable (or resume) of what the filter shows. */
export function CatalogView({ rows, readiness, filter, onFilter, onOpen, onBulkEnable, busy, pending = 0 }: Props) {
  const styles = useStyles2(getStyles);
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'severity', desc: true });
  const shown = useMemo(() => sortRows(filterRows(rows, filter), sort.key, sort.desc), [rows, filter, sort]);
  const [page, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
  const current = Math.min(page, pages - 1);
  const visible = shown.slice(current * PAGE_SIZE, (current + 1) * PAGE_SIZE);
  const set = (patch: Partial<CatalogFilter>) => {
    setPage(0);
    onFilter({ ...filter, ...patch });
  };
  const header = (key: SortKey, label: string) => (
    <th>
      <button
        className={styles.sort}
        onClick={() => {
          setPage(0);
          setSort({ key, desc: sort.key === key ? !sort.desc : key !== 'title' });
        }}
      >
        {label} {sort.key === key && <Icon name={sort.desc ? 'arrow-down' : 'arrow-up'} size="sm" />}
      </button>
    </th>
  );
  // Rules without an alert rule are written, paused ones resumed.
  const toEnable = shown.filter((r) => r.state === 'disabled' || r.state === 'paused').map((r) => r.rule.id);

  return (
    <div>
      <Stack gap={1} wrap="wrap" alignItems="center">
        <Input
          data-testid={testIds.detections.search}
          width={30}
          prefix={<Icon name="search" />}
          placeholder="Search title, id or technique"
          value={filter.search}
          onChange={(e) => set({ search: e.currentTarget.value })}
        />
        <div data-testid={testIds.detections.sourceFilter}>
          <HiddenLabel id="vigil-det-filter-source">Source</HiddenLabel>
          <Combobox
            aria-labelledby="vigil-det-filter-source"
            width={16}
            options={opts(SOURCE_IDS)}
            value={filter.source}
            onChange={(v) => set({ source: v.value })}
          />
        </div>
        <div data-testid={testIds.detections.severityFilter}>
          <HiddenLabel id="vigil-det-filter-severity">Severity</HiddenLabel>
          <Combobox
            aria-labelledby="vigil-det-filter-severity"
            width={16}
            options={opts(LEVELS)}
            value={filter.severity}
            onChange={(v) => set({ severity: v.value })}
          />
        </div>
        <div data-testid={testIds.detections.tacticFilter}>
          <HiddenLabel id="vigil-det-filter-tactic">Tactic</HiddenLabel>
          <Combobox
            aria-labelledby="vigil-det-filter-tactic"
            width={24}
            options={opts(TACTICS, tacticTitle)}
            value={filter.tactic}
            onChange={(v) => set({ tactic: v.value })}
          />
        </div>
        <div data-testid={testIds.detections.statusFilter}>
          <HiddenLabel id="vigil-det-filter-status">Status</HiddenLabel>
          <Combobox
            aria-labelledby="vigil-det-filter-status"
            width={16}
            options={opts(['enabled', 'paused', 'disabled', 'modified'])}
            value={filter.status}
            onChange={(v) => set({ status: v.value as CatalogFilter['status'] })}
          />
        </div>
        <Button
          data-testid={testIds.detections.bulkEnable}
          icon="bell"
          disabled={busy || toEnable.length === 0}
          onClick={() => onBulkEnable(toEnable)}
        >
          Enable {toEnable.length} shown
        </Button>
        <span className={styles.muted}>
          {shown.length} of {rows.length} rules
          {pending > 0 && ` (validating ${pending} more custom rules…)`}
        </span>
      </Stack>
      <table
        className={styles.table}
        data-testid={testIds.detections.catalog}
        data-total={rows.length}
        data-pending={pending}
      >
        <thead>
          <tr>
            {header('title', 'Rule')}
            {header('severity', 'Severity')}
            {header('source', 'Source')}
            <th>MITRE ATT&amp;CK</th>
            <th>Status</th>
            <th>Data</th>
            {header('hits', 'Hits')}
          </tr>
        </thead>
        <tbody>
          {visible.map((r) => {
            const ready = readiness(r);
            return (
              <tr key={r.rule.id} data-testid={testIds.detections.row} data-rule={r.rule.id}>
                <td>
                  <button className={styles.link} onClick={() => onOpen(r.rule.id)}>
                    {r.rule.title}
                  </button>
                  {r.custom && <Badge className={styles.badge} text="custom" color="blue" />}
                </td>
                <td>
                  <Badge text={r.rule.level} color={SEVERITY_COLOR[r.rule.level]} />
                </td>
                <td>{r.rule.logsource.service}</td>
                <td className={styles.muted}>{[...r.techniques, ...r.tactics.map(tacticTitle)].join(', ')}</td>
                <td data-state={r.state}>
                  <Badge text={r.state} color={STATE_COLOR[r.state]} />
                </td>
                <td title={ready?.reason}>
                  {ready ? <Icon name={ready.ready ? 'check' : 'exclamation-triangle'} /> : '…'}
                </td>
                <td data-hits={r.hits ?? ''}>{r.hits ?? '…'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {pages > 1 && (
        <nav aria-label="Catalog pages" className={styles.pager}>
          <Button size="sm" variant="secondary" disabled={current === 0} onClick={() => setPage(current - 1)}>
            Previous
          </Button>
          <span aria-live="polite">
            Rules {current * PAGE_SIZE + 1}–{current * PAGE_SIZE + visible.length} of {shown.length} (page {current + 1}{' '}
            of {pages})
          </span>
          <Button size="sm" variant="secondary" disabled={current >= pages - 1} onClick={() => setPage(current + 1)}>
            Next
          </Button>
        </nav>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: css({
    width: '100%',
    marginTop: theme.spacing(2),
    borderCollapse: 'collapse',
    'th, td': {
      padding: theme.spacing(0.75, 1),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      textAlign: 'left',
    },
  }),
  sort: css({
    background: 'none',
    border: 'none',
    color: theme.colors.text.primary,
    fontWeight: theme.typography.fontWeightMedium,
    padding: 0,
  }),
  link: css({ background: 'none', border: 'none', padding: 0, color: theme.colors.text.link, textAlign: 'left' }),
  pager: css({ display: 'flex', gap: theme.spacing(1), alignItems: 'center', marginTop: theme.spacing(1) }),
  badge: css({ marginLeft: theme.spacing(1) }),
  muted: css({ color: theme.colors.text.secondary }),
});
