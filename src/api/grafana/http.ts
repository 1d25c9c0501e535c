/** A response as the Grafana HTTP API client sees it. */
export interface HttpResponse<T = unknown> {
  status: number;
  data: T;
}

/** The transport the API client needs: one request, no throwing on HTTP errors. */
export interface GrafanaHttp {
  request<T = unknown>(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<HttpResponse<T>>;
}

/** Transport over fetch, for Node tools and tests; `auth` becomes the Authorization header. */
export function fetchHttp(baseUrl: string, auth?: string): GrafanaHttp {
  return {
    async request<T>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
      const res = await fetch(baseUrl.replace(/\/$/, '') + url, {
        method,
        headers: {
          ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
          ...(auth ? { Authorization: auth } : {}),
          ...headers,
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      });
      const text = await res.text();
      let data: unknown = text;
      try {
        data = text ? JSON.parse(text) : undefined;
      } catch {
        // Grafana answers some errors in plain text; keep it as is.
      }
      return { status: res.status, data: data as T };
    },
  };
}
