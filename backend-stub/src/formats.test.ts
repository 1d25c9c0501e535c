/** @jest-environment node */
// Format checks for every generated line, written from docs/dev/sources.md (the source parsers get
// their own all-output test once src/sources exports them).
import { simulate } from './index';
import type { SimEvent } from './types';

const TO = Date.UTC(2026, 10, 22, 12, 0, 0);
const r = simulate({ seed: 21, from: TO - 2 * 3_600_000, to: TO, scenarios: 'all' });
const bySource = (s: SimEvent['source']) => r.events.filter((e) => e.source === s);
const RFC_MICRO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;
const RFC_NANO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/;

describe('audit lines', () => {
  const events = bySource('audit').map((e) => JSON.parse(e.line));

  it('are audit.k8s.io/v1 Events with the required fields', () => {
    for (const e of events) {
      expect(e).toMatchObject({ kind: 'Event', apiVersion: 'audit.k8s.io/v1' });
      expect(['Metadata', 'Request', 'RequestResponse']).toContain(e.level);
      expect(['RequestReceived', 'ResponseStarted', 'ResponseComplete', 'Panic']).toContain(e.stage);
      expect(e.auditID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(e.requestURI).toMatch(/^\//);
      expect(typeof e.user.username).toBe('string');
      expect(Array.isArray(e.sourceIPs)).toBe(true);
      expect(e.requestReceivedTimestamp).toMatch(RFC_MICRO);
      expect(e.stageTimestamp).toMatch(RFC_MICRO);
      expect(e.stageTimestamp >= e.requestReceivedTimestamp).toBe(true);
      expect(e.stage === 'RequestReceived' ? e.responseStatus : e.responseStatus.code).toEqual(e.stage === 'RequestReceived' ? undefined : expect.any(Number));
      if (e.level === 'Metadata' || e.stage === 'RequestReceived') {
        expect(e.requestObject).toBeUndefined();
      }
      if (e.level !== 'RequestResponse') {
        expect(e.responseObject).toBeUndefined();
      }
    }
  });

  it('cover every level and stage, and log exec as ResponseStarted 101', () => {
    expect(new Set(events.map((e) => e.level))).toEqual(new Set(['Metadata', 'Request', 'RequestResponse']));
    expect(new Set(events.map((e) => e.stage))).toEqual(new Set(['RequestReceived', 'ResponseStarted', 'ResponseComplete', 'Panic']));
    const exec = events.filter((e) => e.objectRef?.subresource === 'exec' && e.stage === 'ResponseStarted');
    expect(exec.length).toBeGreaterThan(0);
    expect(exec.every((e) => e.responseStatus.code === 101 && /[?&]command=/.test(e.requestURI))).toBe(true);
  });

  it('put exec commands in URL-encoded command= parameters', () => {
    const ci = events.find((e) => e.objectRef?.subresource === 'exec' && e.user.username.startsWith('system:serviceaccount:ci'));
    expect(ci.requestURI).toContain('command=%2Fapp%2Fhealthcheck&command=--ready');
  });
});

describe('CoreDNS lines', () => {
  const RE = /^\[INFO\] (?:\[[0-9a-f:]+\]|\d+\.\d+\.\d+\.\d+):\d+ - \d+ "[A-Z]+ IN \S+\. (?:udp|tcp) \d+ (?:true|false) \d+" (?:NOERROR|NXDOMAIN|SERVFAIL|REFUSED) qr,(?:aa,rd|rd,ra) \d+ \d+\.\d{9}s(?: "QUERY")?$/;
  const lines = bySource('coredns').map((e) => e.line);

  it('match the common or combined log format', () => {
    const bad = lines.filter((l) => !RE.test(l));
    expect(bad).toEqual([]);
  });

  it('include IPv6 clients, combined lines and NXDOMAIN noise', () => {
    expect(lines.some((l) => l.startsWith('[INFO] [fd00:'))).toBe(true);
    expect(lines.some((l) => l.endsWith('"QUERY"'))).toBe(true);
    expect(lines.filter((l) => l.includes('NXDOMAIN')).length).toBeGreaterThan(lines.length * 0.05);
  });
});

describe('netfilter lines', () => {
  const SYSLOG = /^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d [a-z0-9-]+ kernel: \[ *\d+\.\d{6}\] (calico-packet: |\[UFW BLOCK\] )IN=\S* OUT=\S* (MAC=\S+ )?SRC=\S+ DST=\S+ LEN=\d+ .* $/;
  const events = bySource('netfilter');

  it('are syslog-framed kernel lines with a known prefix and a trailing space', () => {
    expect(events.filter((e) => !SYSLOG.test(e.line)).map((e) => e.line)).toEqual([]);
    expect(events.every((e) => e.line.endsWith(e.bare!))).toBe(true);
  });

  it('carry TCP flags, UDP with LEN twice and ICMP with an embedded packet', () => {
    const lines = events.map((e) => e.line);
    expect(lines.some((l) => / PROTO=TCP SPT=\d+ DPT=\d+ WINDOW=\d+ RES=0x00 SYN URGP=0 $/.test(l))).toBe(true);
    expect(lines.some((l) => / LEN=\d+ .*PROTO=UDP SPT=\d+ DPT=\d+ LEN=\d+ $/.test(l))).toBe(true);
    expect(lines.some((l) => / PROTO=ICMP TYPE=3 CODE=3 \[SRC=\S+ DST=\S+ .*PROTO=UDP SPT=\d+ DPT=\d+ LEN=\d+ \] $/.test(l))).toBe(true);
    expect(lines.some((l) => l.includes('[UFW BLOCK] ')) && lines.some((l) => l.includes('calico-packet: '))).toBe(true);
  });
});

describe('Falco lines', () => {
  const events = bySource('falco').map((e) => JSON.parse(e.line.replace(/"evt.time":(\d+)/, '"evt.time":"$1"')));

  it('are Falco JSON with output, output_fields, priority, rule, source, tags and time', () => {
    for (const f of events) {
      expect(['Emergency', 'Alert', 'Critical', 'Error', 'Warning', 'Notice', 'Informational', 'Debug']).toContain(f.priority);
      expect(f.time).toMatch(RFC_NANO);
      expect(f.output.startsWith(`${f.time.slice(11, 29)}: ${f.priority} `)).toBe(true);
      expect(f.output_fields['evt.time']).toMatch(/^\d{19}$/);
      expect(Array.isArray(f.tags)).toBe(true);
      expect(typeof f.rule).toBe('string');
      expect(['syscall', 'k8s_audit']).toContain(f.source);
    }
  });

  it('use both output styles and only low priorities outside scenarios', () => {
    expect(events.some((f) => / \| \S+=/.test(f.output))).toBe(true);
    expect(events.some((f) => / \(\S+=.*\)$/.test(f.output))).toBe(true);
    const benign = bySource('falco').filter((e) => !e.scenario).map((e) => e.falco!.priority);
    expect(new Set(benign)).toEqual(new Set(['Notice', 'Informational', 'Debug']));
  });
});
