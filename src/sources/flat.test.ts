import { isFlatEvent, unflattenEvent } from './flat';
import { SOURCES } from '.';

describe('flat rows of fields', () => {
  it('recognises a flat row and not a verbatim event', () => {
    expect(isFlatEvent({ verb: 'get', 'objectRef.resource': 'pods' })).toBe(true);
    expect(isFlatEvent({ verb: 'get', objectRef: { resource: 'pods' } })).toBe(false);
    expect(isFlatEvent({ verb: 'get' })).toBe(false);
  });

  it('keeps map keys with dots whole and restores types', () => {
    const ev = unflattenEvent(
      {
        'annotations.authorization.k8s.io/decision': 'allow',
        'user.extra.authentication.kubernetes.io/pod-name': '["p"]',
        'objectRef.resourceVersion': '123',
        'responseStatus.code': '201',
        'requestObject.metadata.labels.app.kubernetes.io/name': 'web',
        'requestObject.spec.hostNetwork': 'true',
        'requestObject.spec.containers': '[{"name":"c","securityContext":{"privileged":true}}]',
        'output_fields.evt.time': '1748557198960296886',
        'output_fields.proc.pid': '42',
        'output_fields.gcp.doc': '[{"a":1}]',
      },
      (name) =>
        name === 'responseStatus.code' ? 'number' : name === 'objectRef.resourceVersion' ? 'string' : undefined
    );
    expect(ev).toEqual({
      annotations: { 'authorization.k8s.io/decision': 'allow' },
      user: { extra: { 'authentication.kubernetes.io/pod-name': ['p'] } },
      objectRef: { resourceVersion: '123' },
      responseStatus: { code: 201 },
      requestObject: {
        metadata: { labels: { 'app.kubernetes.io/name': 'web' } },
        spec: { hostNetwork: true, containers: [{ name: 'c', securityContext: { privileged: true } }] },
      },
      output_fields: { 'evt.time': '1748557198960296886', 'proc.pid': 42, 'gcp.doc': '[{"a":1}]' },
    });
  });

  it('keeps text that only looks like JSON as text', () => {
    expect(unflattenEvent({ 'a.b': '[not json', 'a.c': '007', 'a.d': '1e400' }, () => undefined)).toEqual({
      a: { b: '[not json', c: '007', d: '1e400' },
    });
  });

  it('reads a Falco row whose rule, priority and tags came back from falcosidekick stream labels', () => {
    const line = JSON.stringify({
      output: 'shell',
      'output_fields.k8s.ns.name': 'shop',
      priority: 'Notice',
      rule: 'Terminal shell in container',
      tags: 'container,shell,mitre_execution',
      time: '2026-01-01T00:00:00.000000000Z',
    });
    const r = SOURCES.falco.parse(line);
    expect(r.ok && r.event.fields).toMatchObject({ rule: 'Terminal shell in container', priority: 'Notice', tags: ['container', 'shell', 'mitre_execution'] });
  });
});
