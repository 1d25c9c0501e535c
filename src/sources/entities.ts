/**
 * The entity vocabulary every source writes besides its own fields, so a drill-down can
 * pivot from one source to another with a single name (a pod seen by Falco → its audit
 * events → its DNS queries). Each parser sets the subset its format knows.
 */
export const ENTITY_FIELDS = {
  'entity.user': 'Who acted: the Kubernetes user (audit) or the OS user of the process (Falco).',
  'entity.namespace': 'Kubernetes namespace of the object or workload.',
  'entity.pod': 'Pod name: the audited pod (audit objectRef when the resource is pods) or the pod Falco saw.',
  'entity.node':
    'Node name: syslog/journald host (netfilter), Falco hostname, a kubelet user `system:node:<n>` or a nodes object (audit).',
  'entity.ip': 'The acting address: audit sourceIPs[0], DNS client, packet source, Falco connection client.',
  'entity.peer': 'The address acted upon: packet destination, Falco connection server.',
  'entity.domain': 'A DNS name without its trailing dot (CoreDNS query, Falco fd.sip.name).',
  'entity.image': 'Container image: first container of a pod spec in the audit request, Falco container image.',
  'entity.container': 'Container name or id (Falco; audit exec `container=` parameter).',
  'entity.process': 'Process name or command (Falco proc.name; audit exec command joined).',
} as const;

/** One of the common entity field names. */
export type EntityField = keyof typeof ENTITY_FIELDS;

export const ENTITY_FIELD_NAMES = Object.keys(ENTITY_FIELDS) as EntityField[];
