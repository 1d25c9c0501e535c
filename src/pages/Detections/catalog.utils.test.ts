/** @jest-environment-options {"customExportConditions": ["node", "require", "default"]} */
import { CATALOG_RULES } from '../../detections/catalog';
import { filterFromSearch, filterRows, toRows } from './catalog.utils';
import { matrixCells } from './MitreMatrix';

describe('catalog filter from the URL', () => {
  it('reads the filters a link sets and leaves the others open', () => {
    expect(filterFromSearch('?severity=critical&source=audit')).toEqual({ search: '', source: 'audit', severity: 'critical', tactic: '', status: '' });
    expect(filterFromSearch('')).toEqual({ search: '', source: '', severity: '', tactic: '', status: '' });
  });

  it('ignores a status the catalog does not have', () => {
    expect(filterFromSearch('?status=firing').status).toBe('');
    expect(filterFromSearch('?status=enabled').status).toBe('enabled');
    expect(filterFromSearch('?status=paused').status).toBe('paused');
  });
});

describe('paused rules', () => {
  const states = { 'k8s-exec-into-pod': 'paused', 'k8s-privileged-container': 'enabled' } as const;
  const rows = toRows(
    CATALOG_RULES.map((rule) => ({ rule, custom: false })),
    (id) => states[id as keyof typeof states] ?? 'disabled',
    undefined
  );
  const open = { search: '', source: '', severity: '', tactic: '', status: '' } as const;

  it('have a status of their own in the filter', () => {
    expect(filterRows(rows, { ...open, status: 'paused' }).map((r) => r.rule.id)).toEqual(['k8s-exec-into-pod']);
    expect(filterRows(rows, { ...open, status: 'disabled' }).map((r) => r.rule.id)).not.toContain('k8s-exec-into-pod');
  });

  it('do not count as covering a technique in the ATT&CK matrix', () => {
    const cells = [...matrixCells(rows.filter((r) => r.rule.id === 'k8s-exec-into-pod')).values()].flat();
    expect(cells.length).toBeGreaterThan(0);
    expect(cells.every((c) => !c.enabled)).toBe(true);
    expect([...matrixCells(rows.filter((r) => r.rule.id === 'k8s-privileged-container')).values()].flat().some((c) => c.enabled)).toBe(true);
  });
});
