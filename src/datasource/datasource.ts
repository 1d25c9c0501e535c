import { DataSourceInstanceSettings, CoreApp, ScopedVars } from '@grafana/data';
import { DataSourceWithBackend, getTemplateSrv } from '@grafana/runtime';
import { DEFAULT_QUERY, VigilDataSourceOptions, VigilQuery } from './types';
import { migrateQuery } from './migrations';

/** Thin coordinator: the backend executes `expr`; the frontend only prepares it. */
export class VigilDataSource extends DataSourceWithBackend<VigilQuery, VigilDataSourceOptions> {
  constructor(instanceSettings: DataSourceInstanceSettings<VigilDataSourceOptions>) {
    super(instanceSettings);
  }

  getDefaultQuery(_: CoreApp): Partial<VigilQuery> {
    return DEFAULT_QUERY;
  }

  applyTemplateVariables(query: VigilQuery, scopedVars: ScopedVars) {
    const migrated = migrateQuery(query);
    return { ...migrated, expr: getTemplateSrv().replace(migrated.expr, scopedVars) };
  }

  filterQuery(query: VigilQuery): boolean {
    return Boolean(query.expr);
  }
}
