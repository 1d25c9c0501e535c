/** The one registry of test ids, shared by components and browser tests. */
export const testIds = {
  pages: {
    overview: 'data-testid vigil-overview',
    detections: 'data-testid vigil-detections',
    investigate: 'data-testid vigil-investigate',
    auditPolicy: 'data-testid vigil-audit-policy',
    configuration: 'data-testid vigil-configuration',
  },
  datasource: {
    configEditor: 'data-testid vigil-ds-config',
    queryEditor: 'data-testid vigil-ds-query-editor',
    exprInput: 'data-testid vigil-ds-expr',
  },
};
