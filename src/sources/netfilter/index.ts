/** Kernel netfilter log source. */
export { parseNetfilter } from './parser';
export { NETFILTER_FIELDS } from './fields';
