/** Kubernetes API audit log source. */
export { parseAudit, auditFields, splitEventList } from './parser';
export { AUDIT_FIELDS } from './fields';
export { podSpecOf } from './derived';
