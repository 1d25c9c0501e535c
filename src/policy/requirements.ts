/**
 * What each audit detection needs the policy to log: which requests, from which identities,
 * at which level and stage. Blind-spot analysis and the suggester read this table.
 *
 * This table is kept by hand, keyed by catalog id, until the detection catalog can describe
 * its own inputs; it should then be derived from the rule definitions (logsource, verbs,
 * resources, and the fields each rule reads) instead of being maintained here.
 */
import type { Level, Stage } from './types';

/** Whose requests a detection looks at (docs/dev/rules.md#audit-event-definitions). */
export type IdentityClass = 'any' | 'human' | 'anonymous';

/** One API resource a detection reads, e.g. pods/exec in the core group. */
export interface ResourceRef {
  group: string;
  resource: string;
  subresource?: string;
  /** Cluster-scoped resources are requested with the empty namespace. */
  clusterScoped?: boolean;
}

/** One kind of request a detection must see. */
export interface EventNeed {
  /** Resources read; undefined means any request, resource or not. */
  resources?: ResourceRef[];
  /** Verbs read; empty means every verb. */
  verbs: string[];
  identities: IdentityClass;
  /** Restricts the namespaces the detection looks at (kube-system workloads). */
  namespaces?: string[];
  /** The lowest level that still carries the fields read. */
  minLevel: Level;
  /** The detection counts the request if any one of these stages is logged. */
  stages: Stage[];
  /** The event fields read, for display. */
  fields: string[];
  /** Non-resource paths the detection ignores (with their sub-paths), e.g. health probes. */
  ignoredPaths?: string[];
}

export interface DetectionRequirement {
  id: string;
  needs: EventNeed[];
}

const WRITES = ['create', 'update', 'patch'];
const COMPLETE: Stage[] = ['ResponseComplete'];
// Connection-upgrading requests count when the session opens (ResponseStarted) or ends.
const UPGRADE: Stage[] = ['ResponseStarted', 'ResponseComplete'];

/** Pods and every pod-template owner: a workload, as docs/dev/rules.md#workloads defines it. */
export const WORKLOAD_RESOURCES: ResourceRef[] = [
  { group: '', resource: 'pods' },
  { group: '', resource: 'replicationcontrollers' },
  { group: 'apps', resource: 'deployments' },
  { group: 'apps', resource: 'daemonsets' },
  { group: 'apps', resource: 'statefulsets' },
  { group: 'apps', resource: 'replicasets' },
  { group: 'batch', resource: 'jobs' },
  { group: 'batch', resource: 'cronjobs' },
];

const SECRETS: ResourceRef[] = [{ group: '', resource: 'secrets' }];
const EXEC: ResourceRef[] = [{ group: '', resource: 'pods', subresource: 'exec' }];
const ATTACH: ResourceRef[] = [{ group: '', resource: 'pods', subresource: 'attach' }];
const RBAC = 'rbac.authorization.k8s.io';

function podSpec(field: string): EventNeed[] {
  return [{ resources: WORKLOAD_RESOURCES, verbs: WRITES, identities: 'any', minLevel: 'Request', stages: COMPLETE, fields: [`requestObject (pod spec: ${field})`, 'objectRef', 'verb'] }];
}

function execNeed(resources: ResourceRef[], identities: IdentityClass, fields: string[]): EventNeed[] {
  return [{ resources, verbs: ['create', 'get'], identities, minLevel: 'Metadata', stages: UPGRADE, fields }];
}

function writeNeed(resources: ResourceRef[], field: string): EventNeed[] {
  return [{ resources, verbs: WRITES, identities: 'any', minLevel: 'Request', stages: COMPLETE, fields: [`requestObject (${field})`, 'objectRef', 'verb'] }];
}

/** The audit detections of the catalog and their needs. */
export const AUDIT_REQUIREMENTS: readonly DetectionRequirement[] = [
  { id: 'k8s-privileged-container', needs: podSpec('securityContext.privileged') },
  { id: 'k8s-host-namespace-pod', needs: podSpec('hostNetwork/hostPID/hostIPC') },
  { id: 'k8s-sensitive-hostpath-mount', needs: podSpec('volumes[].hostPath') },
  { id: 'k8s-capabilities-added', needs: podSpec('securityContext.capabilities.add') },
  { id: 'k8s-crypto-mining-image', needs: podSpec('containers[].image') },
  { id: 'k8s-exec-into-pod', needs: execNeed(EXEC, 'any', ['objectRef', 'verb', 'user', 'responseStatus.code']) },
  { id: 'k8s-attach-to-pod', needs: execNeed(ATTACH, 'any', ['objectRef', 'verb', 'user', 'responseStatus.code']) },
  { id: 'k8s-dangerous-exec-command', needs: execNeed(EXEC, 'any', ['requestURI (command= parameters)', 'responseStatus.code']) },
  {
    id: 'k8s-anonymous-request-allowed',
    needs: [
      {
        verbs: [],
        identities: 'anonymous',
        minLevel: 'Metadata',
        stages: COMPLETE,
        fields: ['user', 'requestURI', 'responseStatus.code'],
        ignoredPaths: ['/healthz', '/livez', '/readyz', '/version'],
      },
    ],
  },
  { id: 'k8s-anonymous-exec', needs: execNeed([...EXEC, ...ATTACH], 'anonymous', ['user', 'objectRef', 'responseStatus.code']) },
  { id: 'k8s-clusterrole-with-exec', needs: writeNeed([{ group: RBAC, resource: 'clusterroles', clusterScoped: true }, { group: RBAC, resource: 'roles' }], 'rules[]') },
  { id: 'k8s-privileged-clusterrole', needs: writeNeed([{ group: RBAC, resource: 'clusterroles', clusterScoped: true }], 'rules[]') },
  { id: 'k8s-cluster-admin-binding', needs: writeNeed([{ group: RBAC, resource: 'clusterrolebindings', clusterScoped: true }, { group: RBAC, resource: 'rolebindings' }], 'roleRef') },
  { id: 'k8s-service-exposed', needs: writeNeed([{ group: '', resource: 'services' }], 'spec.type') },
  {
    id: 'k8s-secret-read',
    needs: [{ resources: SECRETS, verbs: ['get', 'list', 'watch'], identities: 'human', minLevel: 'Metadata', stages: COMPLETE, fields: ['objectRef', 'verb', 'user', 'responseStatus.code'] }],
  },
  {
    id: 'k8s-secret-access-forbidden',
    needs: [
      {
        resources: SECRETS,
        verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'],
        identities: 'any',
        minLevel: 'Metadata',
        stages: COMPLETE,
        fields: ['objectRef', 'responseStatus.code'],
      },
    ],
  },
  {
    id: 'k8s-secret-modified',
    needs: [{ resources: SECRETS, verbs: ['update', 'patch', 'delete'], identities: 'human', minLevel: 'Metadata', stages: COMPLETE, fields: ['objectRef', 'verb', 'user'] }],
  },
  {
    id: 'k8s-kube-namespace-workload',
    needs: [{ resources: WORKLOAD_RESOURCES, verbs: ['create'], identities: 'human', namespaces: ['kube-system', 'kube-public'], minLevel: 'Metadata', stages: COMPLETE, fields: ['objectRef.namespace', 'verb', 'user'] }],
  },
  { id: 'k8s-configmap-credentials', needs: writeNeed([{ group: '', resource: 'configmaps' }], 'data keys and values') },
];
