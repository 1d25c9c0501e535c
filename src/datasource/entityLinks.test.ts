import { FieldType, toDataFrame } from '@grafana/data';
import { stateFromSearch } from '../investigate/url';
import { investigateLinkUrl, withEntityLinks } from './entityLinks';

const audit = JSON.stringify({
  kind: 'Event',
  apiVersion: 'audit.k8s.io/v1',
  level: 'Metadata',
  auditID: 'a1',
  stage: 'ResponseComplete',
  requestURI: '/api/v1/namespaces/prod/pods/web-1',
  verb: 'get',
  user: { username: 'alice' },
  sourceIPs: ['10.0.0.7'],
  objectRef: { resource: 'pods', namespace: 'prod', name: 'web-1' },
  requestReceivedTimestamp: '2026-01-01T00:00:00Z',
  stageTimestamp: '2026-01-01T00:00:00Z',
});
const dns = '[INFO] 10.244.1.5:53422 - 12345 "A IN evil.example.com. udp 45 false 512" NXDOMAIN qr,rd,ra 45 0.000123s';

const logs = (lines: string[]) =>
  toDataFrame({
    refId: 'A',
    fields: [
      { name: 'timestamp', type: FieldType.time, values: lines.map((_, i) => 1000 + i) },
      { name: 'body', type: FieldType.string, values: lines },
    ],
  });

const field = (frame: ReturnType<typeof logs>, name: string) => frame.fields.find((f) => f.name === name);

describe('entity links of log lines', () => {
  it('adds the user, pod, IP and domain each line names, with nulls where a line names none', () => {
    const [out] = withEntityLinks([logs([audit, dns, 'not a known line'])]);
    expect(field(out, 'user')?.values).toEqual(['alice', null, null]);
    expect(field(out, 'pod')?.values).toEqual(['prod/web-1', null, null]);
    expect(field(out, 'ip')?.values).toEqual(['10.0.0.7', '10.244.1.5', null]);
    expect(field(out, 'domain')?.values).toEqual([null, 'evil.example.com', null]);
    expect(out.fields.map((f) => f.name)).toEqual(['timestamp', 'body', 'user', 'pod', 'ip', 'domain']);
  });

  it('links each field to Investigate on that entity over the panel range', () => {
    const [out] = withEntityLinks([logs([audit])]);
    const link = field(out, 'pod')!.config.links![0];
    expect(link.url).toBe(investigateLinkUrl('pod'));
    // As Grafana fills the variables: the URL reads back as the pod over the range.
    const url = link.url.replace('${__value.raw:percentencode}', encodeURIComponent('prod/web-1')).replace('${__from}', '1000').replace('${__to}', '2000');
    expect(url.startsWith('/a/vigil-k8ssecurity-app/investigate?')).toBe(true);
    const { state, error } = stateFromSearch(url.split('?')[1]);
    expect(error).toBeUndefined();
    expect(state.entity).toMatchObject({ kind: 'pod', value: 'prod/web-1' });
    expect([state.from, state.to]).toEqual(['1000', '2000']);
  });

  it('parses with the query source when known, and leaves frames that are not logs alone', () => {
    // Read as CoreDNS, the audit line names nothing: no fields are added.
    const asDns = withEntityLinks([logs([audit])], 'coredns')[0];
    expect(asDns.fields.map((f) => f.name)).toEqual(['timestamp', 'body']);
    const metric = toDataFrame({ fields: [{ name: 'Time', type: FieldType.time, values: [1] }, { name: 'Value', type: FieldType.number, values: [2] }] });
    expect(withEntityLinks([metric])[0]).toBe(metric);
  });
});
