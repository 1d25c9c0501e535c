/**
 * Field catalog of Falco JSON events. `output_fields` keys are Falco field names with dots
 * (`k8s.ns.name`), so the LogQL json path uses the bracket form and VictoriaLogs stores them
 * as `output_fields.k8s.ns.name`.
 */
import { derived, entityAlias, jsonField, regexpField, unpackJson } from '../catalog';
import type { FieldSpec } from '../types';

/** An `output_fields.<falco field>` catalog entry. */
function outputField(key: string, type: FieldSpec['type'], description: string): FieldSpec {
  return jsonField(`output_fields.${key}`, type, description, { path: ['output_fields', key] });
}

const ns = outputField('k8s.ns.name', 'string', 'Kubernetes namespace of the container.');
const pod = outputField('k8s.pod.name', 'string', 'Kubernetes pod name.');
const user = outputField('user.name', 'string', 'OS user of the process.');
const container = outputField('container.name', 'string', 'Container name.');
const image = outputField(
  'container.image.repository',
  'string',
  'Container image repository (tag in container.image.tag).'
);
const proc = outputField('proc.name', 'string', 'Process name.');
const hostname = jsonField('hostname', 'string', 'Host (node) Falco runs on.');
const cip = outputField('fd.cip', 'string', 'Client address of the connection.');
const sip = outputField('fd.sip', 'string', 'Server address of the connection.');
const sipName = outputField('fd.sip.name', 'string', 'Domain resolved for the server address.');

/** Every Falco field, in display order. */
export const FALCO_FIELDS: FieldSpec[] = [
  jsonField('rule', 'string', 'Name of the Falco rule that fired (e.g. `Terminal shell in container`).'),
  {
    ...jsonField(
      'priority',
      'string',
      'Emergency, Alert, Critical, Error, Warning, Notice, Informational or Debug. Compare by name, not by number.'
    ),
    logql: {
      stage: '| json priority="priority"',
      name: 'priority',
      lineFilter: '|~ "(?i)\\"priority\\":\\"{value}\\""',
    },
  },
  derived({
    ...jsonField(
      'priority.severity',
      'number',
      'Syslog severity of the priority: 0 Emergency … 7 Debug (lower is worse).'
    ),
    logql: { stage: '| json priority="priority"', name: 'priority' },
    logsql: { stage: unpackJson('priority'), name: 'priority' },
  }),
  jsonField('source', 'string', 'Event source: syscall, k8s_audit, aws_cloudtrail…'),
  hostname,
  jsonField('tags', 'list', 'Rule tags (container, shell, mitre_execution…).'),
  jsonField('time', 'time', 'Event time, RFC 3339 with nanoseconds.'),
  jsonField(
    'output',
    'string',
    'Formatted alert text: `<time>: <Priority> Message | k=v …` or older `Message (k=v …)`.'
  ),
  derived(
    regexpField(
      'message',
      'string',
      'The output text without its time/priority head and key=value tail.',
      '"output":"[0-9:.]+: [A-Za-z]+ (?P<>[^|(]*?) ?[|(]'
    )
  ),
  ns,
  pod,
  outputField('k8s.pod.labels', 'string', 'Pod labels as Falco prints them.'),
  container,
  outputField('container.id', 'string', 'Container id (12 hex characters).'),
  image,
  outputField('container.image.tag', 'string', 'Container image tag.'),
  user,
  outputField('user.loginuid', 'number', 'Login uid (-1 when none).'),
  proc,
  outputField('proc.cmdline', 'string', 'Command line.'),
  outputField('proc.exepath', 'string', 'Executable path.'),
  outputField('proc.pname', 'string', 'Parent process name.'),
  outputField('proc.tty', 'number', 'Controlling terminal (0 when none).'),
  outputField('fd.name', 'string', 'File or connection name (`10.0.0.1:4000->1.2.3.4:3333`).'),
  cip,
  sip,
  outputField('fd.sport', 'number', 'Server port.'),
  sipName,
  outputField('evt.type', 'string', 'System call (execve, openat, connect…).'),
  outputField('evt.time', 'string', 'Event time in epoch nanoseconds (kept as text: it exceeds a double).'),
  entityAlias('entity.namespace', ns, 'Also read from `k8s_ns_name=` / `k8s.ns=` in the output text.'),
  entityAlias('entity.pod', pod, 'Also read from `k8s_pod_name=` / `k8s.pod=` in the output text.'),
  entityAlias('entity.user', user, 'Also read from `user=` in the output text.'),
  entityAlias('entity.container', container, 'Falls back to container.id.'),
  entityAlias('entity.image', image, 'With `:tag` appended when container.image.tag is set.'),
  entityAlias('entity.process', proc),
  entityAlias('entity.node', hostname),
  entityAlias('entity.ip', cip),
  entityAlias('entity.peer', sip),
  entityAlias('entity.domain', sipName),
];
