/**
 * Template variables, escaped for the language they land in. Builder queries are
 * interpolated in their builder state and recompiled, so every value goes through the
 * compiler's own escaping; code queries get each value escaped as the inside of a
 * double-quoted string (all three languages use Go string rules), multi-values as an
 * escaped regex alternation, the way Grafana's Loki and Prometheus data sources do.
 * Builder states: interpolateBuilder.ts (it needs the builder's field catalog, which stays
 * out of the data source's entry chunk).
 */
import type { ScopedVars } from '@grafana/data';
import { escapeRegex, goQuote } from '../logql/escape';

/** The part of Grafana's TemplateSrv this needs. */
export interface Interpolator {
  replace(target?: string, scopedVars?: ScopedVars, format?: string | ((value: string | string[]) => string)): string;
}

function insideString(v: string): string {
  return goQuote(v).slice(1, -1);
}

/** A code expression with every variable value escaped for a string literal. */
export function interpolateExpr(expr: string, tpl: Interpolator, scopedVars: ScopedVars): string {
  return tpl.replace(expr, scopedVars, (value: string | string[]) => {
    if (Array.isArray(value)) {
      return value.length === 1 ? insideString(value[0]) : insideString(value.map(escapeRegex).join('|'));
    }
    return insideString(String(value));
  });
}
