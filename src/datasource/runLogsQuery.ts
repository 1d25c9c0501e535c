import { DataFrame, DataQueryRequest, DataQueryResponse, dateTime } from '@grafana/data';
import { isObservable, lastValueFrom, type Observable } from 'rxjs';
import { QUERY_MODEL_VERSION, type CodeQuery, type QueryLanguage, type SourceId, type VigilQuery } from './types';

/** What a page needs to read raw lines through the Vigil data source. */
export interface LogsQueryRequest {
  expr: string;
  language: QueryLanguage;
  /** The range ends now and reaches this far back. */
  rangeMs: number;
  limit: number;
  /** Names the caller in Grafana's query inspector and request ids. */
  app: string;
  source?: SourceId;
}

/**
 * Runs one code-mode logs query through the data source (so credentials stay in its backend)
 * and returns its frames; a per-query error from the backend is thrown with its message.
 */
/** The one method used, typed loosely enough for any data source handle the pages hold. */
export interface QueryRunner {
  query(request: DataQueryRequest<VigilQuery>): Promise<DataQueryResponse> | Observable<DataQueryResponse>;
}

export async function runLogsQuery(ds: QueryRunner, req: LogsQueryRequest): Promise<DataFrame[]> {
  const to = dateTime();
  const from = dateTime(to.valueOf() - req.rangeMs);
  const target: CodeQuery = {
    refId: 'A',
    version: QUERY_MODEL_VERSION,
    mode: 'code',
    queryType: 'logs',
    source: req.source,
    expr: req.expr,
    language: req.language,
    limit: req.limit,
  };
  const pending = ds.query({
    targets: [target],
    range: { from, to, raw: { from, to } },
    interval: '1m',
    intervalMs: 60_000,
    requestId: `${req.app}-${req.expr}`,
    scopedVars: {},
    timezone: 'utc',
    app: req.app,
    startTime: Date.now(),
  });
  const resp: DataQueryResponse = isObservable(pending) ? await lastValueFrom(pending) : await pending;
  if (resp.errors?.length) {
    throw new Error(resp.errors.map((e) => e.message).join('; '));
  }
  return resp.data as DataFrame[];
}
