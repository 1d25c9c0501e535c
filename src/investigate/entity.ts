/**
 * The things a responder investigates. An entity is written `kind:value` in URLs and
 * pivots (`pod:shop/frontend-1`, `user:system:serviceaccount:ci:deployer`): the kind ends at
 * the first colon, so values may hold colons themselves.
 */
export const ENTITY_KINDS = ['user', 'pod', 'namespace', 'node', 'ip', 'domain', 'image', 'rule'] as const;

export type EntityKind = (typeof ENTITY_KINDS)[number];

export interface Entity {
  kind: EntityKind;
  /** `namespace/name` for pods, the rule id for rules, the plain value otherwise. */
  value: string;
  /** Rule entities only: the firing keys of an alert (rule field → value). */
  keys?: Record<string, string>;
}

export const ENTITY_LABELS: Record<EntityKind, string> = {
  user: 'User or service account',
  pod: 'Pod (namespace/name)',
  namespace: 'Namespace',
  node: 'Node',
  ip: 'IP address',
  domain: 'Domain',
  image: 'Container image',
  rule: 'Vigil rule firing',
};

/** The entity as `kind:value` (keys are not part of it; the URL carries them apart). */
export function formatEntity(e: Pick<Entity, 'kind' | 'value'>): string {
  return `${e.kind}:${e.value}`;
}

const isKind = (k: string): k is EntityKind => (ENTITY_KINDS as readonly string[]).includes(k);

/** Reads `kind:value`; the error says what is wrong so the page can show it. */
export function parseEntity(text: string): Entity | Error {
  const at = text.indexOf(':');
  if (at <= 0) {
    return new Error(`"${text}" is not an entity: write kind:value, e.g. pod:shop/frontend-1 (kinds: ${ENTITY_KINDS.join(', ')})`);
  }
  const kind = text.slice(0, at).trim();
  const value = text.slice(at + 1).trim();
  if (!isKind(kind)) {
    return new Error(`unknown entity kind "${kind}" (use ${ENTITY_KINDS.join(', ')})`);
  }
  if (value === '') {
    return new Error(`the ${kind} entity has no value`);
  }
  if (kind === 'pod' && !/^[^/]+\/[^/]+$/.test(value)) {
    return new Error(`a pod is written namespace/name, got "${value}"`);
  }
  return { kind, value };
}

/** Namespace and name of a pod entity's value. */
export function podParts(value: string): { namespace: string; name: string } {
  const slash = value.indexOf('/');
  return { namespace: value.slice(0, slash), name: value.slice(slash + 1) };
}

export function sameEntity(a: Entity | undefined, b: Entity | undefined): boolean {
  return !!a && !!b && a.kind === b.kind && a.value === b.value;
}
