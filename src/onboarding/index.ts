/**
 * Onboarding content: per source, why it matters and copyable snippets for the common
 * setups; plus the shipper configs. Pure data and small helpers, shared by the
 * Configuration page, the generated docs and the snippet tests.
 */
import type { SourceId } from '../sources/types';
import { AUDIT_GUIDE } from './audit';
import { COREDNS_GUIDE } from './coredns';
import { FALCO_GUIDE } from './falco';
import { NETFILTER_GUIDE } from './netfilter';
import { SHIPPERS_GUIDE } from './shippers';
import type { Guide, Snippet } from './types';

export type * from './types';
export { AUDIT_POLICY_PATH, AUDIT_LOG_DIR } from './audit';

/** The guide of each source. */
export const SOURCE_GUIDES: Record<SourceId, Guide> = {
  audit: AUDIT_GUIDE,
  coredns: COREDNS_GUIDE,
  netfilter: NETFILTER_GUIDE,
  falco: FALCO_GUIDE,
};

export { SHIPPERS_GUIDE };

/** Every guide, sources first, in the order the docs list them. */
export const ALL_GUIDES: Guide[] = [AUDIT_GUIDE, COREDNS_GUIDE, NETFILTER_GUIDE, FALCO_GUIDE, SHIPPERS_GUIDE];

/** Every snippet of every guide, with the guide it belongs to. */
export function allSnippets(): Array<Snippet & { guide: Guide['id'] }> {
  return ALL_GUIDES.flatMap((g) => g.sections.flatMap((s) => s.snippets.map((sn) => ({ ...sn, guide: g.id }))));
}

/** Shipper snippets that label one source's streams, with the labels they set. */
export function shippersFor(source: SourceId): Array<{ snippet: Snippet; labels: Record<string, string> }> {
  return allSnippets().flatMap((s) => (s.produces?.[source] ? [{ snippet: s, labels: s.produces[source]! }] : []));
}

/** The LogQL selector a shipper's labels give, e.g. `{job="auditlog"}`, for the page's hints. */
export function selectorOf(labels: Record<string, string>): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return `{${parts.join(', ')}}`;
}
