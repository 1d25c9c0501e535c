/**
 * Kubernetes objects as they appear in audit `requestObject`s: workloads with the security
 * settings the detections read, RBAC objects, services and configmaps.
 */

export interface ContainerOpts {
  privileged?: boolean;
  capAdd?: string[];
  /** hostPath volumes to mount: [volume name, host path, mount path]. */
  hostPaths?: Array<[string, string, string]>;
  command?: string[];
}

export interface PodSpecOpts extends ContainerOpts {
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
}

export function podSpec(container: string, image: string, o: PodSpecOpts = {}): Record<string, unknown> {
  const securityContext: Record<string, unknown> = o.privileged
    ? { privileged: true }
    : { allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ['ALL'], ...(o.capAdd ? { add: o.capAdd } : {}) } };
  if (o.capAdd && o.privileged) {
    securityContext.capabilities = { add: o.capAdd };
  }
  const c: Record<string, unknown> = {
    name: container,
    image,
    ports: [{ containerPort: 8080, protocol: 'TCP' }],
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
    securityContext,
    volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }, ...(o.hostPaths ?? []).map(([name, , mountPath]) => ({ name, mountPath }))],
  };
  if (o.command) {
    c.command = o.command;
  }
  const spec: Record<string, unknown> = {
    containers: [c],
    volumes: [{ name: 'tmp', emptyDir: {} }, ...(o.hostPaths ?? []).map(([name, path]) => ({ name, hostPath: { path, type: '' } }))],
    restartPolicy: 'Always',
    serviceAccountName: 'default',
  };
  if (o.hostNetwork) {
    spec.hostNetwork = true;
  }
  if (o.hostPID) {
    spec.hostPID = true;
  }
  if (o.hostIPC) {
    spec.hostIPC = true;
  }
  return spec;
}

export function deploymentObject(namespace: string, name: string, image: string, replicas: number, o: PodSpecOpts = {}): Record<string, unknown> {
  const labels = { app: name };
  return {
    kind: 'Deployment',
    apiVersion: 'apps/v1',
    metadata: { name, namespace, labels },
    spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: podSpec(name.split('-')[0], image, o) } },
  };
}

export function podObject(namespace: string, name: string, container: string, image: string, o: PodSpecOpts = {}): Record<string, unknown> {
  return { kind: 'Pod', apiVersion: 'v1', metadata: { name, namespace, labels: { app: container } }, spec: podSpec(container, image, o) };
}

export function serviceObject(namespace: string, name: string, type: 'ClusterIP' | 'NodePort' | 'LoadBalancer', port: number): Record<string, unknown> {
  const p: Record<string, unknown> = { name: 'http', port, targetPort: 8080, protocol: 'TCP' };
  if (type === 'NodePort') {
    p.nodePort = 31080;
  }
  return { kind: 'Service', apiVersion: 'v1', metadata: { name, namespace }, spec: { type, selector: { app: name }, ports: [p] } };
}

export function configMapObject(namespace: string, name: string, data: Record<string, string>): Record<string, unknown> {
  return { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name, namespace }, data };
}

export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

export function clusterRoleObject(name: string, rules: PolicyRule[]): Record<string, unknown> {
  return { kind: 'ClusterRole', apiVersion: 'rbac.authorization.k8s.io/v1', metadata: { name }, rules };
}

export function clusterRoleBindingObject(name: string, role: string, subject: { kind: string; name: string; namespace?: string }): Record<string, unknown> {
  return {
    kind: 'ClusterRoleBinding',
    apiVersion: 'rbac.authorization.k8s.io/v1',
    metadata: { name },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    subjects: [{ ...subject, ...(subject.kind === 'ServiceAccount' ? {} : { apiGroup: 'rbac.authorization.k8s.io' }) }],
  };
}

export function cronJobObject(namespace: string, name: string, schedule: string, image: string, command: string[]): Record<string, unknown> {
  const container = { name, image, command, resources: {}, imagePullPolicy: 'IfNotPresent' };
  return {
    kind: 'CronJob',
    apiVersion: 'batch/v1',
    metadata: { name, namespace },
    spec: { schedule, concurrencyPolicy: 'Forbid', jobTemplate: { spec: { template: { spec: { containers: [container], restartPolicy: 'OnFailure' } } } } },
  };
}

export function ingressObject(namespace: string, name: string, host: string, service: string, port: number): Record<string, unknown> {
  const backend = { service: { name: service, port: { number: port } } };
  return {
    kind: 'Ingress',
    apiVersion: 'networking.k8s.io/v1',
    metadata: { name, namespace },
    spec: { ingressClassName: 'nginx', rules: [{ host, http: { paths: [{ path: '/', pathType: 'Prefix', backend }] } }] },
  };
}

/** A client-certificate request; `request` is the base64 PEM CSR. */
export function csrObject(name: string, request: string, signerName = 'kubernetes.io/kube-apiserver-client', usages = ['client auth']): Record<string, unknown> {
  return { kind: 'CertificateSigningRequest', apiVersion: 'certificates.k8s.io/v1', metadata: { name }, spec: { request, signerName, expirationSeconds: 31_536_000, usages } };
}
