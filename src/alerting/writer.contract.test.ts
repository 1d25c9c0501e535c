/** @jest-environment node */
// The alert-rule writer against the Grafana API contract server: enable three detections,
// retry the same writes, edit one "in Grafana", pause, resume and delete; every body validates,
// nothing is duplicated, pausing changes nothing but isPaused, only delete deletes, the edited
// rule is reported and kept, and Grafana's errors reach the caller.
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

  // Pausing keeps the edit; enabling resumes the rule and still keeps it.
  expect((await writer.pause(['net-port-scan']))[0].outcome).toBe('paused');
  expect(server.state.rules.get(uid)).toMatchObject({ isPaused: true, for: '10m', title: edited.title });
  expect((await writer.status()).get('net-port-scan')).toMatchObject({ state: 'modified', isPaused: true });
  expect((await writer.enable([items[2]], target))[0].outcome).toBe('resumed');
  expect(server.state.rules.get(uid)).toMatchObject({ isPaused: false, for: '10m', title: edited.title });

  const deleted = await writer.delete(IDS);
  expect(deleted.map((r) => r.outcome)).toEqual(['deleted', 'deleted', 'modified-elsewhere']);
  expect([...server.state.rules.keys()]).toEqual([uid]);

  // Deleting again is harmless; the user's explicit overwrite removes the edited rule.
  expect((await writer.delete(IDS.slice(0, 2))).map((r) => r.outcome)).toEqual(['absent', 'absent']);
  expect((await writer.delete(['net-port-scan'], { overwrite: true }))[0].outcome).toBe('deleted');
  expect(server.state.rules.size).toBe(0);
});

describe('disabling pauses the rule, enabling resumes it, only delete deletes', () => {
  const uid = alertRuleUid('k8s-privileged-container');
  // What Grafana sets itself on every write; everything else must survive a pause.
  const content = (r: object) => {
    const { updated: _u, isPaused: _p, ...rest } = r as Record<string, unknown>;
    return rest;
  };

  let start = 0;

  beforeAll(async () => {
    start = server.requests.length;
    expect((await writer.enable(items, target)).map((r) => r.outcome)).toEqual(['created', 'created', 'created']);
  });
  afterAll(async () => {
    await writer.delete(IDS, { overwrite: true });
  });

  test('disable sends one PUT with isPaused: true and the stored rule otherwise unchanged', async () => {
    const before = server.state.rules.get(uid)!;
    const from = server.requests.length;
    expect(await writer.pause([IDS[0]])).toEqual([{ ruleId: IDS[0], uid, outcome: 'paused' }]);
    const sent = server.requests.slice(from).filter((r) => r.method !== 'GET');
    expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual([`PUT /api/v1/provisioning/alert-rules/${uid}`]);
    const body = sent[0].body as Record<string, unknown>;
    expect(body.isPaused).toBe(true);
    expect(contractProblems('alertRule', body)).toEqual([]);
    // Read-only fields are left to Grafana; the rest is the rule as stored.
    expect(body).not.toHaveProperty('id');
    expect(body).not.toHaveProperty('provenance');
    const { id: _id, provenance: _prov, ...stored } = before;
    expect(content(body)).toEqual(content(stored));
    const after = server.state.rules.get(uid)!;
    expect(after.isPaused).toBe(true);
    expect(content(after)).toEqual(content(before));
    expect(after.labels).toEqual(before.labels);
    expect(after.provenance).toBe('api');
    // Paused is not "edited in Grafana", and the page sees it paused, not absent.
    expect((await writer.status()).get(IDS[0])).toMatchObject({ state: 'enabled', isPaused: true });
  });

  test('disabling a paused or absent rule writes nothing', async () => {
    const from = server.requests.length;
    expect((await writer.pause([IDS[0], 'no-such-rule'])).map((r) => r.outcome)).toEqual(['unchanged', 'absent']);
    expect(server.requests.slice(from).filter((r) => r.method !== 'GET')).toEqual([]);
  });

  test('enabling a paused rule resumes it with the same content; enabling again changes nothing', async () => {
    const paused = server.state.rules.get(uid)!;
    const res = await writer.enable([items[0]], target);
    expect(res[0].outcome).toBe('resumed');
    const resumed = server.state.rules.get(uid)!;
    expect(resumed.isPaused).toBe(false);
    expect(content(resumed)).toEqual(content(paused));
    expect((await writer.enable([items[0]], target))[0].outcome).toBe('unchanged');
  });

  test('a rule paused in Grafana is shown paused, not modified, and enabling resumes it', async () => {
    server.state.rules.set(uid, { ...server.state.rules.get(uid)!, isPaused: true }); // Grafana's "Pause evaluation"
    expect((await writer.status()).get(IDS[0])).toMatchObject({ state: 'enabled', isPaused: true });
    expect((await writer.enable([items[0]], target))[0].outcome).toBe('resumed');
    expect(server.state.rules.get(uid)!.isPaused).toBe(false);
  });

  test('a rewrite with keepPaused updates a paused rule and leaves it paused', async () => {
    await writer.pause([IDS[1]]);
    const res = await writer.enable([{ rule: items[1].rule, settings: { params: { threshold: 50 } } }], target, {
      keepPaused: true,
    });
    expect(res[0].outcome).toBe('updated');
    const stored = server.state.rules.get(alertRuleUid(IDS[1]))!;
    expect(stored.isPaused).toBe(true);
    expect((stored.data[2].model as any).conditions[0].evaluator.params).toEqual([49]);
    expect((await writer.status()).get(IDS[1])).toMatchObject({ state: 'enabled', isPaused: true });
    // Nothing else to write: the same rewrite is unchanged, and still paused.
    expect(
      (
        await writer.enable([{ rule: items[1].rule, settings: { params: { threshold: 50 } } }], target, {
          keepPaused: true,
        })
      )[0].outcome
    ).toBe('unchanged');
  });

  test('enabling writes a paused rule that was deleted meanwhile', async () => {
    server.state.rules.delete(alertRuleUid(IDS[1]));
    expect((await writer.enable([items[1]], target))[0].outcome).toBe('created');
    expect(server.state.rules.get(alertRuleUid(IDS[1]))!.isPaused).toBe(false);
  });

  test('pause and enable never delete; delete does, with one DELETE per rule', async () => {
    expect(server.requests.slice(start).filter((r) => r.method === 'DELETE')).toEqual([]);
    const from = server.requests.length;
    expect((await writer.delete([IDS[0]])).map((r) => r.outcome)).toEqual(['deleted']);
    expect(
      server.requests
        .slice(from)
        .filter((r) => r.method !== 'GET')
        .map((r) => `${r.method} ${r.path}`)
    ).toEqual([`DELETE /api/v1/provisioning/alert-rules/${uid}`]);
    expect(server.state.rules.has(uid)).toBe(false);
  });
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
  await writer.delete([IDS[0]]);
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
