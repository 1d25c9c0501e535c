import { parseNetfilter } from './parser';
import { MALFORMED_LINES, NETFILTER_LINES } from '../testdata/lines';
import type { ParsedEvent } from '../types';

// Syslog stamps have no year: pin the reference so the tests do not depend on today.
const REF = Date.parse('2026-11-25T00:00:00Z');

function ok(line: string): ParsedEvent {
  const res = parseNetfilter(line, { entryTimeMs: REF });
  if (!res.ok) {
    throw new Error(`expected a parse: ${res.error.kind} ${res.error.message}`);
  }
  return res.event;
}

describe('parseNetfilter', () => {
  it('parses a Calico packet in a kern.log line', () => {
    const ev = ok(NETFILTER_LINES.calicoSyslog);
    expect(ev.framed).toBe('syslog');
    expect(ev.timeMs).toBe(Date.parse('2026-11-22T10:00:01Z'));
    expect(ev.fields).toMatchObject({
      prefix: 'calico-packet:',
      in: 'cali12ab',
      out: 'eth0',
      mac: 'ee:ee:ee:ee:ee:ee:aa:bb:cc:dd:ee:ff:08:00',
      src: '10.244.1.5',
      dst: '10.96.0.10',
      len: 60,
      tos: '0x00',
      ttl: 64,
      id: 54321,
      proto: 'TCP',
      spt: 40000,
      dpt: 22,
      flags: ['DF', 'SYN'],
      hostname: 'node1',
      'kernel.uptime_s': 12345.678901,
      'entity.node': 'node1',
      'entity.ip': '10.244.1.5',
      'entity.peer': '10.96.0.10',
    });
  });

  it('reads a bracketed prefix and an empty OUT', () => {
    const f = ok(NETFILTER_LINES.ufwBare).fields;
    expect(f).toMatchObject({ prefix: '[UFW BLOCK]', in: 'eth0', out: '', dpt: 3389, flags: ['SYN'] });
    expect(f.hostname).toBeUndefined();
  });

  it('keeps the IP LEN and the UDP LEN apart', () => {
    expect(ok(NETFILTER_LINES.udpDoubleLen).fields).toMatchObject({
      len: 76,
      'udp.len': 56,
      proto: 'UDP',
      dpt: 53,
      prefix: 'drop-dns:',
      hostname: 'node2',
    });
  });

  it('keeps the outer packet of an ICMP error and files the quoted one under embedded.*', () => {
    const f = ok(NETFILTER_LINES.icmpEmbedded).fields;
    expect(f).toMatchObject({
      src: '10.96.0.10',
      dst: '10.244.1.5',
      len: 112,
      id: 9,
      proto: 'ICMP',
      'icmp.type': 3,
      'icmp.code': 3,
    });
    expect(f).toMatchObject({
      'embedded.src': '10.244.1.5',
      'embedded.dst': '10.96.0.10',
      'embedded.len': 84,
      'embedded.udp.len': 64,
      'embedded.dpt': 53,
    });
    expect(f.spt).toBeUndefined();
    expect(f.flags).toEqual([]);
  });

  it('does not let an ICMP echo id overwrite the IP id', () => {
    expect(ok(NETFILTER_LINES.icmpEcho).fields).toMatchObject({
      id: 3,
      'icmp.id': 17,
      'icmp.seq': 1,
      'icmp.type': 8,
      flags: ['DF'],
    });
  });

  it('finds a prefix with no separator and a line without trailing space', () => {
    expect(ok(NETFILTER_LINES.noSpacePrefix).fields).toMatchObject({
      prefix: 'mylog:',
      in: 'eth0',
      dpt: 4444,
      flags: ['DF', 'ACK', 'PSH'],
    });
  });

  it('reads RFC 3339 syslog stamps and owner ids', () => {
    const ev = ok(NETFILTER_LINES.rfc3339Syslog);
    expect(ev.timeMs).toBe(Date.parse('2026-11-22T10:00:04.123Z'));
    expect(ev.timeNs).toBe('456000');
    expect(ev.fields).toMatchObject({ prefix: '[UFW AUDIT]', in: '', uid: 1000, hostname: 'node3' });
  });

  it('unwraps a journald JSON entry', () => {
    const ev = ok(NETFILTER_LINES.journald);
    expect(ev.framed).toBe('journald');
    expect(ev.timeMs).toBe(1_795_341_605_123);
    expect(ev.timeNs).toBe('456000');
    expect(ev.fields).toMatchObject({ hostname: 'node4', dpt: 3333, prefix: 'calico-packet:' });
  });

  it('dates a December line read in January to the previous year', () => {
    const line = NETFILTER_LINES.calicoSyslog.replace('Nov 22', 'Dec 31');
    const res = parseNetfilter(line, { entryTimeMs: Date.parse('2027-01-01T00:10:00Z') });
    expect(res.ok && res.event.timeMs).toBe(Date.parse('2026-12-31T10:00:01Z'));
  });

  it.each([
    ['netfilterNoSrc', 'missing-field'],
    ['unknownCoreDns', 'unknown-format'],
    ['empty', 'empty'],
    ['binary', 'binary'],
    ['huge', 'too-long'],
  ])('rejects %s as %s', (name, kind) => {
    const res = parseNetfilter(MALFORMED_LINES[name]);
    expect(!res.ok && res.error.kind).toBe(kind);
  });
});
