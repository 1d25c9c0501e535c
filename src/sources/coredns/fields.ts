/**
 * Field catalog of CoreDNS query log lines. The layout is fixed, so most fields come from
 * one `pattern` (LogQL) / `extract` (LogsQL) with the other captures dropped; the client
 * address (IPv6 is bracketed and full of colons), the duration and the opcode (both absent
 * or shifted between common and combined formats) use a regular expression.
 */
import { derived, entityAlias, patternField, regexpField } from '../catalog';
import type { FieldSpec } from '../types';

/**
 * The common layout from the dash after the client address on, as a pattern; capture names
 * are the layout's own placeholders. Starting at ` - ` keeps it right whatever precedes the
 * client: `[INFO] `, CoreDNS ≤1.1's own RFC 3339 time, or nothing. CoreDNS ≤1.2 put a CLF
 * time after the dash, which lands in `<id>`: the id is read by a regular expression.
 */
export const COREDNS_LAYOUT =
  '<_> - <id> "<type> <class> <name> <proto> <size> <do> <bufsize>" <rcode> <rflags> <rsize> <_>';

/** What may stand between the dash and the message id: CoreDNS ≤1.2's `[07/Sep/2018:15:29:11 +0000] `. */
const CLF_TIME = '(?:\\[[^\\]]*\\] )?';

const p = (
  name: string,
  type: FieldSpec['type'],
  description: string,
  capture: string,
  lineFilter?: { logql: string; logsql: string }
): FieldSpec => {
  const spec = patternField(name, type, description, COREDNS_LAYOUT, capture);
  if (lineFilter) {
    spec.logql.lineFilter = lineFilter.logql;
    spec.logsql.lineFilter = lineFilter.logsql;
  }
  return spec;
};

const clientIp = regexpField(
  'client.ip',
  'string',
  'Client address (IPv6 without its brackets).',
  `\\[?(?P<>[0-9A-Fa-f.:]+?)\\]?:[0-9]+ - ${CLF_TIME}[0-9]+ "`
);
const domain = derived(
  regexpField(
    'query.domain',
    'string',
    'Query name without the trailing dot, lower-cased by the parser (the query side matches case-insensitively).',
    '"\\S+ \\S+ (?P<>\\S+?)\\.? (?:udp|tcp) ',
    { logql: '|~ "(?i) {value}\\\\.? "', logsql: 'i("{value}")' }
  )
);

/** Every CoreDNS field, in display order. */
export const COREDNS_FIELDS: FieldSpec[] = [
  clientIp,
  regexpField('client.port', 'number', 'Client source port.', `:(?P<>[0-9]+) - ${CLF_TIME}[0-9]+ "`),
  regexpField('query.id', 'number', 'DNS message id.', ` - ${CLF_TIME}(?P<>[0-9]+) "`),
  p('query.type', 'string', 'Query type (A, AAAA, TXT, SRV, PTR, NULL…).', 'type', {
    logql: '|= "\\"{value} "',
    logsql: '"\\"{value}"',
  }),
  p('query.class', 'string', 'Query class (IN).', 'class'),
  p('query.name', 'string', 'Query name as logged, with its trailing dot.', 'name', {
    logql: '|= " {value} "',
    logsql: '"{value}"',
  }),
  domain,
  p('proto', 'string', 'Transport: udp or tcp.', 'proto'),
  p('size', 'number', 'Request size in bytes.', 'size'),
  p('do', 'boolean', 'DNSSEC OK bit of the request.', 'do'),
  p('bufsize', 'number', 'EDNS0 buffer size advertised by the client (512 without EDNS0).', 'bufsize'),
  p('rcode', 'string', 'Response code: NOERROR, NXDOMAIN, SERVFAIL, REFUSED…', 'rcode', {
    logql: '|= "\\" {value} "',
    logsql: '"\\" {value}"',
  }),
  {
    ...p('rflags', 'list', 'Response header flags (qr, aa, tc, rd, ra, ad, cd), comma-joined in the line.', 'rflags'),
    listMatch: 'The label holds the comma-joined flags: match one with `=~"(^|.*,)flag(,.*|$)"`.',
  },
  p('rsize', 'number', 'Response size in bytes.', 'rsize'),
  regexpField(
    'duration_s',
    'number',
    'Time to answer in seconds. The label keeps the Go duration text (`0.000123s`): use `unwrap duration_seconds(duration_s)`.',
    '" [A-Z]+[0-9]* \\S* [0-9]+ (?P<>[0-9.]+(?:s|ms|us|µs|ns))'
  ),
  regexpField('opcode', 'string', 'Query opcode (combined format only), e.g. QUERY.', 's "(?P<>[A-Z]+)"$'),
  regexpField('level', 'string', 'CoreDNS log level tag, normally INFO.', '^(?:\\S+ )?\\[(?P<>[A-Z]+)\\] '),
  entityAlias('entity.ip', clientIp),
  entityAlias('entity.domain', domain),
];
