// Log query examples from Loki's "Log queries" page, each with the documented result.
import { LogsVector, LQ } from './types';

const JSON_DOC =
  '{"protocol": "HTTP/2.0", "servers": ["129.0.1.1","10.2.1.3"], "request": {"time": "6.032", "method": "GET", ' +
  '"host": "foo.grafana.net", "size": "55", "headers": {"Accept": "*/*", "User-Agent": "curl/7.68.0"}}, ' +
  '"response": {"status": 401, "size": "228", "latency_seconds": "6.031"}}';
const LOGFMT_LINE = 'at=info method=GET path=/ host=grafana.net fwd="124.133.124.161" service=8ms status=200';
const NGINX_LINE =
  '0.191.12.2 - - [10/Jun/2021:09:14:29 +0000] "GET /api/plugins/versioncheck HTTP/1.1" 200 2 "-" ' +
  '"Go-http-client/2.0" "13.76.247.102, 34.120.177.193" "TLSv1.2" "US" ""';
const DROP_LINE_1 =
  '{"app": "some-api-service", "level": "info", "method": "GET", "path": "/", "host": "grafana.net", "status": "200"}';
const DROP_LINE_2 =
  '{"app": "other-service", "level": "info", "method": "GET", "path": "/", "host": "grafana.net", "status": "200"}';
const KEEP_LINE_GET = '{"level": "info", "method": "GET", "path": "/", "host": "grafana.net", "status": "200"}';
const KEEP_LINE_POST = '{"level": "info", "method": "POST", "path": "/", "host": "grafana.net", "status": "200"}';

const mysql = { job: 'mysql' };

export const logQueryVectors: LogsVector[] = [
  {
    kind: 'logs',
    name: 'line filter |= keeps lines containing the substring',
    doc: `${LQ}#line-filter-expression`,
    query: '{job="mysql"} |= "error"',
    entries: [
      { labels: mysql, line: 'query error: timeout', at: 1 },
      { labels: mysql, line: 'all fine', at: 2 },
      { labels: { job: 'other' }, line: 'error elsewhere', at: 3 },
    ],
    expected: [{ labels: mysql, line: 'query error: timeout' }],
  },
  {
    kind: 'logs',
    name: 'regex stream matcher is anchored; != discards the substring',
    doc: `${LQ}#line-filter-expression`,
    query: '{instance=~"kafka-[23]",name="kafka"} != "kafka.server:type=ReplicaManager"',
    entries: [
      { labels: { instance: 'kafka-1', name: 'kafka' }, line: 'broker started', at: 1 },
      { labels: { instance: 'kafka-2', name: 'kafka' }, line: 'broker started', at: 2 },
      { labels: { instance: 'kafka-3', name: 'kafka' }, line: 'kafka.server:type=ReplicaManager lag', at: 3 },
      { labels: { instance: 'kafka-23', name: 'kafka' }, line: 'broker started', at: 4 },
    ],
    expected: [{ labels: { instance: 'kafka-2', name: 'kafka' }, line: 'broker started' }],
  },
  {
    kind: 'logs',
    name: '|~ matches a regex anywhere in the line',
    doc: `${LQ}#line-filter-expression`,
    query: '{name="kafka"} |~ "tsdb-ops.*io:2003"',
    entries: [
      { labels: { name: 'kafka' }, line: 'connect tsdb-ops-01.example.io:2003 ok', at: 1 },
      { labels: { name: 'kafka' }, line: 'connect tsdb-ops-01.example.io:2004 ok', at: 2 },
    ],
    expected: [{ labels: { name: 'kafka' }, line: 'connect tsdb-ops-01.example.io:2003 ok' }],
  },
  {
    kind: 'logs',
    name: 'backtick regex needs no double escaping',
    doc: `${LQ}#line-filter-expression`,
    query: '{name="cassandra"} |~  `error=\\w+`',
    entries: [
      { labels: { name: 'cassandra' }, line: 'read failed error=timeout', at: 1 },
      { labels: { name: 'cassandra' }, line: 'read failed error= none', at: 2 },
    ],
    expected: [{ labels: { name: 'cassandra' }, line: 'read failed error=timeout' }],
  },
  {
    kind: 'logs',
    name: 'chained line filters are all applied',
    doc: `${LQ}#line-filter-expression`,
    query: '{job="mysql"} |= "error" != "timeout"',
    entries: [
      { labels: mysql, line: 'error: timeout', at: 1 },
      { labels: mysql, line: 'error: disk full', at: 2 },
      { labels: mysql, line: 'ok', at: 3 },
    ],
    expected: [{ labels: mysql, line: 'error: disk full' }],
  },
  {
    kind: 'logs',
    name: 'full example: line filter, logfmt and duration/number label filters',
    doc: `${LQ}#log-queries`,
    query:
      '{container="query-frontend",namespace="loki-dev"} |= "metrics.go" | logfmt | duration > 10s and throughput_mb < 500',
    entries: [
      {
        labels: { container: 'query-frontend', namespace: 'loki-dev' },
        line: 'caller=metrics.go:100 duration=12.5s throughput_mb=20.1',
        at: 1,
      },
      {
        labels: { container: 'query-frontend', namespace: 'loki-dev' },
        line: 'caller=metrics.go:100 duration=2s throughput_mb=20',
        at: 2,
      },
      {
        labels: { container: 'query-frontend', namespace: 'loki-dev' },
        line: 'caller=metrics.go:100 duration=15s throughput_mb=700',
        at: 3,
      },
      {
        labels: { container: 'query-frontend', namespace: 'loki-dev' },
        line: 'caller=other.go duration=15s throughput_mb=1',
        at: 4,
      },
    ],
    expected: [
      {
        labels: {
          caller: 'metrics.go:100',
          container: 'query-frontend',
          duration: '12.5s',
          namespace: 'loki-dev',
          throughput_mb: '20.1',
        },
        line: 'caller=metrics.go:100 duration=12.5s throughput_mb=20.1',
      },
    ],
  },
  {
    kind: 'logs',
    name: 'and binds tighter than or in label filters',
    doc: `${LQ}#label-filter-expression`,
    note:
      "The page says predicates evaluate left to right, so `a or b and c` = `(a or b) and c`; Loki's grammar " +
      '(pkg/logql/syntax/syntax.y, %left OR before %left AND) and the lezer grammar give `a or (b and c)`. ' +
      'The expected result follows the grammar.',
    query: '{job="mysql"} | logfmt | duration >= 20ms or method="GET" and size <= 20KB',
    entries: [{ labels: mysql, line: 'duration=30ms method=POST size=50KB', at: 1 }],
    expected: [
      {
        labels: { duration: '30ms', job: 'mysql', method: 'POST', size: '50KB' },
        line: 'duration=30ms method=POST size=50KB',
      },
    ],
  },
  {
    kind: 'logs',
    name: 'json without parameters flattens nested keys and skips arrays',
    doc: `${LQ}#json`,
    query: '{job="varlogs"} | json',
    entries: [{ labels: { job: 'varlogs' }, line: JSON_DOC, at: 1 }],
    expected: [
      {
        labels: {
          job: 'varlogs',
          protocol: 'HTTP/2.0',
          request_headers_Accept: '*/*',
          request_headers_User_Agent: 'curl/7.68.0',
          request_host: 'foo.grafana.net',
          request_method: 'GET',
          request_size: '55',
          request_time: '6.032',
          response_latency_seconds: '6.031',
          response_size: '228',
          response_status: '401',
        },
        line: JSON_DOC,
      },
    ],
  },
  {
    kind: 'logs',
    name: 'json parameters: array index and bracketed key',
    doc: `${LQ}#json`,
    query: '{job="varlogs"} | json first_server="servers[0]", ua="request.headers[\\"User-Agent\\"]"',
    entries: [{ labels: { job: 'varlogs' }, line: JSON_DOC, at: 1 }],
    expected: [{ labels: { first_server: '129.0.1.1', job: 'varlogs', ua: 'curl/7.68.0' }, line: JSON_DOC }],
  },
  {
    kind: 'logs',
    name: 'json parameters: arrays and objects are returned as their JSON text',
    doc: `${LQ}#json`,
    query: '{job="varlogs"} | json server_list="servers", headers="request.headers"',
    entries: [{ labels: { job: 'varlogs' }, line: JSON_DOC, at: 1 }],
    expected: [
      {
        labels: {
          headers: '{"Accept": "*/*", "User-Agent": "curl/7.68.0"}',
          job: 'varlogs',
          server_list: '["129.0.1.1","10.2.1.3"]',
        },
        line: JSON_DOC,
      },
    ],
  },
  {
    kind: 'logs',
    name: '| json servers is | json servers="servers"',
    doc: `${LQ}#json`,
    query: '{job="varlogs"} | json servers',
    entries: [{ labels: { job: 'varlogs' }, line: JSON_DOC, at: 1 }],
    expected: [{ labels: { job: 'varlogs', servers: '["129.0.1.1","10.2.1.3"]' }, line: JSON_DOC }],
  },
  {
    kind: 'logs',
    name: 'parsed keys are sanitised',
    doc: `${LQ}#parser-expression`,
    note: 'The page writes the object with an unquoted key ({c: "d"}); the vector uses valid JSON.',
    query: '{job="varlogs"} | json',
    entries: [{ labels: { job: 'varlogs' }, line: '{ "a.b": {"c": "d"}, "e": "f" }', at: 1 }],
    expected: [{ labels: { a_b_c: 'd', e: 'f', job: 'varlogs' }, line: '{ "a.b": {"c": "d"}, "e": "f" }' }],
  },
  {
    kind: 'logs',
    name: 'a parsed key that exists as a stream label gets _extracted',
    doc: `${LQ}#parser-expression`,
    query: '{app="x"} | json',
    entries: [{ labels: { app: 'x' }, line: '{"app":"y","n":1}', at: 1 }],
    expected: [{ labels: { app: 'x', app_extracted: 'y', n: '1' }, line: '{"app":"y","n":1}' }],
  },
  {
    kind: 'logs',
    name: 'logfmt without parameters extracts every pair',
    doc: `${LQ}#logfmt`,
    query: '{job="web"} | logfmt',
    entries: [{ labels: { job: 'web' }, line: LOGFMT_LINE, at: 1 }],
    expected: [
      {
        labels: {
          at: 'info',
          fwd: '124.133.124.161',
          host: 'grafana.net',
          job: 'web',
          method: 'GET',
          path: '/',
          service: '8ms',
          status: '200',
        },
        line: LOGFMT_LINE,
      },
    ],
  },
  {
    kind: 'logs',
    name: 'logfmt with parameters extracts and renames',
    doc: `${LQ}#logfmt`,
    query: '{job="web"} | logfmt host, fwd_ip="fwd"',
    entries: [{ labels: { job: 'web' }, line: LOGFMT_LINE, at: 1 }],
    expected: [{ labels: { fwd_ip: '124.133.124.161', host: 'grafana.net', job: 'web' }, line: LOGFMT_LINE }],
  },
  {
    kind: 'logs',
    name: 'logfmt --strict stops at a malformed pair with an error; default mode skips it',
    doc: `${LQ}#logfmt`,
    query: '{job="web"} | logfmt --strict',
    entries: [{ labels: { job: 'web' }, line: 'key=value foo=bar=buzz other=1', at: 1 }],
    expected: [
      {
        labels: { __error__: 'LogfmtParserErr', __error_details__: '', job: 'web', key: 'value' },
        line: 'key=value foo=bar=buzz other=1',
      },
    ],
    presenceOnly: ['__error_details__'],
  },
  {
    kind: 'logs',
    name: 'logfmt without --strict skips the malformed pair',
    doc: `${LQ}#logfmt`,
    query: '{job="web"} | logfmt',
    entries: [{ labels: { job: 'web' }, line: 'key=value foo=bar=buzz other=1', at: 1 }],
    expected: [{ labels: { job: 'web', key: 'value', other: '1' }, line: 'key=value foo=bar=buzz other=1' }],
  },
  {
    kind: 'logs',
    name: 'logfmt --keep-empty keeps standalone keys',
    doc: `${LQ}#logfmt`,
    query: '{job="web"} | logfmt --keep-empty',
    entries: [{ labels: { job: 'web' }, line: 'standalone key=value', at: 1 }],
    expected: [{ labels: { job: 'web', key: 'value', standalone: '' }, line: 'standalone key=value' }],
  },
  {
    kind: 'logs',
    name: 'pattern parser on an NGINX line',
    doc: `${LQ}#pattern`,
    query: '{job="nginx"} | pattern `<ip> - - <_> "<method> <uri> <_>" <status> <size> <_> "<agent>" <_>`',
    entries: [{ labels: { job: 'nginx' }, line: NGINX_LINE, at: 1 }],
    expected: [
      {
        labels: {
          agent: 'Go-http-client/2.0',
          ip: '0.191.12.2',
          job: 'nginx',
          method: 'GET',
          size: '2',
          status: '200',
          uri: '/api/plugins/versioncheck',
        },
        line: NGINX_LINE,
      },
    ],
  },
  {
    kind: 'logs',
    name: 'pattern starting with <_> is not anchored to a literal',
    doc: `${LQ}#pattern`,
    query: '{job="loki"} | pattern `<_> msg="<method> <path> (<status>) <latency>"`',
    entries: [
      {
        labels: { job: 'loki' },
        line: 'level=debug ts=2021-06-10T09:24:13.472094048Z caller=logging.go:66 traceID=0568b66ad2d9294c msg="POST /loki/api/v1/push (204) 16.652862ms"',
        at: 1,
      },
    ],
    expected: [
      {
        labels: { job: 'loki', latency: '16.652862ms', method: 'POST', path: '/loki/api/v1/push', status: '204' },
        line: 'level=debug ts=2021-06-10T09:24:13.472094048Z caller=logging.go:66 traceID=0568b66ad2d9294c msg="POST /loki/api/v1/push (204) 16.652862ms"',
      },
    ],
  },
  {
    kind: 'logs',
    name: 'regexp parser with named groups',
    doc: `${LQ}#regular-expression`,
    query:
      '{job="api"} | regexp "(?P<method>\\\\w+) (?P<path>[\\\\w|/]+) \\\\((?P<status>\\\\d+?)\\\\) (?P<duration>.*)"',
    entries: [{ labels: { job: 'api' }, line: 'POST /api/prom/api/v1/query_range (200) 1.5s', at: 1 }],
    expected: [
      {
        labels: { duration: '1.5s', job: 'api', method: 'POST', path: '/api/prom/api/v1/query_range', status: '200' },
        line: 'POST /api/prom/api/v1/query_range (200) 1.5s',
      },
    ],
  },
  {
    kind: 'logs',
    name: 'line_format rewrites the line from labels',
    doc: `${LQ}#line-format-expression`,
    query: '{container="frontend"} | logfmt | line_format "{{.query}} {{.duration}}"',
    entries: [{ labels: { container: 'frontend' }, line: 'query="sum(up)" duration=1.2s status=200', at: 1 }],
    expected: [
      { labels: { container: 'frontend', duration: '1.2s', query: 'sum(up)', status: '200' }, line: 'sum(up) 1.2s' },
    ],
  },
  {
    kind: 'logs',
    name: 'label_format renames (dropping the source) and sets from templates (keeping it)',
    doc: `${LQ}#labels-format-expression`,
    query: '{job="web"} | logfmt | label_format dst=src | label_format both="{{.status}} {{.query}}"',
    entries: [{ labels: { job: 'web' }, line: 'src=a status=200 query=q', at: 1 }],
    expected: [
      { labels: { both: '200 q', dst: 'a', job: 'web', query: 'q', status: '200' }, line: 'src=a status=200 query=q' },
    ],
  },
  {
    kind: 'logs',
    name: 'drop removes named labels and labels with a matching value',
    doc: `${LQ}#drop-labels-expression`,
    note: "The page's first drop example omits the stream label job from the result; the later examples keep it, as Loki does.",
    query: '{job="varlogs"} | json | drop level, method="GET"',
    entries: [
      { labels: { job: 'varlogs' }, line: KEEP_LINE_GET, at: 1 },
      { labels: { job: 'varlogs' }, line: KEEP_LINE_POST, at: 2 },
    ],
    expected: [
      { labels: { host: 'grafana.net', job: 'varlogs', path: '/', status: '200' }, line: KEEP_LINE_GET },
      {
        labels: { host: 'grafana.net', job: 'varlogs', method: 'POST', path: '/', status: '200' },
        line: KEEP_LINE_POST,
      },
    ],
  },
  {
    kind: 'logs',
    name: 'drop with a regex matcher',
    doc: `${LQ}#drop-labels-expression`,
    query: '{job="varlogs"} | json | drop level, path, app=~"some-api.*"',
    entries: [
      { labels: { job: 'varlogs' }, line: DROP_LINE_1, at: 1 },
      { labels: { job: 'varlogs' }, line: DROP_LINE_2, at: 2 },
    ],
    expected: [
      { labels: { host: 'grafana.net', job: 'varlogs', method: 'GET', status: '200' }, line: DROP_LINE_1 },
      {
        labels: { app: 'other-service', host: 'grafana.net', job: 'varlogs', method: 'GET', status: '200' },
        line: DROP_LINE_2,
      },
    ],
  },
  {
    kind: 'logs',
    name: 'drop __error__ removes the error label only',
    doc: `${LQ}#drop-labels-expression`,
    note:
      'The page shows `{}` for this example; Loki clears only __error__, so job and __error_details__ remain ' +
      '(pkg/logql/log/drop_labels.go). Details text is implementation detail.',
    query: '{job="varlogs"} | json | drop __error__',
    entries: [{ labels: { job: 'varlogs' }, line: 'INFO GET / loki.net 200', at: 1 }],
    expected: [{ labels: { __error_details__: '', job: 'varlogs' }, line: 'INFO GET / loki.net 200' }],
    presenceOnly: ['__error_details__'],
  },
  {
    kind: 'logs',
    name: 'keep keeps only the listed labels, with optional value matchers',
    doc: `${LQ}#keep-labels-expression`,
    query: '{job="varlogs"} | json | keep level, method="GET"',
    entries: [
      { labels: { job: 'varlogs' }, line: KEEP_LINE_GET, at: 1 },
      { labels: { job: 'varlogs' }, line: KEEP_LINE_POST, at: 2 },
    ],
    expected: [
      { labels: { level: 'info', method: 'GET' }, line: KEEP_LINE_GET },
      { labels: { level: 'info' }, line: KEEP_LINE_POST },
    ],
  },
  {
    kind: 'logs',
    name: 'keep with a regex matcher',
    doc: `${LQ}#keep-labels-expression`,
    query: '{job="varlogs"} | json | keep level, tenant, app=~"some-api.*"',
    entries: [
      { labels: { job: 'varlogs' }, line: DROP_LINE_1, at: 1 },
      { labels: { job: 'varlogs' }, line: DROP_LINE_2, at: 2 },
    ],
    expected: [
      { labels: { app: 'some-api-service', level: 'info' }, line: DROP_LINE_1 },
      { labels: { level: 'info' }, line: DROP_LINE_2 },
    ],
  },
];
