/**
 * Falco JSON output lines. Recent rules write `output` as `Message | key=value ...`; older
 * ones as `Message (key=value ...)`; both are prefixed by the event time and priority.
 */
import type { FalcoMeta } from '../types';
import { clockNano, rfc3339Nano, Stamp } from '../time';

export interface FalcoEvent extends FalcoMeta {
  message: string;
  /** output_fields without evt.time (added here). Keys are Falco field names. */
  fields: Record<string, string | number | null>;
  /** Render the output in the pre-0.36 `(k=v ...)` style. */
  oldStyle?: boolean;
}

/** Falco's output key for a field: `k8s.ns.name` → `k8s_ns_name` in `|` style. */
function outputKey(field: string, oldStyle: boolean): string {
  return oldStyle ? field : field.replace(/\./g, '_');
}

export function falcoLine(at: Stamp, ev: FalcoEvent): string {
  const kv = Object.entries(ev.fields)
    .map(([k, v]) => `${outputKey(k, !!ev.oldStyle)}=${v === null ? '<NA>' : v}`)
    .join(' ');
  const text = ev.oldStyle ? `${ev.message} (${kv})` : `${ev.message} | ${kv}`;
  const output = `${clockNano(at)}: ${ev.priority} ${text}`;
  const obj = {
    hostname: ev.hostname,
    output,
    output_fields: { 'evt.time': '__EVT_TIME__', ...ev.fields },
    priority: ev.priority,
    rule: ev.rule,
    source: ev.source,
    tags: ev.tags,
    time: rfc3339Nano(at),
  };
  // Falco writes evt.time as a bare 19-digit integer, which JSON.stringify cannot.
  return JSON.stringify(obj).replace('"__EVT_TIME__"', at.ns);
}
