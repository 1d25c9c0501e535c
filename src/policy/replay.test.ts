/** @jest-environment node */
import { observe } from './observe';
import { comparePolicies, replay } from './replay';
import { FALLBACK_BYTES, utf8Length } from './size';
import type { Policy } from './types';

const DAY = 86_400_000;

function event(over: Record<string, unknown>): Record<string, unknown> {
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID: 'a1',
    stage: 'ResponseComplete',
    requestURI: '/api/v1/namespaces/default/pods',
    verb: 'create',
    user: { username: 'alice', groups: ['system:authenticated'] },
    objectRef: { resource: 'pods', namespace: 'default', apiVersion: 'v1' },
    responseStatus: { code: 201 },
    ...over,
  };
}

const lineBytes = (o: unknown) => utf8Length(JSON.stringify(o)) + 1;

test('utf8Length counts multi-byte characters like UTF-8', () => {
  expect(utf8Length('aé€😀')).toBe(1 + 2 + 3 + 4);
});

test('observe groups stages by auditID and counts non-audit input', () => {
  const o = observe([event({ stage: 'ResponseStarted', verb: 'watch' }), event({ verb: 'watch' }), event({ auditID: 'a2' }), 'garbage', { kind: 'Pod' }]);
  expect(o.events).toBe(3);
  expect(o.skipped).toBe(2);
  expect(o.requests.map((r) => Object.keys(r.byStage))).toEqual([['ResponseStarted', 'ResponseComplete'], ['ResponseComplete']]);
});

describe('bytes per rule', () => {
  const body = { kind: 'Pod', metadata: { name: 'p', managedFields: [{ manager: 'kubectl', fieldsV1: { f: 'x'.repeat(500) } }] }, spec: { containers: [{ name: 'c', image: 'nginx' }] } };
  const withBody = event({ level: 'Request', requestObject: body });
  const { requestObject: _dropped, ...rest } = withBody;
  // As a Metadata-level policy logged it: the body was never written.
  const metadataOnly: Record<string, unknown> = { ...rest, level: 'Metadata' };
  const bodyBytes = lineBytes(withBody) - lineBytes(rest);

  test('Metadata drops the observed body; the day is scaled from the range', () => {
    const r = replay({ omitStages: ['RequestReceived'], rules: [{ level: 'Metadata' }] }, [withBody], { rangeMs: DAY / 2 });
    expect(r.rows[0].requests).toBe(1);
    expect(r.totalBytesPerDay).toBe(2 * lineBytes(rest));
    expect(r.totalLinesPerDay).toBe(2);
    expect(r.estimatedShare).toBe(0);
  });

  test('Request keeps the measured body, omitManagedFields removes managed fields from it', () => {
    const keep = replay({ omitStages: ['RequestReceived'], rules: [{ level: 'Request' }] }, [withBody], { rangeMs: DAY });
    expect(keep.totalBytesPerDay).toBe(lineBytes(withBody));
    const omit = replay({ omitStages: ['RequestReceived'], omitManagedFields: true, rules: [{ level: 'Request' }] }, [withBody], { rangeMs: DAY });
    expect(keep.totalBytesPerDay - omit.totalBytesPerDay).toBe(utf8Length(JSON.stringify(body)) - utf8Length(JSON.stringify({ ...body, metadata: { name: 'p' } })));
  });

  test('a body the sample did not log is estimated from the same kind of request, and flagged', () => {
    const other = { ...metadataOnly, auditID: 'a2' };
    const r = replay({ omitStages: ['RequestReceived'], rules: [{ level: 'Request' }] }, [withBody, other], { rangeMs: DAY });
    expect(r.totalBytesPerDay).toBe(lineBytes(withBody) + lineBytes(other) + bodyBytes);
    expect(r.estimatedShare).toBeCloseTo(bodyBytes / r.totalBytesPerDay, 9);
  });

  test('with no body of that kind in the sample the documented fallback is used', () => {
    const r = replay({ omitStages: ['RequestReceived'], rules: [{ level: 'Request' }] }, [metadataOnly], { rangeMs: DAY });
    expect(r.totalBytesPerDay).toBe(lineBytes(metadataOnly) + FALLBACK_BYTES.writeRequest);
    const list = event({ verb: 'list', responseStatus: { code: 200 } });
    const got = event({ auditID: 'g', verb: 'get', level: 'Request', responseStatus: { code: 200 } });
    // At Request level the sample shows a get has no request body: that absence is real.
    expect(replay({ rules: [{ level: 'RequestResponse' }], omitStages: ['RequestReceived'] }, [got], { rangeMs: DAY }).totalBytesPerDay).toBe(lineBytes(got) + FALLBACK_BYTES.get);
    const rr = replay({ omitStages: ['RequestReceived'], rules: [{ level: 'RequestResponse' }] }, [list], { rangeMs: DAY });
    expect(rr.totalBytesPerDay).toBe(lineBytes(list) + FALLBACK_BYTES.list);
  });

  test('RequestReceived adds a status-less line unless omitted; sampling scales up', () => {
    const none = replay({ rules: [{ level: 'Metadata' }] }, [metadataOnly], { rangeMs: DAY, totalLines: 10 });
    const { responseStatus: _s, ...received } = metadataOnly;
    expect(none.totalLinesPerDay).toBe(20);
    expect(none.totalBytesPerDay).toBe(10 * (lineBytes(metadataOnly) + lineBytes(received)));
    expect(none.sample).toMatchObject({ events: 1, requests: 1, totalLines: 10, scale: 10 });
  });
});

test('rows per rule with shares, unmatched requests in their own row, first match wins', () => {
  const policy: Policy = { omitStages: ['RequestReceived'], rules: [{ level: 'None', verbs: ['watch'] }, { level: 'Metadata', verbs: ['create'] }, { level: 'Metadata', verbs: ['create', 'get'] }] };
  const r = replay(policy, [event({}), event({ auditID: 'b', verb: 'get' }), event({ auditID: 'c', verb: 'watch' }), event({ auditID: 'd', verb: 'delete' })], { rangeMs: DAY });
  expect(r.rows.map((x) => [x.ruleIndex, x.requests])).toEqual([
    [0, 1],
    [1, 1],
    [2, 1],
    [-1, 1],
  ]);
  expect(r.rows[0].bytesPerDay).toBe(0);
  expect(r.rows.reduce((s, x) => s + x.share, 0)).toBeCloseTo(1, 9);
});

test('comparePolicies reports the ratio of proposed to current', () => {
  const events = [event({ level: 'Request', requestObject: { spec: 'x'.repeat(1000) } })];
  const c = comparePolicies({ rules: [{ level: 'Request' }] }, { rules: [{ level: 'Metadata' }] }, events, { rangeMs: DAY });
  expect(c.ratio).toBeGreaterThan(0);
  expect(c.ratio).toBeLessThan(0.5);
  expect(c.savedBytesPerDay).toBeCloseTo(c.current.totalBytesPerDay - c.proposed.totalBytesPerDay);
});
