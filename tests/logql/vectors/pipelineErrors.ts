// Pipeline error behaviour from Loki's "Query reference" page and the parser sections.
import { LogQLVector, LQ, QR } from './types';

const app = { app: 'api' };

export const pipelineErrorVectors: LogQLVector[] = [
  {
    kind: 'logs',
    name: '__error__="" removes lines the parser could not parse',
    doc: `${QR}#pipeline-errors`,
    query: '{app="api"} | json | __error__=""',
    entries: [
      { labels: app, line: '{"level":"info"}', at: 1 },
      { labels: app, line: 'not json', at: 2 },
    ],
    expected: [{ labels: { app: 'api', level: 'info' }, line: '{"level":"info"}' }],
  },
  {
    kind: 'logs',
    name: 'a parse failure keeps the line and adds __error__',
    doc: `${LQ}#parser-expression`,
    query: '{app="api"} | json | __error__!=""',
    entries: [
      { labels: app, line: '{"level":"info"}', at: 1 },
      { labels: app, line: 'not json', at: 2 },
    ],
    expected: [{ labels: { __error__: 'JSONParserErr', __error_details__: '', app: 'api' }, line: 'not json' }],
    presenceOnly: ['__error_details__'],
  },
  {
    kind: 'logs',
    name: 'a missing label compares as the empty string',
    doc: `${LQ}#label-filter-expression`,
    note: 'String filters "work exactly like Prometheus label matchers", where a missing label equals "".',
    query: '{app="api"} | logfmt | level!="error"',
    entries: [
      { labels: app, line: 'level=error msg=a', at: 1 },
      { labels: app, line: 'msg=b', at: 2 },
    ],
    expected: [{ labels: { app: 'api', msg: 'b' }, line: 'msg=b' }],
  },
  {
    kind: 'logs',
    name: 'a failed number conversion keeps the line with LabelFilterErr; an absent label drops it',
    doc: `${LQ}#label-filter-expression`,
    query: '{app="api"} | logfmt | status > 400',
    entries: [
      { labels: app, line: 'status=500', at: 1 },
      { labels: app, line: 'status=oops', at: 2 },
      { labels: app, line: 'status=200', at: 3 },
      { labels: app, line: 'msg=none', at: 4 },
    ],
    expected: [
      { labels: { app: 'api', status: '500' }, line: 'status=500' },
      {
        labels: { __error__: 'LabelFilterErr', __error_details__: '', app: 'api', status: 'oops' },
        line: 'status=oops',
      },
    ],
    presenceOnly: ['__error_details__'],
  },
  {
    kind: 'error',
    name: 'a metric query over errored lines fails',
    doc: `${QR}#pipeline-errors`,
    query: 'count_over_time({app="api"} | json [5m])',
    entries: [{ labels: app, line: 'not json', at: 400 }],
    error: /pipeline error: 'JSONParserErr'/,
  },
  {
    kind: 'error',
    name: 'a selector needs one matcher that does not match the empty string',
    doc: `${LQ}#log-stream-selector`,
    query: '{app=~".*"}',
    entries: [],
    error: /at least one regexp or equality matcher that does not have an empty-compatible value/,
  },
];
