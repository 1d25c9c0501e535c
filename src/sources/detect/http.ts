/** The one HTTP helper both probes use: upstream failures keep the upstream message. */

/** Thrown when the backend answers with an error; `message` carries its body. */
export class BackendError extends Error {
  constructor(
    readonly backend: string,
    readonly status: number,
    upstream: string
  ) {
    super(`${backend} answered HTTP ${status}: ${upstream.trim().slice(0, 500)}`);
    this.name = 'BackendError';
  }
}

/** GETs `url` and returns the body text, throwing BackendError on a non-2xx status. */
export async function getText(backend: string, url: string, headers: Record<string, string> = {}): Promise<string> {
  let res: Response;
  try {
    res = await fetch(url, { headers });
  } catch (e) {
    throw new BackendError(backend, 0, `request to ${new URL(url).origin} failed: ${(e as Error).message}`);
  }
  const text = await res.text();
  if (!res.ok) {
    throw new BackendError(backend, res.status, text);
  }
  return text;
}
