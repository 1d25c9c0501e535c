/**
 * Rewrites an observed audit Event as a policy would have logged it: dropped (level None or
 * stage omitted), or with the bodies its level does not carry removed. Bodies the observed
 * line lacks cannot be recreated, so apply to lines logged at least as verbosely.
 */
import { evaluate } from './evaluate';
import { auditObject } from './request';
import { Level, levelRank, Policy, Stage } from './types';

type Obj = Record<string, unknown>;

function withoutManagedFields(body: unknown): unknown {
  const o = body as Obj;
  const meta = o && typeof o === 'object' ? (o.metadata as Obj | undefined) : undefined;
  if (!meta || typeof meta !== 'object' || !('managedFields' in meta)) {
    return body;
  }
  const { managedFields: _dropped, ...rest } = meta;
  return { ...o, metadata: rest };
}

/** The event as `policy` would write it, or undefined when the policy would not write it. */
export function applyPolicy(policy: Policy, event: unknown): Obj | undefined {
  const obj = auditObject(event);
  const ev = obj ? evaluate(policy, obj) : undefined;
  if (!obj || !ev || ev.level === 'None') {
    return undefined;
  }
  const stage = (typeof obj.stage === 'string' ? obj.stage : 'ResponseComplete') as Stage;
  if (ev.omitStages.includes(stage)) {
    return undefined;
  }
  const out: Obj = { ...obj, level: levelRank(ev.level) < levelRank((obj.level as Level) ?? 'None') ? ev.level : obj.level };
  if (levelRank(ev.level) < levelRank('Request')) {
    delete out.requestObject;
  }
  if (levelRank(ev.level) < levelRank('RequestResponse')) {
    delete out.responseObject;
  }
  if (ev.omitManagedFields) {
    for (const key of ['requestObject', 'responseObject']) {
      if (out[key] !== undefined) {
        out[key] = withoutManagedFields(out[key]);
      }
    }
  }
  return out;
}
