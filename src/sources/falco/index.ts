/** Falco source. */
export { parseFalco, splitOutput, prioritySeverity, FALCO_PRIORITIES } from './parser';
export { FALCO_FIELDS } from './fields';
