/** CoreDNS `log` plugin source. */
export { parseCoreDns } from './parser';
export { COREDNS_FIELDS, COREDNS_LAYOUT } from './fields';
