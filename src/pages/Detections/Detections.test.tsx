/**
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 *
 * Component tests of the Detections page against the Grafana API contract server (over
 * node:http, as jsdom has no fetch). The 24 h previews through the real backend are covered
 * by tests/host/detections.test.ts and src/alerting/alertQueries.integration.test.ts.
 */
import React from 'react';
import http from 'node:http';
import { configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { CATALOG_RULES } from '../../detections/catalog';
import { testIds } from '../../components/testIds';
import type { GrafanaHttp, HttpResponse } from '../../api/grafana';
import { startGrafanaContractServer, type ContractServer } from '../../../tests/contract/grafanaContractServer';
import { Detections } from './Detections';
import { AlertWriter, DEFAULT_SETTINGS, alertRuleUid } from '../../alerting';
import { DEFAULT_SELECTORS } from '../../detections';

// Monaco does not run in jsdom: the Sigma editor becomes a textarea with the same value/onChange.
jest.mock('@grafana/ui', () => ({
  ...jest.requireActual('@grafana/ui'),
  CodeEditor: ({ value, onChange }: { value: string; onChange: (v: string) => void }) => (
    <textarea aria-label="Sigma rule text" value={value} onChange={(e) => onChange(e.currentTarget.value)} />
  ),
}));

// jsdom lacks the observers @grafana/ui's Drawer uses (title truncation, scroll shadows);
// nothing asserted here depends on sizes or visibility.
class NoopObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}
(globalThis as any).ResizeObserver ??= NoopObserver;
(globalThis as any).IntersectionObserver ??= NoopObserver;
// Comboboxes size their menus and pills by canvas text metrics, which jsdom does not draw.
HTMLCanvasElement.prototype.getContext = (() => ({ font: '', measureText: (t: string) => ({ width: 7 * t.length }) })) as any;

function nodeHttp(base: string, auth: string): GrafanaHttp {
  return {
    request<T>(method: string, url: string, body?: unknown) {
      return new Promise<HttpResponse<T>>((resolve, reject) => {
        const req = http.request(
          base + url,
          { method, headers: { Authorization: auth, 'Content-Type': 'application/json' } },
          (res) => {
            let text = '';
            res.on('data', (c) => (text += c));
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, data: (text ? JSON.parse(text) : undefined) as T })
            );
          }
        );
        req.on('error', reject);
        req.end(body === undefined ? undefined : JSON.stringify(body));
      });
    },
  };
}

// Two shared cores: rendering the whole catalog and a drawer takes seconds, not milliseconds.
jest.setTimeout(60_000);
configure({ asyncUtilTimeout: 15_000 });

let server: ContractServer;
beforeEach(async () => {
  server = await startGrafanaContractServer({
    plugins: new Map([
      ['vigil-k8ssecurity-app', { id: 'vigil-k8ssecurity-app', enabled: true, pinned: true, jsonData: { other: 1 } }],
    ]),
  });
});
afterEach(() => {
  jest.restoreAllMocks();
  return server.stop();
});

const renderPage = (role = 'Admin') =>
  render(<Detections deps={{ http: nodeHttp(server.url, `Bearer ${role}`), now: () => Date.now() }} />);
const rows = () => screen.getAllByTestId(testIds.detections.row);

test('the catalog lists every rule and the search filters it', async () => {
  renderPage();
  await waitFor(() => expect(rows()).toHaveLength(CATALOG_RULES.length));
  fireEvent.change(screen.getByTestId(testIds.detections.search), { target: { value: 'secret' } });
  const shown = rows().map((r) => r.getAttribute('data-rule'));
  expect(shown.length).toBeGreaterThan(1);
  expect(shown.every((id) => id!.includes('secret'))).toBe(true);
  // No data source in this Grafana: the page says so instead of failing silently.
  await waitFor(() =>
    expect(screen.getByTestId(testIds.detections.errors).textContent).toContain('No Vigil data source')
  );
});

test('the rule detail shows the compiled queries and switches forms', async () => {
  renderPage();
  await waitFor(() => expect(rows().length).toBeGreaterThan(0));
  const row = rows().find((r) => r.getAttribute('data-rule') === 'dns-nxdomain-burst')!;
  fireEvent.click(within(row).getAllByRole('button')[0]);
  const compiled = await screen.findByTestId(testIds.detections.compiled);
  expect(compiled.textContent).toContain('{container="coredns"}');
  fireEvent.click(screen.getByText('Alert (metric) query'));
  await waitFor(() => expect(screen.getByTestId(testIds.detections.compiled).textContent).toMatch(/>= 20$/));
  const threshold = screen
    .getAllByTestId(testIds.detections.param)
    .find((e) => e.getAttribute('data-param') === 'threshold')!;
  fireEvent.change(threshold, { target: { value: '7' } });
  await waitFor(() => expect(screen.getByTestId(testIds.detections.compiled).textContent).toMatch(/>= 7$/));
});

test('the Sigma editor shows validation errors at their line, and a valid rule saves to jsonData', async () => {
  renderPage();
  fireEvent.click(await screen.findByText('Custom rules'));
  fireEvent.click(screen.getByText('Sigma YAML'));
  const editor = screen.getByLabelText('Sigma rule text');
  fireEvent.change(editor, {
    target: {
      value:
        'title: x\nid: my-rule\ndescription: d\nlogsource: {service: audit}\nlevel: nope\ndetection: {sel: {verb: delete}, condition: sel}\n',
    },
  });
  const errors = await screen.findByTestId(testIds.detections.ruleErrors);
  expect(
    within(errors)
      .getByText(/line 5/)
      .getAttribute('data-line')
  ).toBe('5');
  fireEvent.change(editor, {
    target: {
      value:
        'title: x\nid: my-rule\ndescription: d\nlogsource: {service: audit}\nlevel: high\ndetection: {sel: {verb: delete}, condition: sel}\n',
    },
  });
  await waitFor(() => expect(screen.queryByTestId(testIds.detections.ruleErrors)).toBeNull());
  expect(screen.getByTestId(testIds.detections.compiledLive).textContent).toContain('f_verb=~`(?i)delete`');
  fireEvent.click(screen.getByTestId(testIds.detections.saveCustom));
  await waitFor(() =>
    expect((server.state.plugins.get('vigil-k8ssecurity-app')!.jsonData as any).detections?.customRules?.[0]?.id).toBe(
      'my-rule'
    )
  );
  expect(server.state.plugins.get('vigil-k8ssecurity-app')!.jsonData!.other).toBe(1);
});

test("the builder compiles live and a Viewer sees Grafana's refusal when saving", async () => {
  renderPage('Viewer');
  fireEvent.click(await screen.findByText('Custom rules'));
  expect(screen.getByTestId(testIds.detections.builder)).toBeTruthy();
  fireEvent.change(screen.getByLabelText('Condition 1 values'), { target: { value: 'delete, deletecollection' } });
  await waitFor(() =>
    expect(screen.getByTestId(testIds.detections.compiledLive).textContent).toContain('deletecollection')
  );
  fireEvent.click(screen.getByTestId(testIds.detections.saveCustom));
  await waitFor(() => expect(screen.getByText(/HTTP 403/)).toBeTruthy());
  expect(screen.getByText(/Permissions needed: plugins:write/)).toBeTruthy();
});

test('rules written before the stream selectors changed are listed as stale and updated in one action', async () => {
  const ids = ['k8s-exec-into-pod', 'dns-nxdomain-burst', 'falco-shell-in-container'];
  const items = ids.map((id) => ({ rule: CATALOG_RULES.find((r) => r.id === id)! }));
  const admin = nodeHttp(server.url, 'Bearer Admin');
  const target = { dsUid: 'vigil', backend: 'loki' as const, folderUID: DEFAULT_SETTINGS.folderUID, folderTitle: DEFAULT_SETTINGS.folderTitle, ruleGroup: DEFAULT_SETTINGS.ruleGroup };
  // Written with the defaults, one of them disabled (paused); then the data source gets selectors of its own.
  await new AlertWriter(admin).enable(items, target);
  await new AlertWriter(admin).pause(['dns-nxdomain-burst']);
  const selectors = { audit: '{job="k8s-audit"}', coredns: '{app="kube-dns"}', falco: '{rule=~".+", priority=~".+"}' };
  server.state.dataSources.push({ id: 1, uid: 'vigil', name: 'Vigil', type: 'vigil-k8ssecurity-datasource', jsonData: { logBackend: 'loki', streamSelectors: selectors } });

  renderPage();
  const notice = await screen.findByTestId(testIds.detections.staleRules);
  expect(notice.getAttribute('data-count')).toBe('3');
  expect(within(notice).getAllByRole('listitem').map((li) => li.getAttribute('data-rule')).sort()).toEqual([...ids].sort());
  expect(within(notice).getAllByRole('listitem').filter((li) => li.getAttribute('data-paused') === 'true').map((li) => li.getAttribute('data-rule'))).toEqual(['dns-nxdomain-burst']);
  const update = within(notice).getByTestId(testIds.detections.staleUpdate);
  expect(update.textContent).toBe('Update 3 alert rules');
  fireEvent.click(update);

  const results = await screen.findByTestId(testIds.detections.writeResults);
  expect(within(results).getAllByRole('listitem').map((li) => li.getAttribute('data-outcome'))).toEqual(['updated', 'updated', 'updated']);
  await waitFor(() => expect(screen.queryByTestId(testIds.detections.staleRules)).toBeNull());
  for (const { rule } of items) {
    const expr = (server.state.rules.get(alertRuleUid(rule.id))!.data[0].model as { expr: string }).expr;
    const source = rule.logsource.service as keyof typeof selectors;
    expect(expr).toContain(selectors[source]);
    expect(expr).not.toContain(DEFAULT_SELECTORS[source]);
  }
  // Updating is not enabling: the paused rule stays paused.
  expect(ids.map((id) => server.state.rules.get(alertRuleUid(id))!.isPaused)).toEqual([false, true, false]);
});

test('Disable pauses the alert rule and the catalog shows it paused; Enable resumes it; Delete asks first, then deletes', async () => {
  const rule = CATALOG_RULES.find((r) => r.id === 'k8s-exec-into-pod')!;
  const uid = alertRuleUid(rule.id);
  const target = { dsUid: 'vigil', backend: 'loki' as const, folderUID: DEFAULT_SETTINGS.folderUID, folderTitle: DEFAULT_SETTINGS.folderTitle, ruleGroup: DEFAULT_SETTINGS.ruleGroup };
  await new AlertWriter(nodeHttp(server.url, 'Bearer Admin')).enable([{ rule }], target);
  server.state.dataSources.push({ id: 1, uid: 'vigil', name: 'Vigil', type: 'vigil-k8ssecurity-datasource', jsonData: { logBackend: 'loki' } });
  const written = server.state.rules.get(uid)!;
  const stateOf = () =>
    rows()
      .find((r) => r.getAttribute('data-rule') === rule.id)!
      .querySelector('td[data-state]')!
      .getAttribute('data-state');
  const outcomes = async () =>
    within(await screen.findByTestId(testIds.detections.writeResults))
      .getAllByRole('listitem')
      .map((li) => li.getAttribute('data-outcome'));
  const deletes = () => server.requests.filter((r) => r.method === 'DELETE');

  renderPage();
  await waitFor(() => expect(stateOf()).toBe('enabled'));
  fireEvent.click(within(rows().find((r) => r.getAttribute('data-rule') === rule.id)!).getAllByRole('button')[0]);
  const detail = await screen.findByTestId(testIds.detections.detail);
  await waitFor(() => expect(within(detail).getByTestId(testIds.detections.enable)).not.toBeDisabled());

  // Disable: one PUT with isPaused, the rule otherwise as written; shown paused, not absent.
  fireEvent.click(within(detail).getByTestId(testIds.detections.disable));
  await waitFor(async () => expect(await outcomes()).toEqual(['paused']));
  expect(server.state.rules.get(uid)).toMatchObject({ isPaused: true, labels: written.labels, data: written.data, annotations: written.annotations });
  await waitFor(() => expect(stateOf()).toBe('paused'));
  expect(within(detail).getByText('Disabled: paused in Grafana')).toBeTruthy();
  // With a tooltip, Grafana's Button is disabled through aria-disabled (the tooltip still shows).
  expect(within(detail).getByTestId(testIds.detections.disable)).toHaveAttribute('aria-disabled', 'true');
  expect(deletes()).toEqual([]);

  // Enable resumes it.
  fireEvent.click(within(detail).getByTestId(testIds.detections.enable));
  await waitFor(async () => expect(await outcomes()).toEqual(['resumed']));
  expect(server.state.rules.get(uid)!.isPaused).toBe(false);
  await waitFor(() => expect(stateOf()).toBe('enabled'));
  expect(deletes()).toEqual([]);

  // Delete asks first: cancelling keeps the rule; confirming deletes it.
  fireEvent.click(within(detail).getByTestId(testIds.detections.delete));
  const confirm = () => screen.findByRole('dialog', { name: 'Delete alert rule' });
  let dialog = await confirm();
  expect(dialog.textContent).toContain(uid);
  fireEvent.click(within(dialog).getByText('Cancel'));
  await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Delete alert rule' })).toBeNull());
  expect(server.state.rules.has(uid)).toBe(true);
  expect(deletes()).toEqual([]);
  fireEvent.click(within(detail).getByTestId(testIds.detections.delete));
  dialog = await confirm();
  fireEvent.click(within(dialog).getByRole('button', { name: /^Delete$/ }));
  await waitFor(async () => expect(await outcomes()).toEqual(['deleted']));
  expect(server.state.rules.has(uid)).toBe(false);
  expect(deletes().map((r) => r.path)).toEqual([`/api/v1/provisioning/alert-rules/${uid}`]);
  await waitFor(() => expect(stateOf()).toBe('disabled'));
});

test("the alert folder is picked from Grafana's folders by title, nested ones by path, and saved as uid and title", async () => {
  const folder = (uid: string, title: string, parentUid?: string) =>
    server.state.folders.set(uid, { uid, title, id: server.state.folders.size + 1, ...(parentUid ? { parentUid } : {}) });
  folder('sec', 'Security');
  folder('k8s', 'Kubernetes', 'sec');
  folder('ops', 'Ops');
  server.state.dataSources.push({ id: 1, uid: 'vigil', name: 'Vigil', type: 'vigil-k8ssecurity-datasource', jsonData: { logBackend: 'loki' } });
  const saved = () => (server.state.plugins.get('vigil-k8ssecurity-app')!.jsonData as any).detections;
  const enableRule = async (id: string) => {
    fireEvent.click(within(rows().find((r) => r.getAttribute('data-rule') === id)!).getAllByRole('button')[0]);
    const detail = await screen.findByTestId(testIds.detections.detail);
    await waitFor(() => expect(detail.getAttribute('data-rule')).toBe(id));
    const enable = within(detail).getByTestId(testIds.detections.enable);
    await waitFor(() => expect(enable).not.toBeDisabled());
    fireEvent.click(enable);
    const results = await within(detail).findByTestId(testIds.detections.writeResults);
    expect(within(results).getByRole('listitem').getAttribute('data-outcome')).toBe('created');
    fireEvent.click(screen.getByRole('button', { name: /close/i }));
  };
  // The menu is virtualised: it renders the options that fit the height its scroller reports.
  jest.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(400);
  jest.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(400);
  const options = () => screen.getAllByRole('option').map((o) => o.firstElementChild?.firstElementChild?.textContent ?? o.textContent);

  const listings = () => server.requests.filter((r) => r.method === 'GET' && r.path === '/api/folders');

  renderPage();
  const picker = (await screen.findByTestId(testIds.detections.folder)) as HTMLInputElement;
  // The configured folder by its title; Grafana's folders are read when the picker opens.
  await waitFor(() => expect(picker.value).toBe('Vigil detections'));
  await waitFor(() => expect(rows().length).toBeGreaterThan(0));
  expect(listings()).toEqual([]);
  fireEvent.click(picker);
  // The default folder is not in Grafana yet: offered, created on the first enable.
  await waitFor(() =>
    expect(options()).toEqual(['Ops', 'Security', 'Security / Kubernetes', 'Vigil detections (created when a rule is enabled)'])
  );
  expect(listings().map((r) => r.query).sort()).toEqual([
    'limit=1000&page=1',
    'limit=1000&page=1&parentUid=k8s',
    'limit=1000&page=1&parentUid=ops',
    'limit=1000&page=1&parentUid=sec',
  ]);
  fireEvent.keyDown(picker, { key: 'Escape' });

  // Enabling creates it; the picker then lists it as a folder of Grafana's.
  await enableRule('k8s-exec-into-pod');
  expect(server.state.folders.get('vigil-detections')?.title).toBe('Vigil detections');
  expect(server.state.rules.get(alertRuleUid('k8s-exec-into-pod'))!.folderUID).toBe('vigil-detections');
  fireEvent.click(picker);
  await waitFor(() => expect(options()).toEqual(['Ops', 'Security', 'Security / Kubernetes', 'Vigil detections']));

  // Picking a nested folder stores its uid and own title; the next rule is written into it.
  fireEvent.click(screen.getAllByRole('option').find((o) => o.textContent?.startsWith('Security / Kubernetes'))!);
  await waitFor(() => expect(saved()).toMatchObject({ folderUID: 'k8s', folderTitle: 'Kubernetes' }));
  await waitFor(() => expect(picker.value).toBe('Security / Kubernetes'));
  const posts = server.requests.filter((r) => r.method === 'POST' && r.path === '/api/folders').length;
  await enableRule('dns-nxdomain-burst');
  expect(server.state.rules.get(alertRuleUid('dns-nxdomain-burst'))!.folderUID).toBe('k8s');
  expect(server.requests.filter((r) => r.method === 'POST' && r.path === '/api/folders')).toHaveLength(posts);
});
