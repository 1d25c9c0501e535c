// Metric query examples from Loki's "Metric queries" and "Query reference" pages.
import { InstantVector, LogQLVector, MQ, QR, RangeVector, VectorEntry } from './types';

const mysqlA = { job: 'mysql', host: 'a' };
const mysqlB = { job: 'mysql', host: 'b' };

// Lines at 10s, 100s, 299s, 300s and 301s on host a; one line at 200s on host b.
const MYSQL: VectorEntry[] = [
  { labels: mysqlA, line: 'q1', at: 10 },
  { labels: mysqlA, line: 'q2', at: 100 },
  { labels: mysqlA, line: 'q3', at: 299 },
  { labels: mysqlA, line: 'q4', at: 300 },
  { labels: mysqlA, line: 'q5', at: 301 },
  { labels: mysqlB, line: 'q6', at: 200 },
];

const errorLine = (host: string, duration: string, msg: string) => JSON.stringify({ host, duration, msg });
const ERRORS: VectorEntry[] = [
  { labels: { job: 'mysql' }, line: errorLine('a', '12s', 'error: disk'), at: 250 },
  { labels: { job: 'mysql' }, line: errorLine('a', '11s', 'error: lock'), at: 260 },
  { labels: { job: 'mysql' }, line: errorLine('a', '12s', 'error: timeout'), at: 270 },
  { labels: { job: 'mysql' }, line: errorLine('a', '2s', 'error: disk'), at: 280 },
  { labels: { job: 'mysql' }, line: errorLine('b', '30s', 'error: disk'), at: 290 },
  { labels: { job: 'mysql' }, line: errorLine('b', '30s', 'warning'), at: 295 },
];

const instant: InstantVector[] = [
  {
    kind: 'instant',
    name: "count_over_time counts each stream's lines in (t-5m, t]",
    doc: `${MQ}#log-range-aggregations`,
    query: 'count_over_time({job="mysql"}[5m])',
    entries: MYSQL,
    atSec: 300,
    expected: [
      { labels: mysqlA, value: 4 },
      { labels: mysqlB, value: 1 },
    ],
  },
  {
    kind: 'instant',
    name: 'rate with filters, json and a duration filter, summed by a parsed label',
    doc: `${MQ}#log-range-aggregations`,
    query: 'sum by (host) (rate({job="mysql"} |= "error" != "timeout" | json | duration > 10s [1m]))',
    entries: ERRORS,
    atSec: 300,
    expected: [
      { labels: { host: 'a' }, value: 2 / 60 },
      { labels: { host: 'b' }, value: 1 / 60 },
    ],
  },
  {
    kind: 'instant',
    name: 'offset shifts the window back',
    doc: `${MQ}#offset-modifier`,
    query: 'count_over_time({job="mysql"}[5m] offset 5m)',
    entries: MYSQL,
    atSec: 600,
    expected: [
      { labels: mysqlA, value: 4 },
      { labels: mysqlB, value: 1 },
    ],
  },
  {
    kind: 'instant',
    name: 'topk keeps the original labels of the k largest',
    doc: `${MQ}#built-in-aggregation-operators`,
    query: 'topk(1, count_over_time({job="mysql"}[5m]))',
    entries: MYSQL,
    atSec: 300,
    expected: [{ labels: mysqlA, value: 4 }],
  },
  {
    kind: 'instant',
    name: 'sum without drops the listed labels',
    doc: `${MQ}#built-in-aggregation-operators`,
    query: 'sum without (host) (count_over_time({job="mysql"}[5m]))',
    entries: MYSQL,
    atSec: 300,
    expected: [{ labels: { job: 'mysql' }, value: 5 }],
  },
  {
    kind: 'instant',
    name: 'comparison with a scalar filters the vector',
    doc: `${QR}#comparison-operators`,
    query: 'count_over_time({job="mysql"}[5m]) > 1',
    entries: MYSQL,
    atSec: 300,
    expected: [{ labels: mysqlA, value: 4 }],
  },
  {
    kind: 'instant',
    name: 'comparison with bool returns 0 or 1 for every element',
    doc: `${QR}#comparison-operators`,
    query: 'count_over_time({job="mysql"}[5m]) > bool 1',
    entries: MYSQL,
    atSec: 300,
    expected: [
      { labels: mysqlA, value: 1 },
      { labels: mysqlB, value: 0 },
    ],
  },
  {
    kind: 'instant',
    name: 'bytes_over_time sums line lengths',
    doc: `${MQ}#log-range-aggregations`,
    query: 'sum(bytes_over_time({job="mysql"}[5m]))',
    entries: MYSQL,
    atSec: 300,
    expected: [{ labels: {}, value: 10 }],
  },
  {
    kind: 'instant',
    name: 'or vector(0) supplies a value when nothing matches',
    doc: `${MQ}#functions`,
    query: 'sum(count_over_time({namespace="traefik"}[5m])) or vector(0)',
    entries: MYSQL,
    atSec: 300,
    expected: [{ labels: {}, value: 0 }],
  },
];

const range: RangeVector[] = [
  {
    kind: 'range',
    name: 'range query: a series has no point at steps without lines',
    doc: `${MQ}#log-range-aggregations`,
    query: 'count_over_time({job="mysql", host="a"}[1m])',
    entries: MYSQL,
    startSec: 60,
    endSec: 360,
    stepSec: 60,
    expected: [
      {
        labels: mysqlA,
        points: [
          [60, 1],
          [120, 1],
          [300, 2],
          [360, 1],
        ],
      },
    ],
  },
];

export const metricQueryVectors: LogQLVector[] = [
  ...instant,
  ...range,
  {
    kind: 'error',
    name: 'offset must follow the range',
    doc: `${MQ}#offset-modifier`,
    query: 'count_over_time({job="mysql"}[5m]) offset 5m',
    entries: [],
    error: /syntax error|parse error/,
  },
];
