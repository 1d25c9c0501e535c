import { parseAudit } from './parser';
import { AUDIT_LINES, FALCO_LINES, MALFORMED_LINES } from '../testdata/lines';
import type { ParsedEvent } from '../types';

function ok(line: string): ParsedEvent {
  const res = parseAudit(line);
  if (!res.ok) {
    throw new Error(`expected a parse: ${res.error.kind} ${res.error.message}`);
  }
  return res.event;
}

describe('parseAudit', () => {
  it('flattens a Metadata-level secret read', () => {
    const ev = ok(AUDIT_LINES.metadataSecretGet);
    expect(ev.source).toBe('audit');
    expect(ev.timeMs).toBe(Date.parse('2026-11-20T10:00:05.004Z'));
    expect(ev.timeNs).toBe('321000');
    expect(ev.timeFrom).toBe('line');
    expect(ev.fields).toMatchObject({
      verb: 'get',
      level: 'Metadata',
      stage: 'ResponseComplete',
      'user.username': 'alice@example.com',
      'user.groups': ['devs', 'system:authenticated'],
      sourceIPs: ['203.0.113.7', '10.0.0.2'],
      'objectRef.resource': 'secrets',
      'objectRef.namespace': 'payments',
      'objectRef.name': 'db-password',
      'responseStatus.code': 200,
      'annotations.authorization.k8s.io/decision': 'allow',
      'entity.user': 'alice@example.com',
      'entity.namespace': 'payments',
      'entity.ip': '203.0.113.7',
    });
    expect(ev.fields['entity.pod']).toBeUndefined();
    expect((ev.object as { auditID: string }).auditID).toBe('5c1bbf5e-2f2c-4a8e-9d6a-0c7f1b2a3d4e');
  });

  it('parses RequestReceived (no responseStatus) and Panic stages', () => {
    expect(ok(AUDIT_LINES.requestReceived).fields).toMatchObject({ stage: 'RequestReceived' });
    expect(ok(AUDIT_LINES.requestReceived).fields['responseStatus.code']).toBeUndefined();
    expect(ok(AUDIT_LINES.panic).fields).toMatchObject({ stage: 'Panic', 'responseStatus.code': 500 });
  });

  it('decodes the exec command from repeated command= parameters', () => {
    const ev = ok(AUDIT_LINES.execResponseStarted);
    expect(ev.fields['exec.command']).toEqual(['/bin/sh', '-c', 'curl http://x']);
    expect(ev.fields['exec.container']).toBe('web');
    expect(ev.fields['objectRef.subresource']).toBe('exec');
    expect(ev.fields['responseStatus.code']).toBe(101);
    expect(ev.fields['entity.pod']).toBe('web-0');
    expect(ev.fields['entity.process']).toBe('/bin/sh -c curl http://x');
  });

  it('summarises the pod spec of a Request-level pod create', () => {
    const f = ok(AUDIT_LINES.requestPodCreate).fields;
    expect(f).toMatchObject({
      'requestObject.kind': 'Pod',
      'pod.images': ['docker.io/library/busybox:1.36', 'xmrig/xmrig:6'],
      'pod.privileged': true,
      'pod.hostNetwork': true,
      'pod.hostPID': true,
      'pod.hostIPC': false,
      'pod.hostPaths': ['/'],
      'pod.capabilities': ['SYS_ADMIN', 'NET_RAW'],
      'pod.serviceAccountName': 'default',
      'entity.image': 'docker.io/library/busybox:1.36',
    });
  });

  it('reads a workload template at RequestResponse level', () => {
    const f = ok(AUDIT_LINES.requestResponseDeployment).fields;
    expect(f).toMatchObject({
      level: 'RequestResponse',
      'requestObject.kind': 'Deployment',
      'pod.images': ['nginx:1.27'],
      'pod.hostIPC': true,
      'pod.privileged': false,
    });
  });

  it('exposes the role of a binding, the node of a kubelet, impersonation and anonymous users', () => {
    expect(ok(AUDIT_LINES.clusterAdminBinding).fields['binding.role']).toBe('cluster-admin');
    expect(ok(AUDIT_LINES.clusterAdminBinding).fields['objectRef.namespace']).toBeUndefined();
    expect(ok(AUDIT_LINES.kubeletNode).fields['entity.node']).toBe('worker-2');
    expect(ok(AUDIT_LINES.impersonated).fields['impersonatedUser.groups']).toEqual(['system:masters']);
    const anon = ok(AUDIT_LINES.anonymousNonResource).fields;
    expect(anon['user.groups']).toEqual(['system:unauthenticated']);
    expect(anon['objectRef.resource']).toBeUndefined();
    expect(ok(AUDIT_LINES.forbidden).fields).toMatchObject({
      'responseStatus.code': 403,
      'responseStatus.reason': 'Forbidden',
      'annotations.authorization.k8s.io/decision': 'forbid',
    });
  });

  it('strips a CRI frame (API server auditing to stdout)', () => {
    const ev = ok(AUDIT_LINES.criFramed);
    expect(ev.framed).toBe('cri');
    expect(ev.fields.verb).toBe('get');
    expect(ev.line.startsWith('{"kind":"Event"')).toBe(true);
  });

  it.each([
    ['truncatedJson', 'invalid-json'],
    ['wrongKind', 'not-event'],
    ['empty', 'empty'],
    ['blank', 'empty'],
    ['binary', 'binary'],
    ['invalidUtf8', 'binary'],
    ['huge', 'too-long'],
    ['plainText', 'unknown-format'],
    ['notJson', 'invalid-json'],
  ])('rejects %s as %s', (name, kind) => {
    const res = parseAudit(MALFORMED_LINES[name]);
    expect(res.ok).toBe(false);
    expect(!res.ok && res.error.kind).toBe(kind);
    expect(!res.ok && res.error.excerpt.length).toBeLessThanOrEqual(200);
  });

  it('calls a Falco event the wrong kind; an audit Event without verb is still an event', () => {
    const falco = parseAudit(FALCO_LINES.newStyle);
    expect(!falco.ok && falco.error.kind).toBe('wrong-kind');
    const noVerb = parseAudit(
      JSON.stringify({ kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'Metadata', stage: 'ResponseComplete' })
    );
    expect(noVerb.ok && noVerb.event.fields).toEqual({ level: 'Metadata', stage: 'ResponseComplete' });
  });
});
