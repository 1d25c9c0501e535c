import { lastValueFrom } from 'rxjs';
import { getBackendSrv } from '@grafana/runtime';
import { GrafanaHttp } from './http';

/** Transport over Grafana's backendSrv, used inside Grafana (and the page host). */
export const backendSrvHttp: GrafanaHttp = {
  async request<T>(method: string, url: string, body?: unknown, headers?: Record<string, string>) {
    try {
      const res = await lastValueFrom(
        getBackendSrv().fetch<T>({ method, url, data: body, headers, showErrorAlert: false, showSuccessAlert: false })
      );
      return { status: res.status, data: res.data };
    } catch (err: unknown) {
      // backendSrv rejects non-2xx answers with {status, data}; hand them back as values.
      const e = err as { status?: number; data?: T };
      if (typeof e?.status === 'number') {
        return { status: e.status, data: e.data as T };
      }
      throw err;
    }
  },
};
