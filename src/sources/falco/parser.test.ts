import { parseFalco, prioritySeverity, splitOutput } from './parser';
import { AUDIT_LINES, FALCO_LINES, MALFORMED_LINES } from '../testdata/lines';
import type { ParsedEvent } from '../types';

function ok(line: string): ParsedEvent {
  const res = parseFalco(line);
  if (!res.ok) {
    throw new Error(`expected a parse: ${res.error.kind} ${res.error.message}`);
  }
  return res.event;
}

describe('parseFalco', () => {
  it('parses a new-style event with output_fields', () => {
    const ev = ok(FALCO_LINES.newStyle);
    expect(ev.timeMs).toBe(Date.parse('2026-11-20T10:20:05.408Z'));
    expect(ev.timeNs).toBe('91526');
    expect(ev.fields).toMatchObject({
      rule: 'Terminal shell in container',
      priority: 'Notice',
      'priority.severity': 5,
      source: 'syscall',
      hostname: 'worker-1',
      tags: ['T1059', 'container', 'maturity_stable', 'mitre_execution', 'shell'],
      message: 'A shell was spawned in a container with an attached terminal',
      'output_fields.k8s.ns.name': 'shop',
      'output_fields.proc.tty': 34816,
      'output_fields.user.loginuid': -1,
      'entity.namespace': 'shop',
      'entity.pod': 'web-0',
      'entity.user': 'root',
      'entity.container': 'web',
      'entity.image': 'docker.io/library/nginx:1.27',
      'entity.process': 'bash',
      'entity.node': 'worker-1',
    });
  });

  it('keeps the 19-digit evt.time exact', () => {
    expect(ok(FALCO_LINES.newStyle).fields['output_fields.evt.time']).toBe('1795169205408091526');
  });

  it('derives entities from the output text when output_fields is absent', () => {
    const f = ok(FALCO_LINES.withoutOutputFields).fields;
    expect(Object.keys(f).some((k) => k.startsWith('output_fields.'))).toBe(false);
    expect(f).toMatchObject({
      'entity.namespace': 'shop',
      'entity.pod': 'web-0',
      'entity.user': 'root',
      'entity.image': 'docker.io/library/nginx:1.27',
      'entity.process': 'bash',
    });
  });

  it('reads the older `Message (k=v ...)` style', () => {
    const f = ok(FALCO_LINES.oldStyle).fields;
    expect(f).toMatchObject({
      message: 'Sensitive file opened for reading by non-trusted program',
      priority: 'Warning',
      'priority.severity': 4,
      'entity.namespace': 'default',
      'entity.pod': 'tools',
      'entity.user': 'root',
      'entity.image': 'alpine',
      'entity.container': 'abc123',
    });
    expect(f.source).toBeUndefined();
  });

  it('skips null output_fields and reads connection addresses', () => {
    const f = ok(FALCO_LINES.critical).fields;
    expect(f['output_fields.container.image.repository']).toBeUndefined();
    expect(f).toMatchObject({
      'priority.severity': 2,
      'entity.ip': '10.244.3.3',
      'entity.peer': '203.0.113.9',
      'output_fields.fd.sport': 3333,
    });
  });

  it('takes the event time from `time`, not from a CRI frame', () => {
    const ev = ok(FALCO_LINES.criFramed);
    expect(ev.framed).toBe('cri');
    expect(ev.timeFrom).toBe('line');
  });

  it('splits output values that contain spaces', () => {
    expect(splitOutput('10:00:00.1: Notice X | command=bash -c ls user=root').pairs).toEqual({
      command: 'bash -c ls',
      user: 'root',
    });
    expect(splitOutput('plain text without pairs')).toEqual({ message: 'plain text without pairs', pairs: {} });
  });

  it('orders priorities by name, any case', () => {
    expect(
      ['EMERGENCY', 'alert', 'Critical', 'error', 'Warning', 'notice', 'Info', 'Informational', 'debug'].map(
        prioritySeverity
      )
    ).toEqual([0, 1, 2, 3, 4, 5, 6, 6, 7]);
    expect(prioritySeverity('7')).toBeUndefined();
  });

  it.each([
    ['truncatedJson', 'invalid-json'],
    ['empty', 'empty'],
    ['binary', 'binary'],
    ['huge', 'too-long'],
    ['plainText', 'unknown-format'],
  ])('rejects %s as %s', (name, kind) => {
    const res = parseFalco(MALFORMED_LINES[name]);
    expect(!res.ok && res.error.kind).toBe(kind);
  });

  it('calls an audit event the wrong kind', () => {
    const res = parseFalco(AUDIT_LINES.metadataSecretGet);
    expect(!res.ok && res.error.kind).toBe('wrong-kind');
  });
});
