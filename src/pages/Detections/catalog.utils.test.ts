/** @jest-environment-options {"customExportConditions": ["node", "require", "default"]} */
import { filterFromSearch } from './catalog.utils';

describe('catalog filter from the URL', () => {
  it('reads the filters a link sets and leaves the others open', () => {
    expect(filterFromSearch('?severity=critical&source=audit')).toEqual({ search: '', source: 'audit', severity: 'critical', tactic: '', status: '' });
    expect(filterFromSearch('')).toEqual({ search: '', source: '', severity: '', tactic: '', status: '' });
  });

  it('ignores a status the catalog does not have', () => {
    expect(filterFromSearch('?status=firing').status).toBe('');
    expect(filterFromSearch('?status=enabled').status).toBe('enabled');
  });
});
