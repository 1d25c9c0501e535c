/**
 * Bundled audit policies a user can start from or compare against. Each is plain YAML so
 * the page shows exactly what would be deployed; tests parse every one.
 */

export interface PolicyTemplate {
  id: 'kubernetes-example' | 'gke-style' | 'metadata-everything' | 'request-response-everything' | 'vigil-recommended';
  title: string;
  description: string;
  yaml: string;
}

const KUBERNETES_EXAMPLE = `# In the style of the example in the Kubernetes "Auditing" documentation.
apiVersion: audit.k8s.io/v1
kind: Policy
omitStages:
  - RequestReceived
rules:
  # Pod changes with full bodies. "pods" does not cover pod subresources.
  - level: RequestResponse
    resources:
      - group: ""
        resources: ["pods"]
  # Pod logs and status at Metadata.
  - level: Metadata
    resources:
      - group: ""
        resources: ["pods/log", "pods/status"]
  # Skip the leader-election configmap.
  - level: None
    resources:
      - group: ""
        resources: ["configmaps"]
        resourceNames: ["controller-leader"]
  # Skip kube-proxy's watches of endpoints and services.
  - level: None
    users: ["system:kube-proxy"]
    verbs: ["watch"]
    resources:
      - group: ""
        resources: ["endpoints", "services"]
  # Skip authenticated discovery and version requests.
  - level: None
    userGroups: ["system:authenticated"]
    nonResourceURLs:
      - "/api*"
      - "/version"
  # Configmap bodies in kube-system.
  - level: Request
    resources:
      - group: ""
        resources: ["configmaps"]
    namespaces: ["kube-system"]
  # Secrets and other configmaps at Metadata.
  - level: Metadata
    resources:
      - group: ""
        resources: ["secrets", "configmaps"]
  # Request bodies for the rest of the core and extensions groups.
  - level: Request
    resources:
      - group: ""
      - group: "extensions"
  # Everything else at Metadata.
  - level: Metadata
    omitStages:
      - RequestReceived
`;

const GKE_STYLE = `# In the style of the policy managed Kubernetes services such as GKE deploy: drop system
# noise, Metadata for sensitive kinds, Request for reads and RequestResponse for writes of
# the built-in API groups.
apiVersion: audit.k8s.io/v1
kind: Policy
omitStages:
  - RequestReceived
rules:
  - level: None
    users: ["system:kube-proxy"]
    verbs: ["watch"]
    resources:
      - group: ""
        resources: ["endpoints", "services", "services/status"]
  - level: None
    userGroups: ["system:nodes"]
    verbs: ["get"]
    resources:
      - group: ""
        resources: ["nodes", "nodes/status"]
  - level: None
    users:
      - "system:kube-controller-manager"
      - "system:kube-scheduler"
      - "system:serviceaccount:kube-system:endpoint-controller"
    verbs: ["get", "update"]
    namespaces: ["kube-system"]
    resources:
      - group: ""
        resources: ["endpoints"]
  - level: None
    users: ["system:apiserver"]
    verbs: ["get"]
    resources:
      - group: ""
        resources: ["namespaces", "namespaces/status", "namespaces/finalize"]
  - level: None
    nonResourceURLs:
      - "/healthz*"
      - "/version"
      - "/swagger*"
  - level: None
    resources:
      - group: ""
        resources: ["events"]
  - level: Request
    users: ["kubelet", "system:node-problem-detector", "system:serviceaccount:kube-system:node-problem-detector"]
    verbs: ["update", "patch"]
    resources:
      - group: ""
        resources: ["nodes/status", "pods/status"]
  - level: Request
    userGroups: ["system:nodes"]
    verbs: ["update", "patch"]
    resources:
      - group: ""
        resources: ["nodes/status", "pods/status"]
  - level: Request
    users: ["system:serviceaccount:kube-system:namespace-controller"]
    verbs: ["deletecollection"]
  # Secrets, configmaps and token reviews can hold credentials: never their bodies.
  - level: Metadata
    resources:
      - group: ""
        resources: ["secrets", "configmaps", "serviceaccounts/token"]
      - group: "authentication.k8s.io"
        resources: ["tokenreviews"]
  - level: Request
    verbs: ["get", "list", "watch"]
    resources: &known
      - group: ""
      - group: "admissionregistration.k8s.io"
      - group: "apiextensions.k8s.io"
      - group: "apiregistration.k8s.io"
      - group: "apps"
      - group: "authentication.k8s.io"
      - group: "authorization.k8s.io"
      - group: "autoscaling"
      - group: "batch"
      - group: "certificates.k8s.io"
      - group: "coordination.k8s.io"
      - group: "discovery.k8s.io"
      - group: "networking.k8s.io"
      - group: "policy"
      - group: "rbac.authorization.k8s.io"
      - group: "scheduling.k8s.io"
      - group: "storage.k8s.io"
  - level: RequestResponse
    resources: *known
  - level: Metadata
`;

const METADATA_EVERYTHING = `# Every request at Metadata: who did what to which object, never a body.
apiVersion: audit.k8s.io/v1
kind: Policy
omitStages:
  - RequestReceived
rules:
  - level: Metadata
`;

const REQUEST_RESPONSE_EVERYTHING = `# Every request with its request and response bodies, at every stage: the most verbose
# (and most expensive) policy possible.
apiVersion: audit.k8s.io/v1
kind: Policy
rules:
  - level: RequestResponse
`;

const VIGIL_RECOMMENDED = `# Vigil's recommended policy: every catalog detection keeps its data, routine system
# traffic is dropped, and no secret body is ever written.
apiVersion: audit.k8s.io/v1
kind: Policy
omitStages:
  - RequestReceived
omitManagedFields: true
rules:
  # Health and version probes (exact paths and sub-paths, as the anonymous-request rule
  # exempts them): dropped for everyone.
  - level: None
    nonResourceURLs: ["/healthz", "/healthz/*", "/livez", "/livez/*", "/readyz", "/readyz/*", "/version", "/version/*"]
  # Secrets, every verb and identity, at Metadata only: secret reads, changes and 403s are
  # detected from who/what/verb/code; a body would leak the secret into the logs.
  - level: Metadata
    omitStages: ["ResponseStarted"]
    resources:
      - group: ""
        resources: ["secrets"]
  # Exec, attach and port-forward at Metadata: the command is in the request URI. Keep
  # ResponseStarted so a session is seen when it opens, not when it ends.
  - level: Metadata
    resources:
      - group: ""
        resources: ["pods/exec", "pods/attach", "pods/portforward"]
  # Workload writes with the request body: the pod-spec detections read it.
  - level: Request
    verbs: ["create", "update", "patch"]
    resources:
      - group: ""
        resources: ["pods", "replicationcontrollers"]
      - group: "apps"
        resources: ["deployments", "daemonsets", "statefulsets", "replicasets"]
      - group: "batch"
        resources: ["jobs", "cronjobs"]
  # RBAC, Service and ConfigMap writes with the request body.
  - level: Request
    verbs: ["create", "update", "patch"]
    resources:
      - group: "rbac.authorization.k8s.io"
        resources: ["roles", "clusterroles", "rolebindings", "clusterrolebindings"]
      - group: ""
        resources: ["services", "configmaps"]
  # Anything else anonymous (writes are above at Request), before the rules that drop noise.
  - level: Metadata
    userGroups: ["system:unauthenticated"]
  - level: Metadata
    users: ["system:anonymous"]
  # Routine system traffic no detection reads: leases, events, status heartbeats.
  - level: None
    resources:
      - group: "coordination.k8s.io"
        resources: ["leases"]
      - group: ""
        resources: ["events", "pods/status", "nodes/status"]
      - group: "events.k8s.io"
        resources: ["events"]
  # Reads and watches by nodes, control-plane components and kube-system controllers.
  - level: None
    verbs: ["get", "list", "watch"]
    userGroups: ["system:nodes", "system:serviceaccounts:kube-system"]
  - level: None
    verbs: ["get", "list", "watch"]
    users: ["system:kube-controller-manager", "system:kube-scheduler", "system:kube-proxy", "system:apiserver"]
  # Authenticated API discovery and metrics scrapes.
  - level: None
    userGroups: ["system:authenticated"]
    nonResourceURLs: ["/api", "/api/*", "/apis", "/apis/*", "/openapi/*", "/metrics"]
  # Everything else at Metadata, for investigations.
  - level: Metadata
    omitStages: ["ResponseStarted"]
`;

/** The bundled templates, in the order the page lists them. */
export const POLICY_TEMPLATES: readonly PolicyTemplate[] = [
  { id: 'vigil-recommended', title: "Vigil's recommended policy", description: 'Keeps every catalog detection working at low volume.', yaml: VIGIL_RECOMMENDED },
  { id: 'kubernetes-example', title: 'Kubernetes documentation example', description: 'The structure of the example policy in the Kubernetes auditing documentation.', yaml: KUBERNETES_EXAMPLE },
  { id: 'gke-style', title: 'GKE-style policy', description: 'System noise dropped, Metadata for sensitive kinds, bodies for built-in API groups.', yaml: GKE_STYLE },
  { id: 'metadata-everything', title: 'Metadata for everything', description: 'Cheap, but no request bodies: pod-spec detections go blind.', yaml: METADATA_EVERYTHING },
  { id: 'request-response-everything', title: 'RequestResponse for everything', description: 'Every body at every stage: the most expensive policy.', yaml: REQUEST_RESPONSE_EVERYTHING },
];

/** A template by id; throws on an unknown id (a programming error, not user input). */
export function templateById(id: PolicyTemplate['id']): PolicyTemplate {
  const t = POLICY_TEMPLATES.find((x) => x.id === id);
  if (!t) {
    throw new Error(`unknown policy template "${id}"`);
  }
  return t;
}
