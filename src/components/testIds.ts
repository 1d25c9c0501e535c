/** The one registry of test ids, shared by components and browser tests. */
export const testIds = {
  pages: {
    overview: 'data-testid vigil-overview',
    detections: 'data-testid vigil-detections',
    investigate: 'data-testid vigil-investigate',
    auditPolicy: 'data-testid vigil-audit-policy',
    configuration: 'data-testid vigil-configuration',
  },
  auditPolicy: {
    templatePicker: 'data-testid vigil-policy-template',
    policyText: 'data-testid vigil-policy-text',
    upload: 'data-testid vigil-policy-upload',
    errors: 'data-testid vigil-policy-errors',
    comparePicker: 'data-testid vigil-policy-compare',
    rangePicker: 'data-testid vigil-policy-range',
    sampleInfo: 'data-testid vigil-policy-sample',
    volumeTable: 'data-testid vigil-policy-volume',
    totals: 'data-testid vigil-policy-totals',
    blindSpots: 'data-testid vigil-policy-blind',
    suggestion: 'data-testid vigil-policy-suggestion',
    download: 'data-testid vigil-policy-download',
  },
  datasource: {
    configEditor: 'data-testid vigil-ds-config',
    queryEditor: 'data-testid vigil-ds-query-editor',
    exprInput: 'data-testid vigil-ds-expr',
  },
};
