/** One-line summaries of parsed events for the timeline rows. */
import type { FieldValue, ParsedEvent } from '../sources/types';

const s = (v: FieldValue | undefined) => (v === undefined || v === null ? '' : Array.isArray(v) ? v.join(',') : String(v));

/** What happened, in the words of the source. */
export function summaryOf(ev: ParsedEvent): string {
  const f = ev.fields;
  switch (ev.source) {
    case 'audit': {
      const object = [s(f['objectRef.resource']), s(f['entity.pod'] ?? f['objectRef.name'])].filter(Boolean).join('/');
      const sub = f['objectRef.subresource'] ? ` (${s(f['objectRef.subresource'])})` : '';
      const ns = f['objectRef.namespace'] ? ` in ${s(f['objectRef.namespace'])}` : '';
      const code = f['responseStatus.code'] !== undefined ? ` → ${s(f['responseStatus.code'])}` : '';
      return `${s(f.verb)} ${object}${sub}${ns} by ${s(f['user.username'])}${code}`;
    }
    case 'coredns':
      return `${s(f['client.ip'])} asked ${s(f['query.type'])} ${s(f['query.name'])} → ${s(f.rcode)}`;
    case 'netfilter': {
      const port = (p: FieldValue | undefined) => (p === undefined ? '' : `:${s(p)}`);
      return `${s(f.prefix)} ${s(f.src)}${port(f.spt)} → ${s(f.dst)}${port(f.dpt)} ${s(f.proto)} ${s(f.flags)}`.trim();
    }
    case 'falco':
      return `${s(f.priority)} ${s(f.rule)}${f['entity.process'] ? `: ${s(f['entity.process'])}` : ''}`;
    default:
      return ev.line.slice(0, 200);
  }
}
