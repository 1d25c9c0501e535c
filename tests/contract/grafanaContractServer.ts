/**
 * A loopback server that enforces the Grafana HTTP API contract in contracts/grafana/:
 * the documented schemas, status codes and semantics of the endpoints Vigil's app calls.
 * It is a contract test double, not Grafana. Roles come from `Authorization: Bearer <role>`.
 */
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { contractProblems } from '../../src/api/grafana/validate';
import type { DataSourceSummary, Folder, PluginSettings, ProvisionedAlertRule } from '../../src/api/grafana/types';

export type Role = 'Viewer' | 'Editor' | 'Admin';

export interface ContractServer {
  url: string;
  /** The in-memory state, for assertions and for simulating edits made in Grafana's UI. */
  state: ContractState;
  /** Every request received, in order (`query`: the URL's query string, without `?`). */
  requests: Array<{ method: string; path: string; query: string; body: unknown; headers: http.IncomingHttpHeaders }>;
  stop(): Promise<void>;
}

export interface ContractState {
  rules: Map<string, ProvisionedAlertRule>;
  folders: Map<string, Folder>;
  dataSources: DataSourceSummary[];
  plugins: Map<string, PluginSettings>;
}

type Reply = { status: number; body?: unknown };

export async function startGrafanaContractServer(seed: Partial<ContractState> = {}): Promise<ContractServer> {
  const state: ContractState = {
    rules: seed.rules ?? new Map(),
    folders: seed.folders ?? new Map(),
    dataSources: seed.dataSources ?? [],
    plugins: seed.plugins ?? new Map(),
  };
  const requests: ContractServer['requests'] = [];

  const server = http.createServer(async (req, res) => {
    const raw = await readBody(req);
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      return send(res, { status: 400, body: { message: 'bad request data' } });
    }
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    requests.push({ method: req.method ?? 'GET', path, query: url.search.slice(1), body, headers: req.headers });
    send(res, route(state, req.method ?? 'GET', path, body, req.headers, url.searchParams));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    requests,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function route(
  state: ContractState,
  method: string,
  path: string,
  body: unknown,
  headers: http.IncomingHttpHeaders,
  query: URLSearchParams
): Reply {
  const role = roleOf(headers);
  if (!role) {
    return { status: 401, body: { message: 'Unauthorized' } };
  }
  const canWrite = role !== 'Viewer';
  const m = (re: RegExp) => path.match(re);
  let g: RegExpMatchArray | null;

  if (path === '/api/v1/provisioning/alert-rules') {
    if (method === 'GET') {
      return { status: 200, body: [...state.rules.values()] };
    }
    if (method === 'POST') {
      return canWrite ? createRule(state, body, headers) : forbidden('alert.provisioning:write');
    }
  }
  if ((g = m(/^\/api\/v1\/provisioning\/alert-rules\/([^/]+)$/))) {
    const uid = decodeURIComponent(g[1]);
    const rule = state.rules.get(uid);
    if (method === 'GET') {
      return rule ? { status: 200, body: rule } : { status: 404 };
    }
    if (!canWrite) {
      return forbidden('alert.provisioning:write');
    }
    if (method === 'PUT') {
      if (!rule) {
        return { status: 404 };
      }
      return storeRule(state, { ...(body as ProvisionedAlertRule), uid }, headers, 200, rule.id);
    }
    if (method === 'DELETE') {
      state.rules.delete(uid);
      return { status: 204 };
    }
  }
  if (path === '/api/folders' && method === 'GET') {
    return listFolders(state, query);
  }
  if (path === '/api/folders' && method === 'POST') {
    if (!canWrite) {
      return forbidden('folders:create');
    }
    const problems = contractProblems('folderCreate', body);
    if (problems.length) {
      return { status: 400, body: { message: problems.join('; ') } };
    }
    const f = body as Folder;
    const uid = f.uid ?? randomUUID().slice(0, 14);
    const sameName = (x: Folder) => x.title === f.title && (x.parentUid ?? '') === (f.parentUid ?? '');
    if (state.folders.has(uid) || [...state.folders.values()].some(sameName)) {
      return { status: 409, body: { message: 'a folder with the same name already exists' } };
    }
    const folder: Folder = {
      uid,
      title: f.title,
      id: state.folders.size + 1,
      url: `/dashboards/f/${uid}`,
      version: 1,
      ...(f.parentUid ? { parentUid: f.parentUid } : {}),
    };
    state.folders.set(uid, folder);
    return { status: 200, body: folder };
  }
  if ((g = m(/^\/api\/folders\/([^/]+)$/)) && method === 'GET') {
    const f = state.folders.get(decodeURIComponent(g[1]));
    return f ? { status: 200, body: f } : { status: 404, body: { message: 'folder not found' } };
  }
  if (path === '/api/datasources' && method === 'GET') {
    return { status: 200, body: state.dataSources };
  }
  if ((g = m(/^\/api\/datasources\/uid\/([^/]+)$/)) && method === 'GET') {
    const ds = state.dataSources.find((d) => d.uid === decodeURIComponent(g![1]));
    return ds ? { status: 200, body: { ...ds, secureJsonFields: {} } } : { status: 404, body: { message: 'Data source not found' } };
  }
  if ((g = m(/^\/api\/plugins\/([^/]+)\/settings$/))) {
    const id = decodeURIComponent(g[1]);
    const current = state.plugins.get(id);
    if (!current) {
      return { status: 404, body: { message: 'Plugin not found, no installed plugin with that id' } };
    }
    if (method === 'GET') {
      return { status: 200, body: current };
    }
    if (method === 'POST') {
      if (role !== 'Admin') {
        return forbidden('plugins:write');
      }
      const problems = contractProblems('pluginSettingsUpdate', body);
      if (problems.length) {
        return { status: 400, body: { message: problems.join('; ') } };
      }
      const u = body as Partial<PluginSettings> & { secureJsonData?: Record<string, string> };
      const secureJsonFields = { ...current.secureJsonFields };
      Object.keys(u.secureJsonData ?? {}).forEach((k) => (secureJsonFields[k] = true));
      state.plugins.set(id, {
        ...current,
        enabled: u.enabled ?? current.enabled,
        pinned: u.pinned ?? current.pinned,
        jsonData: u.jsonData ?? current.jsonData,
        secureJsonFields,
      });
      return { status: 200, body: { message: 'Plugin settings updated' } };
    }
  }
  return { status: 404, body: { message: `contract server: no route for ${method} ${path}` } };
}

/**
 * GET /api/folders: one page (`limit`, default 1000; `page`, from 1) of the folders directly
 * under `parentUid` (the root without it; 404 for an unknown folder), in title order. A
 * subfolder's entry names its parent.
 */
function listFolders(state: ContractState, query: URLSearchParams): Reply {
  const parentUid = query.get('parentUid') ?? '';
  if (parentUid && !state.folders.has(parentUid)) {
    return { status: 404, body: { message: 'folder not found' } };
  }
  const positive = (name: string, def: number) => {
    const v = Number(query.get(name) ?? def);
    return Number.isInteger(v) && v > 0 ? v : def;
  };
  const limit = positive('limit', 1000);
  const page = positive('page', 1);
  const level = [...state.folders.values()]
    .filter((f) => (f.parentUid ?? '') === parentUid)
    .sort((a, b) => a.title.localeCompare(b.title))
    .slice((page - 1) * limit, page * limit)
    .map((f) => ({ id: f.id, uid: f.uid, title: f.title, ...(f.parentUid ? { parentUid: f.parentUid } : {}) }));
  return { status: 200, body: level };
}

function createRule(state: ContractState, body: unknown, headers: http.IncomingHttpHeaders): Reply {
  const rule = body as ProvisionedAlertRule;
  const uid = rule?.uid ?? randomUUID().replace(/-/g, '').slice(0, 14);
  if (state.rules.has(uid)) {
    // Documented: a duplicate uid is a 400, not a 409.
    return { status: 400, body: { message: `failed to save alert rule: a rule with uid ${uid} already exists` } };
  }
  return storeRule(state, { ...rule, uid }, headers, 201, state.rules.size + 1);
}

function storeRule(state: ContractState, rule: ProvisionedAlertRule, headers: http.IncomingHttpHeaders, status: number, id?: number): Reply {
  const problems = contractProblems('alertRule', rule);
  if (problems.length) {
    return { status: 400, body: { message: `invalid alert rule: ${problems.join('; ')}` } };
  }
  if (!state.folders.has(rule.folderUID)) {
    return { status: 400, body: { message: `folder does not exist: ${rule.folderUID}` } };
  }
  const stored: ProvisionedAlertRule = {
    ...rule,
    // Grafana's rule type always holds the flag: a body without it stores (and answers) false.
    isPaused: rule.isPaused ?? false,
    id,
    orgID: 1,
    updated: new Date().toISOString(),
    provenance: headers['x-disable-provenance'] !== undefined ? '' : 'api',
  };
  state.rules.set(rule.uid!, stored);
  return { status, body: stored };
}

function roleOf(headers: http.IncomingHttpHeaders): Role | undefined {
  const m = /^Bearer (Viewer|Editor|Admin)$/.exec(headers.authorization ?? '');
  return m ? (m[1] as Role) : undefined;
}

function forbidden(action: string): Reply {
  return { status: 403, body: { message: `You'll need additional permissions to perform this action. Permissions needed: ${action}` } };
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, reply: Reply): void {
  if (reply.body === undefined) {
    res.writeHead(reply.status).end();
    return;
  }
  res.writeHead(reply.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(reply.body));
}
