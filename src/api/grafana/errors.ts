/** An error answered by Grafana's HTTP API, with Grafana's own message and a hint for the user. */
export class GrafanaApiError extends Error {
  constructor(
    readonly status: number,
    readonly grafanaMessage: string,
    readonly operation: string
  ) {
    super(`${operation} failed (HTTP ${status}): ${grafanaMessage || 'no message'}${hintFor(status)}`);
    this.name = 'GrafanaApiError';
  }
}

function hintFor(status: number): string {
  switch (status) {
    case 401:
      return '. Sign in again.';
    case 403:
      return '. Your Grafana role lacks the permission (alert rules need Editor or the alert.provisioning:write action).';
    case 404:
      return '. It does not exist (was the folder or rule deleted?).';
    default:
      return '';
  }
}

/** Grafana's message from an error body: `{message}`, `{error}` or plain text. */
export function messageOf(data: unknown): string {
  if (typeof data === 'string') {
    return data;
  }
  if (data && typeof data === 'object') {
    const o = data as Record<string, unknown>;
    return String(o.message ?? o.error ?? JSON.stringify(o));
  }
  return '';
}

/** Raised before a request is sent when the body breaks the documented schema. */
export class ContractViolation extends Error {
  constructor(
    readonly schema: string,
    readonly problems: string[]
  ) {
    super(`request body violates ${schema}: ${problems.join('; ')}`);
    this.name = 'ContractViolation';
  }
}
