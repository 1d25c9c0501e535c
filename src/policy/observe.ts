/**
 * Groups observed audit events into requests (by auditID): a policy decides per request,
 * and each request produces one line per logged stage.
 */
import { attributesOf, auditObject } from './request';
import { RequestAttributes, Stage, STAGES } from './types';

type Obj = Record<string, unknown>;

/** One API request as seen in the sample: its attributes and the lines observed for it. */
export interface ObservedRequest {
  attrs: RequestAttributes;
  /** The observed audit Event object per stage. */
  byStage: Partial<Record<Stage, Obj>>;
}

export interface Observed {
  requests: ObservedRequest[];
  /** Audit events read. */
  events: number;
  /** Inputs that were not audit Events (counted, never fatal). */
  skipped: number;
}

/** Reads ParsedEvents, raw Event objects or JSON lines; anything else is counted as skipped. */
export function observe(inputs: Iterable<unknown>): Observed {
  const byId = new Map<string, ObservedRequest>();
  const requests: ObservedRequest[] = [];
  let events = 0;
  let skipped = 0;
  for (const input of inputs) {
    const obj = auditObject(input);
    const stage = (STAGES as readonly unknown[]).includes(obj?.stage) ? (obj!.stage as Stage) : 'ResponseComplete';
    if (!obj) {
      skipped++;
      continue;
    }
    events++;
    const id = typeof obj.auditID === 'string' && obj.auditID !== '' ? obj.auditID : undefined;
    let req = id ? byId.get(id) : undefined;
    if (!req || req.byStage[stage]) {
      req = { attrs: attributesOf(obj), byStage: {} };
      requests.push(req);
      if (id) {
        byId.set(id, req);
      }
    }
    req.byStage[stage] = obj;
  }
  return { requests, events, skipped };
}
