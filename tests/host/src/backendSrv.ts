// A BackendSrv over the browser's fetch, against the same origin: the devhost answers the
// Grafana HTTP routes the pages use by calling the real plugin backend. Failures surface as
// FetchError objects shaped like Grafana's, carrying the server's message.
import { Observable, from, lastValueFrom, throwError } from 'rxjs';
import { BackendSrv, BackendSrvRequest, FetchError, FetchResponse } from '@grafana/runtime';

function buildUrl(options: BackendSrvRequest): string {
  const url = new URL(options.url, window.location.origin);
  const params: Record<string, unknown> = options.params ?? {};
  for (const [key, value] of Object.entries(params)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      if (v !== undefined && v !== null) {
        url.searchParams.append(key, String(v));
      }
    }
  }
  return url.pathname + url.search;
}

function requestBody(data: unknown): BodyInit | undefined {
  if (data === undefined) {
    return undefined;
  }
  if (typeof data === 'string' || data instanceof FormData || data instanceof Blob) {
    return data;
  }
  return JSON.stringify(data);
}

async function readBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if ((res.headers.get('content-type') ?? '').includes('json') && text !== '') {
    try {
      return JSON.parse(text);
    } catch {
      return { message: `invalid JSON from ${res.url}: ${text.slice(0, 200)}` };
    }
  }
  return text;
}

async function send<T>(options: BackendSrvRequest): Promise<FetchResponse<T>> {
  const headers = new Headers(options.headers ?? {});
  const body = requestBody(options.data);
  if (body !== undefined && typeof body === 'string' && !headers.has('Content-Type')) {
    headers.set('Content-Type', 'application/json');
  }
  const url = buildUrl(options);
  const res = await fetch(url, { method: options.method ?? 'GET', headers, body, credentials: 'same-origin' });
  const data = (await readBody(res)) as T;
  if (!res.ok) {
    const message = (data as { message?: string } | undefined)?.message ?? res.statusText;
    const error: FetchError = { status: res.status, statusText: res.statusText, data, message, config: options };
    throw error;
  }
  return {
    data,
    status: res.status,
    statusText: res.statusText,
    ok: res.ok,
    headers: res.headers,
    redirected: res.redirected,
    type: res.type,
    url: res.url,
    config: options,
  };
}

function request<T>(method: string, url: string, data?: unknown, options?: Partial<BackendSrvRequest>): Promise<T> {
  return send<T>({ ...options, method, url, data }).then((r) => r.data);
}

/** The host's BackendSrv: every call is a real HTTP request to the devhost. */
export const hostBackendSrv: BackendSrv = {
  fetch: <T>(options: BackendSrvRequest): Observable<FetchResponse<T>> => from(send<T>(options)),
  get: (url, params, _requestId, options) => request('GET', url, undefined, { ...options, params }),
  delete: (url, data, options) => request('DELETE', url, data, options),
  post: (url, data, options) => request('POST', url, data, options),
  patch: (url, data, options) => request('PATCH', url, data, options),
  put: (url, data, options) => request('PUT', url, data, options),
  request: <T>(options: BackendSrvRequest) => send<T>(options).then((r) => r.data),
  datasourceRequest: (options) => send(options),
  chunked: () => throwError(() => new Error('chunked requests are not supported by the Vigil page host')),
};

/** GET helper for the host's own start-up calls. */
export function getJson<T>(url: string): Promise<T> {
  return lastValueFrom(hostBackendSrv.fetch<T>({ url })).then((r) => r.data);
}

/** The message of an error thrown by the host's fetch, a data source or plain code. */
export function errorMessage(e: unknown): string {
  if (e instanceof Error) {
    return e.message;
  }
  const fetchError = e as Partial<FetchError<{ message?: string }>> | undefined;
  return fetchError?.data?.message ?? fetchError?.message ?? JSON.stringify(e);
}
