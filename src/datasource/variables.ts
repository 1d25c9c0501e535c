/**
 * Template variables of the data source: stream label values, parsed field values (a top-N
 * query through the backend) and the detections list.
 */
import { CustomVariableSupport, DataQueryRequest, DataQueryResponse, MetricFindValue, toDataFrame } from '@grafana/data';
import { DataQuery } from '@grafana/schema';
import { from, Observable } from 'rxjs';
import type { SourceId } from '../sources/types';
import type { VigilDataSource } from './datasource';
import { LazyVariableQueryEditor } from './components/lazyEditors';
import { loadBuilder } from './loadBuilder';

export type VariableKind = 'labelValues' | 'fieldValues' | 'detections';

export interface VigilVariableQuery extends DataQuery {
  kind: VariableKind;
  label?: string;
  source?: SourceId;
  field?: string;
}

/** The values one variable query yields. */
export async function variableValues(ds: Pick<VigilDataSource, 'labelValues' | 'fieldValues'>, q: VigilVariableQuery): Promise<MetricFindValue[]> {
  switch (q.kind) {
    case 'labelValues':
      if (!q.label) {
        throw new Error('pick a label');
      }
      return (await ds.labelValues(q.label)).map((text) => ({ text }));
    case 'fieldValues':
      if (!q.source || !q.field) {
        throw new Error('pick a source and a field');
      }
      return (await ds.fieldValues(q.source, q.field)).map((text) => ({ text }));
    case 'detections':
      return (await loadBuilder()).detectionChoices(q.source).map((d) => ({ text: d.title, value: d.id }));
    default:
      throw new Error(`unknown variable query kind ${JSON.stringify((q as { kind?: unknown }).kind)}`);
  }
}

export class VigilVariableSupport extends CustomVariableSupport<VigilDataSource, VigilVariableQuery> {
  editor = LazyVariableQueryEditor;

  constructor(private readonly ds: VigilDataSource) {
    super();
  }

  query(request: DataQueryRequest<VigilVariableQuery>): Observable<DataQueryResponse> {
    const q = request.targets[0];
    return from(
      variableValues(this.ds, q).then((values) => ({
        data: [toDataFrame({ fields: [{ name: 'text', values: values.map((v) => v.text) }, { name: 'value', values: values.map((v) => v.value ?? v.text) }] })],
      }))
    );
  }
}
