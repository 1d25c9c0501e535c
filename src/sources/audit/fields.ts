/**
 * Field catalog of Kubernetes audit events: every field a user can filter, group or show,
 * with its cheapest LogQL / LogsQL extraction (see ../catalog.ts).
 */
import { derived, entityAlias, jsonField, labelName, unpackJson } from '../catalog';
import type { FieldSpec } from '../types';

const f = jsonField;

const verb = f(
  'verb',
  'string',
  'API verb: get, list, watch, create, update, patch, delete, deletecollection (exec/attach: create or get).'
);
const username = f(
  'user.username',
  'string',
  'Authenticated user name (`system:serviceaccount:<ns>:<sa>` for service accounts).'
);
const sourceIPs = f('sourceIPs', 'list', 'Client addresses, nearest proxy last; the first is the originating client.');
const namespace = f('objectRef.namespace', 'string', 'Namespace of the object; absent for cluster-scoped objects.');
const objectName = f('objectRef.name', 'string', 'Object name (absent on list/create without a name).');

/**
 * The LogsQL form of a LogQL line filter on the raw JSON line: `|~ "re"` becomes a regex on
 * `_msg`, `|= "text"` a phrase filter (the quoted texts here start and end at word edges).
 */
function onMsg(logqlFilter: string): string {
  return logqlFilter.startsWith('|~ ') ? `_msg:~${logqlFilter.slice(3)}` : logqlFilter.slice(3);
}

/**
 * `pod.*` fields summarise the pod spec of a Pod or workload body. Containers sit in arrays,
 * which `| json` cannot walk, so the query side uses a line filter on the raw JSON (the same
 * one in LogQL and LogsQL).
 */
function podSummary(): FieldSpec[] {
  const onBody = (
    name: string,
    type: 'boolean' | 'list' | 'string',
    description: string,
    lineFilter: string
  ): FieldSpec =>
    derived({
      name,
      type,
      description: `${description} Derived from requestObject (Request level or above).`,
      logql: { stage: '', name: labelName(name), lineFilter },
      logsql: { stage: '', name, lineFilter: onMsg(lineFilter) },
      ...(type === 'list' ? { listMatch: 'Line filter on the quoted value inside the request body.' } : {}),
    });
  const images = onBody(
    'pod.images',
    'list',
    'Images of all containers (init and ephemeral included).',
    '|~ "\\"image\\":\\\\s*\\"{value}\\""'
  );
  return [
    images,
    onBody(
      'pod.privileged',
      'boolean',
      'Some container sets securityContext.privileged: true.',
      '|~ "\\"privileged\\":\\\\s*true"'
    ),
    onBody('pod.hostNetwork', 'boolean', 'The pod sets hostNetwork: true.', '|~ "\\"hostNetwork\\":\\\\s*true"'),
    onBody('pod.hostPID', 'boolean', 'The pod sets hostPID: true.', '|~ "\\"hostPID\\":\\\\s*true"'),
    onBody('pod.hostIPC', 'boolean', 'The pod sets hostIPC: true.', '|~ "\\"hostIPC\\":\\\\s*true"'),
    onBody(
      'pod.hostPaths',
      'list',
      'hostPath volume paths.',
      '|~ "\\"hostPath\\":\\\\s*\\\\{\\"path\\":\\\\s*\\"{value}\\""'
    ),
    onBody('pod.capabilities', 'list', 'Capabilities added by any container.', '|= "\\"{value}\\""'),
    onBody(
      'pod.serviceAccountName',
      'string',
      'Service account of the pod.',
      '|~ "\\"serviceAccountName\\":\\\\s*\\"{value}\\""'
    ),
    entityAlias('entity.image', { ...images, type: 'string' }, 'First container.'),
  ];
}

/** Every audit field, in display order. */
export const AUDIT_FIELDS: FieldSpec[] = [
  verb,
  username,
  f('user.groups', 'list', 'Groups of the user (system:masters, system:authenticated, system:unauthenticated…).'),
  f('user.uid', 'string', 'User UID as the authenticator reported it.'),
  f('impersonatedUser.username', 'string', 'User impersonated through `Impersonate-User`, if any.'),
  f('impersonatedUser.groups', 'list', 'Groups impersonated, if any.'),
  sourceIPs,
  f('userAgent', 'string', 'Client user agent (kubectl/v1.31…).'),
  f('objectRef.resource', 'string', 'Resource (pods, secrets, clusterrolebindings…).'),
  f('objectRef.subresource', 'string', 'Subresource (exec, attach, portforward, log, status…).'),
  namespace,
  objectName,
  f('objectRef.apiGroup', 'string', 'API group; empty for the core group.'),
  f('objectRef.apiVersion', 'string', 'API version of the request path.'),
  f('objectRef.uid', 'string', 'Object UID, when known.'),
  f('objectRef.resourceVersion', 'string', 'Object resourceVersion, when known.'),
  f(
    'responseStatus.code',
    'number',
    'HTTP status returned (101 for an upgraded exec session, 403 denied…); absent at RequestReceived.'
  ),
  f('responseStatus.status', 'string', '`Success` or `Failure` when the API server filled it.'),
  f('responseStatus.reason', 'string', 'Failure reason (Forbidden, NotFound…).'),
  f('responseStatus.message', 'string', 'Failure message.'),
  f('stage', 'string', 'RequestReceived, ResponseStarted, ResponseComplete or Panic.'),
  f('level', 'string', 'Metadata, Request or RequestResponse: only Request and above carry requestObject.'),
  f('auditID', 'string', 'Request id, shared by the stages of one request.'),
  f('requestURI', 'string', 'Request path and query string as sent.'),
  f('requestReceivedTimestamp', 'time', 'When the request arrived (RFC 3339, microseconds).'),
  f('stageTimestamp', 'time', 'When this stage was logged; the event time.'),
  f('annotations.authorization.k8s.io/decision', 'string', 'Authorizer decision: allow or forbid.', {
    path: ['annotations', 'authorization.k8s.io/decision'],
  }),
  f('annotations.authorization.k8s.io/reason', 'string', 'Why the authorizer decided (RBAC binding that allowed it).', {
    path: ['annotations', 'authorization.k8s.io/reason'],
  }),
  f(
    'annotations.pod-security.kubernetes.io/enforce-policy',
    'string',
    'Pod Security admission level applied, e.g. `restricted:latest`.',
    {
      path: ['annotations', 'pod-security.kubernetes.io/enforce-policy'],
    }
  ),
  f(
    'annotations.pod-security.kubernetes.io/audit-violations',
    'string',
    'Pod Security violations found in audit mode.',
    {
      path: ['annotations', 'pod-security.kubernetes.io/audit-violations'],
    }
  ),
  {
    ...derived(
      f(
        'exec.command',
        'list',
        'Exec command words, decoded from the repeated URL-encoded `command=` parameters of requestURI.'
      )
    ),
    logql: {
      stage: '| json requestURI="requestURI"',
      name: 'requestURI',
      lineFilter: '|= "command={value}"',
      valueEncoding: 'url',
    },
    logsql: {
      stage: unpackJson('requestURI'),
      name: 'requestURI',
      lineFilter: '_msg:~"command={value}"',
      valueEncoding: 'url',
    },
    listMatch: 'Match one URL-encoded word as `command=<word>` in requestURI (`&` or end after it).',
  },
  {
    ...derived(f('exec.container', 'string', 'Container named by the exec/attach `container=` parameter.')),
    logql: {
      stage: '| json requestURI="requestURI"',
      name: 'requestURI',
      lineFilter: '|= "container={value}"',
      valueEncoding: 'url',
    },
    logsql: {
      stage: unpackJson('requestURI'),
      name: 'requestURI',
      lineFilter: '_msg:~"container={value}"',
      valueEncoding: 'url',
    },
  },
  f(
    'requestObject.kind',
    'string',
    'Kind of the request body (Pod, Deployment, ClusterRoleBinding…); Request level and above.'
  ),
  derived(
    f('binding.role', 'string', 'roleRef.name of a RoleBinding/ClusterRoleBinding request body.', {
      path: ['requestObject', 'roleRef', 'name'],
      vlField: 'requestObject.roleRef.name',
    })
  ),
  derived(
    f('service.type', 'string', 'spec.type of a Service request body (NodePort, LoadBalancer…).', {
      path: ['requestObject', 'spec', 'type'],
      vlField: 'requestObject.spec.type',
    })
  ),
  ...podSummary(),
  entityAlias('entity.user', username),
  entityAlias('entity.namespace', namespace),
  entityAlias('entity.pod', objectName, 'Only when objectRef.resource is pods.'),
  entityAlias('entity.ip', sourceIPs, 'The first address.'),
];
