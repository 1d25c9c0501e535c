/**
 * Reads the policy checker's request attributes out of an audit Event (raw JSON object or a
 * parsed event carrying it). Returns undefined for anything that is not an audit Event.
 */
import type { ParsedEvent } from '../sources/types';
import type { RequestAttributes } from './types';

type Obj = Record<string, unknown>;

function asObj(v: unknown): Obj | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** The audit Event object of a ParsedEvent, raw object or JSON line; undefined if none. */
export function auditObject(input: unknown): Obj | undefined {
  if (typeof input === 'string') {
    try {
      return auditObject(JSON.parse(input));
    } catch {
      return undefined;
    }
  }
  const o = asObj(input);
  if (!o) {
    return undefined;
  }
  if (o.kind === 'Event' && typeof o.verb === 'string') {
    return o;
  }
  const parsed = o as Partial<ParsedEvent>;
  if (parsed.source === 'audit' && parsed.object !== undefined) {
    return auditObject(parsed.object);
  }
  return undefined;
}

/** The request path: requestURI without query string or fragment. */
export function pathOf(requestURI: string): string {
  const cut = requestURI.search(/[?#]/);
  return cut < 0 ? requestURI : requestURI.slice(0, cut);
}

/** Attributes of the authenticated user's request (impersonation is applied after audit). */
export function attributesOf(event: Obj): RequestAttributes {
  const user = asObj(event.user) ?? {};
  const ref = asObj(event.objectRef);
  const groups = Array.isArray(user.groups) ? user.groups.filter((g): g is string => typeof g === 'string') : [];
  return {
    username: str(user.username),
    groups,
    verb: str(event.verb),
    resourceRequest: ref !== undefined,
    apiGroup: str(ref?.apiGroup),
    resource: str(ref?.resource),
    subresource: str(ref?.subresource),
    namespace: str(ref?.namespace),
    name: str(ref?.name),
    path: pathOf(str(event.requestURI)),
  };
}
