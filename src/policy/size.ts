/**
 * Estimates the bytes one request would write to the audit log at a given level and set of
 * stages. Measured from the observed lines when they carry what is needed; bodies the
 * sample does not have (logged at a lower level) are estimated — see docs/policy-advisor.md.
 */
import type { ObservedRequest } from './observe';
import { Level, levelRank, RequestAttributes, Stage } from './types';

type Obj = Record<string, unknown>;

/** Fallback body sizes (bytes) when no request of the same kind in the sample has a body. */
export const FALLBACK_BYTES = {
  /** A create/update/patch body: a typical small object manifest. */
  writeRequest: 1200,
  /** What the server returns for a write on top of the request body (metadata, status). */
  writeResponseExtra: 600,
  get: 1500,
  /** A list response: a page of objects. */
  list: 15000,
  delete: 1000,
} as const;

/** Subresources that carry no JSON bodies (streams, upgrades, logs). */
const STREAMING = new Set(['exec', 'attach', 'portforward', 'proxy', 'log']);
const WRITE_VERBS = new Set(['create', 'update', 'patch']);

/** UTF-8 length of a string without allocating (TextEncoder is not everywhere). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      n += 1;
    } else if (c < 0x800) {
      n += 2;
    } else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else {
      n += 3;
    }
  }
  return n;
}

function stripManagedFields(body: unknown): unknown {
  const o = body as Obj | undefined;
  const meta = o && typeof o === 'object' ? (o.metadata as Obj | undefined) : undefined;
  if (!meta || typeof meta !== 'object' || !('managedFields' in meta)) {
    return body;
  }
  const { managedFields: _dropped, ...rest } = meta;
  return { ...o, metadata: rest };
}

/** Bytes a body adds to a line: `,"key":` plus its JSON. */
function bodyBytes(key: string, body: unknown, omitManagedFields: boolean): number {
  return body === undefined ? 0 : key.length + 4 + utf8Length(JSON.stringify(omitManagedFields ? stripManagedFields(body) : body));
}

function kindKey(a: RequestAttributes): string {
  return `${a.verb} ${a.apiGroup}/${a.resource}/${a.subresource}`;
}

/** Mean observed body sizes per request kind, learned from the sample. */
export class BodySizes {
  private readonly sums = new Map<string, { req: number; reqN: number; resp: number; respN: number }>();

  constructor(requests: ObservedRequest[]) {
    for (const r of requests) {
      const s = this.sums.get(kindKey(r.attrs)) ?? { req: 0, reqN: 0, resp: 0, respN: 0 };
      const withReq = Object.values(r.byStage).find((e) => e?.requestObject !== undefined);
      if (withReq) {
        s.req += bodyBytes('requestObject', withReq.requestObject, false);
        s.reqN++;
      }
      const withResp = Object.values(r.byStage).find((e) => e?.responseObject !== undefined);
      if (withResp) {
        s.resp += bodyBytes('responseObject', withResp.responseObject, false);
        s.respN++;
      }
      this.sums.set(kindKey(r.attrs), s);
    }
  }

  /** Estimated request-body bytes of a request whose body was not observed. */
  requestBody(a: RequestAttributes): number {
    const s = this.sums.get(kindKey(a));
    if (s && s.reqN > 0) {
      return s.req / s.reqN;
    }
    return a.resourceRequest && WRITE_VERBS.has(a.verb) && !STREAMING.has(a.subresource) ? FALLBACK_BYTES.writeRequest : 0;
  }

  /** Estimated response-body bytes of a request whose response was not observed. */
  responseBody(a: RequestAttributes): number {
    const s = this.sums.get(kindKey(a));
    if (s && s.respN > 0) {
      return s.resp / s.respN;
    }
    if (!a.resourceRequest || STREAMING.has(a.subresource)) {
      return 0;
    }
    if (WRITE_VERBS.has(a.verb)) {
      return this.requestBody(a) + FALLBACK_BYTES.writeResponseExtra;
    }
    return a.verb === 'get' ? FALLBACK_BYTES.get : a.verb === 'list' ? FALLBACK_BYTES.list : a.verb === 'delete' ? FALLBACK_BYTES.delete : 0;
  }
}

/** The observed line closest to a stage, to measure its metadata from. */
function templateFor(r: ObservedRequest, stage: Stage): Obj {
  const order: Stage[] = [stage, 'ResponseComplete', 'ResponseStarted', 'Panic', 'RequestReceived'];
  for (const s of order) {
    if (r.byStage[s]) {
      return r.byStage[s]!;
    }
  }
  return {};
}

/** Metadata bytes of a line at a stage: the line without bodies (RequestReceived has no status). */
function metadataBytes(r: ObservedRequest, stage: Stage): number {
  const { requestObject: _q, responseObject: _p, ...meta } = templateFor(r, stage);
  if (stage === 'RequestReceived' && !r.byStage.RequestReceived) {
    delete meta.responseStatus;
    delete meta.annotations;
  }
  return utf8Length(JSON.stringify(meta)) + 1;
}

export interface LineEstimate {
  bytes: number;
  /** The part of `bytes` that is estimated rather than measured. */
  estimatedBytes: number;
  lines: number;
}

/** Bytes one request writes at `level` over `stages`. */
export function requestBytes(r: ObservedRequest, level: Level, stages: Stage[], omitManagedFields: boolean, sizes: BodySizes): LineEstimate {
  const out: LineEstimate = { bytes: 0, estimatedBytes: 0, lines: 0 };
  if (level === 'None') {
    return out;
  }
  const observed = Object.values(r.byStage);
  const reqObserved = observed.find((e) => e?.requestObject !== undefined)?.requestObject;
  const respObserved = observed.find((e) => e?.responseObject !== undefined)?.responseObject;
  // A body absent at a level that would have logged it is unknown only if the sample's own
  // level was lower; at an equal or higher observed level its absence is real.
  const observedRank = Math.max(...observed.map((e) => levelRank(((e?.level as Level) ?? 'Metadata') as Level)).filter((n) => n >= 0), 1);
  for (const stage of stages) {
    const meta = metadataBytes(r, stage);
    let body = 0;
    let estimated = stage === 'RequestReceived' && !r.byStage.RequestReceived ? meta : 0;
    if (levelRank(level) >= levelRank('Request') && stage !== 'RequestReceived') {
      if (reqObserved !== undefined) {
        body += bodyBytes('requestObject', reqObserved, omitManagedFields);
      } else if (observedRank < levelRank('Request')) {
        const est = sizes.requestBody(r.attrs);
        body += est;
        estimated += est;
      }
    }
    if (level === 'RequestResponse' && stage === 'ResponseComplete') {
      if (respObserved !== undefined) {
        body += bodyBytes('responseObject', respObserved, omitManagedFields);
      } else if (observedRank < levelRank('RequestResponse')) {
        const est = sizes.responseBody(r.attrs);
        body += est;
        estimated += est;
      }
    }
    out.bytes += meta + body;
    out.estimatedBytes += estimated;
    out.lines++;
  }
  return out;
}
