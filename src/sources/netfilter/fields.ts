/**
 * Field catalog of netfilter LOG lines. Keys appear in a fixed order but optional ones
 * (MAC, PHYSIN, flags) come and go, so each field is one anchored regular expression.
 * The first match is the outer packet: an ICMP error's quoted packet comes later in `[...]`.
 */
import { derived, entityAlias, regexpField } from '../catalog';
import type { FieldSpec } from '../types';

/**
 * Everything before the packet an ICMP error quotes (`[SRC=…`), for keys only that packet
 * may have: an ICMP line's first ` SPT=` is the quoted packet's. RE2 has no look-behind, so
 * it spells out "any text without `[SRC=`" (one group level, so the detection pre-filter can
 * still read the literal before the capture).
 */
export const OUTER_PACKET = '^(?:[^\\[]|\\[[^S]|\\[S[^R]|\\[SR[^C]|\\[SRC[^=])*?';

/** A `KEY=value` field; `filter` adds a line filter on `KEY=<value>`; `outer` reads only the outer packet. */
function kv(
  name: string,
  key: string,
  type: FieldSpec['type'],
  description: string,
  valueRe = '\\S*',
  filter = true,
  outer = false
): FieldSpec {
  return regexpField(
    name,
    type,
    description,
    `${outer ? OUTER_PACKET : ''} ${key}=(?P<>${valueRe})`,
    filter ? { logql: `|= " ${key}={value} "`, logsql: `" ${key}={value}"` } : undefined
  );
}

const src = kv('src', 'SRC', 'string', 'Source address.');
const dst = kv('dst', 'DST', 'string', 'Destination address.');
// BSD (`Nov 22 10:00:01`) or RFC 3339 stamp, optional <PRI>, then the host.
const hostname = regexpField(
  'hostname',
  'string',
  'Host from the syslog frame (journald: _HOSTNAME, usually also a stream label there).',
  '^(?:<[0-9]+>1? ?)?(?:[A-Z][a-z]{2} +[0-9]+ [0-9:]+|[0-9]{4}-[0-9-]+T\\S+) (?P<>\\S+) '
);

/** Every netfilter field, in display order. */
export const NETFILTER_FIELDS: FieldSpec[] = [
  regexpField(
    'prefix',
    'string',
    'Log prefix the rule configured (`calico-packet:`, `[UFW BLOCK]`…), trimmed; empty when none.',
    '^(?:.*? kernel: )?(?:\\[\\s*[0-9.]+\\] )?(?P<>.*?)\\s*(?:IN|OUT)=',
    { logql: '|= "{value}"', logsql: '"{value}"' }
  ),
  regexpField('in', 'string', 'Input interface; empty for locally generated packets.', '(?:^|[^A-Z])IN=(?P<>\\S*)'),
  kv('out', 'OUT', 'string', 'Output interface; empty for packets to this host.', '\\S*', false),
  kv('mac', 'MAC', 'string', 'Destination MAC, source MAC and ethertype, colon-joined.', '\\S*', false),
  src,
  dst,
  kv('len', 'LEN', 'number', 'IP packet length (the first LEN=).', '[0-9]+', false),
  regexpField(
    'udp.len',
    'number',
    'UDP length (the second LEN= of a UDP packet).',
    `${OUTER_PACKET}PROTO=UDP SPT=[0-9]+ DPT=[0-9]+ LEN=(?P<>[0-9]+)`
  ),
  kv('tos', 'TOS', 'string', 'Type of service, hex.', '\\S*', false),
  kv('ttl', 'TTL', 'number', 'Time to live.', '[0-9]+', false),
  kv('id', 'ID', 'number', 'IP identification.', '[0-9]+', false),
  kv('proto', 'PROTO', 'string', 'Protocol: TCP, UDP, ICMP, or a number.'),
  kv('spt', 'SPT', 'number', 'Source port (TCP/UDP).', '[0-9]+', true, true),
  kv('dpt', 'DPT', 'number', 'Destination port (TCP/UDP).', '[0-9]+', true, true),
  // The IP flags (DF, MF, CE) and the TCP flags sit in two places of the line: one capture
  // cannot hold both, so the stage reads the TCP flags and the line filter finds any flag.
  derived({
    ...regexpField(
      'flags',
      'list',
      'Bare flags of the outer packet: DF, MF, CE and TCP flags (SYN, ACK, FIN, RST, PSH, URG). The extraction reads only the TCP flags.',
      ' RES=\\S+ (?P<>(?:[A-Z]+ )*)URGP=',
      {
        logql: '|= " {value} "',
        logsql: '" {value} "',
      }
    ),
    listMatch: 'Line filter ` {flag} ` (flags are bare words); the extracted TCP flags are space-joined.',
  }),
  kv('icmp.type', 'TYPE', 'number', 'ICMP type (after PROTO=ICMP).', '[0-9]+', false),
  kv('icmp.code', 'CODE', 'number', 'ICMP code (after PROTO=ICMP).', '[0-9]+', false),
  regexpField('embedded.src', 'string', 'Source of the packet quoted by an ICMP error.', '\\[SRC=(?P<>\\S+)'),
  regexpField(
    'embedded.dst',
    'string',
    'Destination of the packet quoted by an ICMP error.',
    '\\[SRC=\\S+ DST=(?P<>\\S+)'
  ),
  hostname,
  entityAlias('entity.ip', src),
  entityAlias('entity.peer', dst),
  entityAlias('entity.node', hostname),
];
