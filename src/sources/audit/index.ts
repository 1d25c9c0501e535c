/** Kubernetes API audit log source. */
export { parseAudit, auditFields } from './parser';
export { AUDIT_FIELDS } from './fields';
export { podSpecOf } from './derived';
