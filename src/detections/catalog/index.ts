/** The built-in detection catalog (see rules/*.yaml and README.md). Loads in node and in the browser. */
import type { Rule } from '../types';
import { CATALOG_RULES } from './rules.generated';

export { CATALOG_RULES };
export { ruleTestLines, testLine, mergeEvent } from './testEvents';

/** A catalog rule by id. */
export function catalogRule(id: string): Rule | undefined {
  return CATALOG_RULES.find((r) => r.id === id);
}
