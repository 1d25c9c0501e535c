/**
 * Falco names the same thing several ways: `output_fields` keys are Falco field names
 * (`k8s.ns.name`), recent rule outputs write `k8s_ns_name=`, older ones `k8s.ns=`. This maps
 * all of them onto the shared entity vocabulary.
 */
import type { FieldValue } from '../types';

/** Candidate keys per entity field, most specific first. */
const ENTITY_KEYS: Array<[string, string[]]> = [
  ['entity.namespace', ['k8s.ns.name', 'k8s_ns_name', 'k8s.ns', 'k8s_ns']],
  ['entity.pod', ['k8s.pod.name', 'k8s_pod_name', 'k8s.pod', 'k8s_pod']],
  ['entity.user', ['user.name', 'user_name', 'user']],
  ['entity.container', ['container.name', 'container_name', 'container.id', 'container_id', 'container']],
  ['entity.process', ['proc.name', 'proc_name', 'process']],
  ['entity.ip', ['fd.cip', 'fd_cip', 'fd.rip', 'fd_rip']],
  ['entity.peer', ['fd.sip', 'fd_sip']],
  ['entity.domain', ['fd.sip.name', 'fd_sip_name']],
];

const IMAGE_KEYS: Array<[string, string]> = [
  ['container.image.repository', 'container.image.tag'],
  ['container_image_repository', 'container_image_tag'],
  ['container_image', 'container_image_tag'],
  ['container.image', ''],
  ['image', ''],
];

function text(v: FieldValue | undefined): string | undefined {
  if (typeof v === 'number') {
    return String(v);
  }
  return typeof v === 'string' && v !== '' && v !== '<NA>' ? v : undefined;
}

/** Sets `entity.*` from the first source (output_fields, then output text pairs) naming it. */
export function falcoEntities(sources: Array<Record<string, FieldValue>>, out: Record<string, FieldValue>): void {
  for (const [entity, keys] of ENTITY_KEYS) {
    for (const src of sources) {
      const hit = keys.map((k) => text(src[k])).find((v) => v !== undefined);
      if (hit !== undefined) {
        out[entity] = hit;
        break;
      }
    }
  }
  for (const src of sources) {
    const hit = IMAGE_KEYS.find(([repo]) => text(src[repo]) !== undefined);
    if (hit) {
      const tag = hit[1] ? text(src[hit[1]]) : undefined;
      out['entity.image'] = tag ? `${text(src[hit[0]])}:${tag}` : (text(src[hit[0]]) as string);
      break;
    }
  }
}
