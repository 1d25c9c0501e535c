/** @jest-environment node */
// The alert-rule writer against the Grafana API contract server: enable three detections,
// retry the same writes, edit one "in Grafana", disable; every body validates, nothing is
// duplicated, the edited rule is reported and kept, and Grafana's errors reach the caller.
import { contractProblems, fetchHttp } from '../api/grafana';
import { catalogRule } from '../detections/catalog';
import { startGrafanaContractServer, type ContractServer } from '../../tests/contract/grafanaContractServer';
import { AlertWriter, alertRuleUid, type EnableTarget } from '.';

const IDS = ['k8s-privileged-container', 'dns-nxdomain-burst', 'net-port-scan'];
const items = IDS.map((id) => ({ rule: catalogRule(id)! }));
const target: EnableTarget = {
  dsUid: 'vigil',
  backend: 'victorialogs',
  folderUID: 'vigil-detections',
  folderTitle: 'Vigil detections',
  ruleGroup: 'vigil',
};

let server: ContractServer;
let writer: AlertWriter;

beforeAll(async () => {
  server = await startGrafanaContractServer();
  writer = new AlertWriter(fetchHttp(server.url, 'Bearer Editor'));
});
afterAll(() => server.stop());

const writes = () => server.requests.filter((r) => r.method !== 'GET');

test('enabling three detections creates the folder and three rules with valid bodies', async () => {
  const results = await writer.enable(items, target);
  expect(results.map((r) => [r.ruleId, r.outcome])).toEqual(IDS.map((id) => [id, 'created']));
  expect(server.state.folders.get('vigil-detections')?.title).toBe('Vigil detections');
  expect([...server.state.rules.keys()].sort()).toEqual(IDS.map(alertRuleUid).sort());
  const posted = writes().filter((r) => r.path === '/api/v1/provisioning/alert-rules');
  expect(posted).toHaveLength(3);
  for (const p of posted) {
    expect(contractProblems('alertRule', p.body)).toEqual([]);
  }
  const status = await writer.status();
  expect(IDS.map((id) => status.get(id)?.state)).toEqual(['enabled', 'enabled', 'enabled']);
});

test('retrying the same writes changes nothing and duplicates nothing', async () => {
  const before = writes().length;
  const results = await writer.enable(items, target);
  expect(results.map((r) => r.outcome)).toEqual(['unchanged', 'unchanged', 'unchanged']);
  expect(writes().length).toBe(before);
  expect(server.state.rules.size).toBe(3);
});

test('a changed parameter updates the rule in place (PUT, same uid)', async () => {
  const results = await writer.enable([{ rule: items[1].rule, settings: { params: { threshold: 50 } } }], target);
  expect(results[0].outcome).toBe('updated');
  const stored = server.state.rules.get(alertRuleUid('dns-nxdomain-burst'))!;
  expect((stored.data[2].model as any).conditions[0].evaluator.params).toEqual([49]);
  expect(server.state.rules.size).toBe(3);
  // Back to the defaults for the rest of the file.
  expect((await writer.enable([items[1]], target))[0].outcome).toBe('updated');
});

test('a rule edited in Grafana is reported as modified, not overwritten or deleted', async () => {
  const uid = alertRuleUid('net-port-scan');
  const edited = { ...server.state.rules.get(uid)!, for: '10m', title: 'Port scan (tuned by the on-call team)' };
  server.state.rules.set(uid, edited);

  expect((await writer.status()).get('net-port-scan')?.state).toBe('modified');
  const again = await writer.enable(items, target);
  expect(again.map((r) => r.outcome)).toEqual(['unchanged', 'unchanged', 'modified-elsewhere']);
  expect(server.state.rules.get(uid)!.title).toBe('Port scan (tuned by the on-call team)');

  const disabled = await writer.disable(IDS);
  expect(disabled.map((r) => r.outcome)).toEqual(['deleted', 'deleted', 'modified-elsewhere']);
  expect([...server.state.rules.keys()]).toEqual([uid]);

  // Disabling again is harmless; the user's explicit overwrite removes the edited rule.
  expect((await writer.disable(IDS.slice(0, 2))).map((r) => r.outcome)).toEqual(['absent', 'absent']);
  expect((await writer.disable(['net-port-scan'], { overwrite: true }))[0].outcome).toBe('deleted');
  expect(server.state.rules.size).toBe(0);
});

test('a POST whose response was lost is not repeated as a duplicate on retry', async () => {
  // The first attempt reached Grafana but the client never saw the 201: retrying finds the rule.
  const lossy = fetchHttp(server.url, 'Bearer Editor');
  let dropped = false;
  const flaky = {
    async request<T>(method: string, url: string, body?: unknown, headers?: Record<string, string>) {
      const res = await lossy.request<T>(method, url, body, headers);
      if (method === 'POST' && url.endsWith('/alert-rules') && !dropped) {
        dropped = true;
        throw new Error('socket hang up');
      }
      return res;
    },
  };
  const first = await new AlertWriter(flaky).enable([items[0]], target);
  expect(first[0]).toMatchObject({ outcome: 'error', error: 'socket hang up' });
  const retry = await writer.enable([items[0]], target);
  expect(retry[0].outcome).toBe('unchanged');
  expect(server.state.rules.size).toBe(1);
  await writer.disable([IDS[0]]);
});

test("Grafana's errors are shown per rule: permissions and a missing folder", async () => {
  const viewer = new AlertWriter(fetchHttp(server.url, 'Bearer Viewer'));
  const denied = await viewer.enable(items, { ...target, folderUID: 'other', folderTitle: 'Other' });
  expect(denied.every((r) => r.outcome === 'error')).toBe(true);
  expect(denied[0].error).toContain('HTTP 403');
  expect(denied[0].error).toContain('Permissions needed: folders:create');

  // The folder exists for the GET but is deleted before the rule is written (a concurrent delete).
  const editor = fetchHttp(server.url, 'Bearer Editor');
  const racing = {
    async request<T>(method: string, url: string, body?: unknown, headers?: Record<string, string>) {
      if (method === 'POST' && url.endsWith('/alert-rules')) {
        server.state.folders.delete('vigil-detections');
      }
      return editor.request<T>(method, url, body, headers);
    },
  };
  const gone = await new AlertWriter(racing).enable([items[0]], target);
  expect(gone[0].outcome).toBe('error');
  expect(gone[0].error).toContain('folder does not exist: vigil-detections');
  expect(server.state.rules.size).toBe(0);
});
