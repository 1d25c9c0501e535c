/** @jest-environment node */
// Contract tests: Vigil's Grafana API client against a server that enforces the documented
// contract (contracts/grafana/). This checks Vigil against Grafana's documentation, not Grafana.
import {
  AlertRulesApi,
  ContractViolation,
  contractProblems,
  FINGERPRINT_ANNOTATION,
  FoldersApi,
  GrafanaApiError,
  ProvisionedAlertRule,
  SettingsApi,
  fetchHttp,
} from '../../src/api/grafana';
import { ContractServer, startGrafanaContractServer } from './grafanaContractServer';

function sampleRule(overrides: Partial<ProvisionedAlertRule> = {}): ProvisionedAlertRule {
  return {
    uid: 'vigil-k8s-exec-into-pod',
    title: 'Exec into pod',
    orgID: 1,
    folderUID: 'vigil',
    ruleGroup: 'vigil-audit',
    condition: 'C',
    data: [
      {
        refId: 'A',
        relativeTimeRange: { from: 300, to: 0 },
        datasourceUid: 'vigil-ds',
        model: { refId: 'A', expr: 'sum by (user) (count_over_time({job="auditlog"} |= "exec" [5m]))', language: 'logql', queryType: 'metric', intervalMs: 1000, maxDataPoints: 43200 },
      },
      { refId: 'B', datasourceUid: '__expr__', model: { refId: 'B', type: 'reduce', expression: 'A', reducer: 'last' } },
      { refId: 'C', datasourceUid: '__expr__', model: { refId: 'C', type: 'threshold', expression: 'B', conditions: [{ evaluator: { type: 'gt', params: [0] } }] } },
    ],
    noDataState: 'OK',
    execErrState: 'Error',
    for: '0s',
    labels: { vigil_rule: 'k8s-exec-into-pod', severity: 'high' },
    annotations: { summary: 'Someone exec-ed into a pod' },
    ...overrides,
  };
}

describe('Grafana HTTP API contract', () => {
  let server: ContractServer;
  let rules: AlertRulesApi;
  let folders: FoldersApi;

  beforeEach(async () => {
    server = await startGrafanaContractServer({
      dataSources: [{ id: 1, uid: 'vigil-ds', name: 'Vigil', type: 'vigil-k8ssecurity-datasource' }],
      plugins: new Map([['vigil-k8ssecurity-app', { id: 'vigil-k8ssecurity-app', enabled: false, pinned: false, jsonData: {} }]]),
    });
    const http = fetchHttp(server.url, 'Bearer Editor');
    rules = new AlertRulesApi(http);
    folders = new FoldersApi(http);
  });
  afterEach(() => server.stop());

  it('creates a folder once: GET 404, POST 200, and a second ensure reuses it', async () => {
    const f1 = await folders.ensure('vigil', 'Vigil detections');
    const f2 = await folders.ensure('vigil', 'Vigil detections');
    expect(f1.uid).toBe('vigil');
    expect(f2).toEqual(f1);
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  describe('folder listing (GET /api/folders)', () => {
    const admin = () => fetchHttp(server.url, 'Bearer Admin');
    const create = async (body: { uid: string; title: string; parentUid?: string }) => {
      const res = await admin().request('POST', '/api/folders', body);
      expect(res.status).toBe(200);
    };
    beforeEach(async () => {
      await create({ uid: 'sec', title: 'Security' });
      await create({ uid: 'ops', title: 'Ops' });
      await create({ uid: 'k8s', title: 'Kubernetes', parentUid: 'sec' });
      await create({ uid: 'vigil', title: 'Vigil detections', parentUid: 'k8s' });
      await create({ uid: 'apps', title: 'Apps', parentUid: 'ops' });
    });

    it('answers one level in title order, a subfolder naming its parent, as the schema says', async () => {
      const viewer = fetchHttp(server.url, 'Bearer Viewer');
      const root = await viewer.request<Array<{ uid: string }>>('GET', '/api/folders');
      expect(root.status).toBe(200);
      expect(contractProblems('folderList', root.data)).toEqual([]);
      expect(root.data.map((f) => f.uid)).toEqual(['ops', 'sec']);
      const sub = await viewer.request('GET', '/api/folders?parentUid=sec');
      expect(contractProblems('folderList', sub.data)).toEqual([]);
      expect(sub.data).toEqual([{ id: 3, uid: 'k8s', title: 'Kubernetes', parentUid: 'sec' }]);
      expect((await viewer.request('GET', '/api/folders?limit=1&page=2')).data).toEqual([{ id: 1, uid: 'sec', title: 'Security' }]);
      expect((await viewer.request('GET', '/api/folders?parentUid=nope')).status).toBe(404);
      // Not every body is a listing.
      expect(contractProblems('folderList', [{ uid: 'x' }])).not.toEqual([]);
    });

    it('FoldersApi.list walks the nested folders level by level and gives each its path', async () => {
      const from = server.requests.length;
      const { folders: list, complete } = await new FoldersApi(fetchHttp(server.url, 'Bearer Viewer')).list();
      expect(complete).toBe(true);
      expect(list.map((f) => [f.uid, f.path.join(' / '), f.parentUid])).toEqual([
        ['ops', 'Ops', undefined],
        ['apps', 'Ops / Apps', 'ops'],
        ['sec', 'Security', undefined],
        ['k8s', 'Security / Kubernetes', 'sec'],
        ['vigil', 'Security / Kubernetes / Vigil detections', 'k8s'],
      ]);
      const asked = server.requests.slice(from).map((r) => `${r.method} ${r.path}?${r.query}`);
      expect(asked[0]).toBe('GET /api/folders?limit=1000&page=1');
      // The root, then each folder's subfolders once.
      expect(asked.slice(1).sort()).toEqual(
        ['apps', 'k8s', 'ops', 'sec', 'vigil'].map((uid) => `GET /api/folders?limit=1000&page=1&parentUid=${uid}`)
      );
    });

    it('reads every page of a level', async () => {
      for (let i = 0; i < 1001; i++) {
        server.state.folders.set(`f${i}`, { uid: `f${i}`, title: `Folder ${String(i).padStart(4, '0')}`, parentUid: 'apps' });
      }
      const level = await folders.children('apps');
      expect(level).toHaveLength(1001);
      expect(new Set(level.map((f) => f.uid)).size).toBe(1001);
      expect(server.requests.filter((r) => r.query.includes('parentUid=apps')).map((r) => r.query)).toEqual([
        'limit=1000&page=1&parentUid=apps',
        'limit=1000&page=2&parentUid=apps',
      ]);
    });

    it("surfaces Grafana's refusal", async () => {
      const none = new FoldersApi(fetchHttp(server.url, 'Bearer nobody'));
      await expect(none.list()).rejects.toThrow(/Listing folders failed \(HTTP 401\)/);
    });
  });

  it('creates a rule with POST after a 404, then leaves it unchanged on retry (no duplicate)', async () => {
    await folders.ensure('vigil', 'Vigil detections');
    const first = await rules.upsert(sampleRule());
    const second = await rules.upsert(sampleRule());
    expect(first.outcome).toBe('created');
    expect(second.outcome).toBe('unchanged');
    expect(server.state.rules.size).toBe(1);
    expect(first.rule.provenance).toBe('api');
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /api/folders/vigil',
      'POST /api/folders',
      'GET /api/v1/provisioning/alert-rules/vigil-k8s-exec-into-pod',
      'POST /api/v1/provisioning/alert-rules',
      'GET /api/v1/provisioning/alert-rules/vigil-k8s-exec-into-pod',
    ]);
  });

  it('updates a changed rule with PUT by uid', async () => {
    await folders.ensure('vigil', 'Vigil detections');
    await rules.upsert(sampleRule());
    const res = await rules.upsert(sampleRule({ for: '5m' }));
    expect(res.outcome).toBe('updated');
    expect(server.state.rules.get('vigil-k8s-exec-into-pod')?.for).toBe('5m');
    expect(server.requests.at(-1)?.method).toBe('PUT');
  });

  it('recovers when a POST landed but its answer was lost: the duplicate-uid 400 leads to the update path', async () => {
    await folders.ensure('vigil', 'Vigil detections');
    await rules.upsert(sampleRule());
    // Make the client believe the rule is missing on its first GET, as after a lost response.
    const realGet = rules.get.bind(rules);
    let calls = 0;
    rules.get = async (uid: string) => (calls++ === 0 ? undefined : realGet(uid));
    const res = await rules.upsert(sampleRule({ for: '1m' }));
    expect(res.outcome).toBe('updated');
    expect(server.state.rules.size).toBe(1);
  });

  it('shows a rule edited in Grafana as modified and does not overwrite it unless asked', async () => {
    await folders.ensure('vigil', 'Vigil detections');
    await rules.upsert(sampleRule());
    const stored = server.state.rules.get('vigil-k8s-exec-into-pod')!;
    server.state.rules.set(stored.uid!, { ...stored, for: '30m' }); // an edit in Grafana's UI
    const res = await rules.upsert(sampleRule());
    expect(res.outcome).toBe('modified-elsewhere');
    expect(server.state.rules.get(stored.uid!)?.for).toBe('30m');
    expect(AlertRulesApi.isModifiedElsewhere(server.state.rules.get(stored.uid!)!)).toBe(true);
    const forced = await rules.upsert(sampleRule(), { overwrite: true });
    expect(forced.outcome).toBe('updated');
    expect(server.state.rules.get(stored.uid!)?.for).toBe('0s');
    expect(server.state.rules.get(stored.uid!)?.annotations?.[FINGERPRINT_ANNOTATION]).toMatch(/^[0-9a-f]{16}$/);
  });

  it('pauses and resumes with a PUT of the stored rule that changes only isPaused', async () => {
    await folders.ensure('vigil', 'Vigil detections');
    await rules.upsert(sampleRule());
    const stored = server.state.rules.get('vigil-k8s-exec-into-pod')!;
    expect(await rules.setPaused('vigil-k8s-exec-into-pod', true)).toMatchObject({ outcome: 'paused', rule: { isPaused: true } });
    const put = server.requests.at(-1)!;
    expect(`${put.method} ${put.path}`).toBe('PUT /api/v1/provisioning/alert-rules/vigil-k8s-exec-into-pod');
    const { id: _id, updated: _updated, provenance: _provenance, ...sent } = stored;
    expect(put.body).toEqual({ ...sent, isPaused: true });
    expect(put.headers['x-disable-provenance']).toBeUndefined();
    // Paused is not an edit: the fingerprint still matches, and an upsert of the same rule resumes it.
    expect(AlertRulesApi.isModifiedElsewhere(server.state.rules.get(stored.uid!)!)).toBe(false);
    expect(await rules.setPaused('vigil-k8s-exec-into-pod', true)).toMatchObject({ outcome: 'unchanged' });
    const resumed = await rules.upsert(sampleRule());
    expect(resumed).toMatchObject({ outcome: 'updated', rule: { isPaused: false }, previous: { isPaused: true } });
    expect(await rules.setPaused('absent', true)).toEqual({ outcome: 'absent' });
  });

  it('keeps a rule editable in the UI editable when pausing it, and keepPaused keeps it paused', async () => {
    await folders.ensure('vigil', 'Vigil detections');
    await rules.upsert(sampleRule(), { editableInUI: true });
    await rules.setPaused('vigil-k8s-exec-into-pod', true);
    expect(server.requests.at(-1)!.headers['x-disable-provenance']).toBe('true');
    expect(server.state.rules.get('vigil-k8s-exec-into-pod')).toMatchObject({ provenance: '', isPaused: true });
    const res = await rules.upsert(sampleRule({ for: '5m' }), { editableInUI: true, keepPaused: true });
    expect(res.outcome).toBe('updated');
    expect(server.state.rules.get('vigil-k8s-exec-into-pod')).toMatchObject({ for: '5m', isPaused: true });
  });

  it('stores no provenance when the rule must stay editable in the UI', async () => {
    await folders.ensure('vigil', 'Vigil detections');
    const res = await rules.upsert(sampleRule(), { editableInUI: true });
    expect(res.rule.provenance).toBe('');
  });

  it('refuses to send a body that breaks the contract, before any request', async () => {
    const bad = sampleRule({ noDataState: 'Maybe' as never, uid: 'bad uid!' });
    await expect(rules.upsert(bad)).rejects.toBeInstanceOf(ContractViolation);
    await expect(rules.upsert(bad)).rejects.toThrow(/noDataState.*allowed values|uid must match pattern/);
    expect(server.requests).toHaveLength(0);
  });

  it('surfaces Grafana\'s message when the folder is missing', async () => {
    await expect(rules.upsert(sampleRule({ folderUID: 'nope' }))).rejects.toThrow(/folder does not exist: nope/);
  });

  it('surfaces 403 with Grafana\'s message and a hint for a Viewer', async () => {
    const viewer = new AlertRulesApi(fetchHttp(server.url, 'Bearer Viewer'));
    await new FoldersApi(fetchHttp(server.url, 'Bearer Admin')).ensure('vigil', 'Vigil detections');
    const err = await viewer.upsert(sampleRule()).catch((e) => e);
    expect(err).toBeInstanceOf(GrafanaApiError);
    expect(err.status).toBe(403);
    expect(err.message).toMatch(/Permissions needed: alert.provisioning:write.*lacks the permission/);
  });

  it('reads 404 as a missing rule and deletes with 204', async () => {
    expect(await rules.get('absent')).toBeUndefined();
    await folders.ensure('vigil', 'Vigil detections');
    await rules.upsert(sampleRule());
    await rules.delete('vigil-k8s-exec-into-pod');
    expect(server.state.rules.size).toBe(0);
  });

  it('looks up data sources by type and updates plugin settings as an Admin only', async () => {
    const editor = new SettingsApi(fetchHttp(server.url, 'Bearer Editor'));
    const admin = new SettingsApi(fetchHttp(server.url, 'Bearer Admin'));
    expect((await editor.dataSources('vigil-k8ssecurity-datasource')).map((d) => d.uid)).toEqual(['vigil-ds']);
    expect(await editor.dataSources('prometheus')).toEqual([]);
    await expect(editor.updatePluginSettings('vigil-k8ssecurity-app', { enabled: true })).rejects.toThrow(/403/);
    await admin.updatePluginSettings('vigil-k8ssecurity-app', { enabled: true, jsonData: { folderUid: 'vigil' }, secureJsonData: { token: 's' } });
    const s = await admin.pluginSettings('vigil-k8ssecurity-app');
    expect(s).toMatchObject({ enabled: true, jsonData: { folderUid: 'vigil' }, secureJsonFields: { token: true } });
    expect(JSON.stringify(s)).not.toContain('"s"');
  });
});
