/**
 * Entity resolution: reads the audit lines of the resolution queries (plan.ts) into pod IPs
 * and pods. A pod's IP appears in the kubelet's status update (`requestObject.status.podIP`)
 * or a read of the pod (`responseObject.status.podIP`); the pod is the objectRef, or the
 * body's metadata on a create.
 */
import { parseAudit } from '../sources';
import type { Resolution, ResolvePlan } from './plan';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function podIpsOf(event: Obj): string[] {
  const out: string[] = [];
  for (const body of [event.requestObject, event.responseObject]) {
    const status = obj(obj(body)?.status);
    const single = str(status?.podIP);
    single && out.push(single);
    if (Array.isArray(status?.podIPs)) {
      status!.podIPs.forEach((p) => {
        const ip = str(obj(p)?.ip);
        ip && out.push(ip);
      });
    }
  }
  return out;
}

function podOf(event: Obj): string | undefined {
  const ref = obj(event.objectRef);
  if (ref?.resource !== 'pods') {
    return undefined;
  }
  const ns = str(ref.namespace);
  const name = str(ref.name) ?? str(obj(obj(event.requestObject)?.metadata)?.name);
  return ns && name ? `${ns}/${name}` : undefined;
}

/** Adds what one resolution query's lines say to `into` (first seen first, no duplicates). */
export function resolveFromLines(purpose: ResolvePlan['purpose'], lines: string[], into: Resolution): Resolution {
  const add = (list: string[], v: string | undefined) => v && !list.includes(v) && list.push(v);
  for (const line of lines) {
    const parsed = parseAudit(line);
    const event = parsed.ok ? obj(parsed.event.object) : undefined;
    if (!event) {
      continue;
    }
    if (purpose === 'pod-ips') {
      podIpsOf(event).forEach((ip) => add(into.ips, ip));
      add(into.pods, podOf(event));
    } else {
      add(into.pods, podOf(event));
    }
  }
  return into;
}

export const emptyResolution = (): Resolution => ({ ips: [], pods: [] });
