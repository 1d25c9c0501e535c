/**
 * Data links from log lines to the app's Investigate page: each line is parsed with the
 * source parsers and the user, pod, IP and domain it names become fields of the frame, each
 * linking to Investigate on that entity over the panel's range. Explore shows them in the
 * log details, as it shows Loki's derived fields. Part of the lazy builder chunk (parsers).
 */
import { DataFrame, Field, FieldType } from '@grafana/data';
import { parseAuto, SOURCES } from '../sources';
import type { ParsedEvent, SourceId } from '../sources/types';
import { prefixRoute, ROUTES } from '../constants';

type LinkedKind = 'user' | 'pod' | 'ip' | 'domain';

/** The entity a parsed event names, of one kind; pods as namespace/name, as Investigate takes them. */
const ENTITY_OF: Record<LinkedKind, (e: ParsedEvent) => string | undefined> = {
  user: (e) => text(e.fields['entity.user']),
  pod: (e) => {
    const ns = text(e.fields['entity.namespace']);
    const pod = text(e.fields['entity.pod']);
    return ns && pod ? `${ns}/${pod}` : undefined;
  },
  ip: (e) => text(e.fields['entity.ip']),
  domain: (e) => text(e.fields['entity.domain']),
};

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Investigate on an entity of `kind` over the panel's range; Grafana fills the variables. */
export function investigateLinkUrl(kind: LinkedKind): string {
  return `${prefixRoute(ROUTES.Investigate)}?entity=${kind}:\${__value.raw:percentencode}&from=\${__from}&to=\${__to}`;
}

/** A logs frame: a time field and a string body (the backend's timestamp/body/labels/id). */
function bodyOf(frame: DataFrame): Field | undefined {
  const hasTime = frame.fields.some((f) => f.type === FieldType.time);
  return hasTime ? frame.fields.find((f) => f.name === 'body' && f.type === FieldType.string) : undefined;
}

/** Adds user, pod, ip and domain fields with Investigate links to logs frames; other frames pass. */
export function withEntityLinks(frames: DataFrame[], source?: SourceId): DataFrame[] {
  return frames.map((frame) => {
    const body = bodyOf(frame);
    if (!body) {
      return frame;
    }
    const parse = source ? SOURCES[source].parse : parseAuto;
    const events = body.values.map((line) => {
      const r = typeof line === 'string' ? parse(line) : undefined;
      return r?.ok ? r.event : undefined;
    });
    const added: Field[] = [];
    for (const kind of Object.keys(ENTITY_OF) as LinkedKind[]) {
      const values = events.map((e) => (e ? (ENTITY_OF[kind](e) ?? null) : null));
      if (values.some((v) => v !== null) && !frame.fields.some((f) => f.name === kind)) {
        added.push({
          name: kind,
          type: FieldType.string,
          values,
          config: { links: [{ title: `Investigate ${kind} \${__value.raw}`, url: investigateLinkUrl(kind) }] },
        });
      }
    }
    return added.length ? { ...frame, fields: [...frame.fields, ...added] } : frame;
  });
}
