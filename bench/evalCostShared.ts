/**
 * One pass per source for the event rules on VictoriaLogs: the rules' compiled alert queries
 * (1 m window) merged into one LogsQL query per stream selector, whose parse pipes run once
 * and whose `stats count() if (<pre-filter> <condition>) as "<rule>"` gives every rule's count
 * (split where a query would pass VictoriaLogs' default 16 KiB query length).
 * Built from the compiled queries' shape `{sel} _time:W <pre-filter> | <parse pipes> | filter
 * <condition> | stats count() as hits | filter hits:>0`; bench/evalCost.ts checks that it fires
 * exactly where the per-rule queries do.
 */
import { compileRule, type Rule } from '../src/detections';

interface Parts {
  selector: string;
  prefilter: string;
  parse: string[];
  condition: string;
}

function partsOf(rule: Rule): Parts {
  const expr = compileRule(rule, 'metric', 'victorialogs', { window: '1m' });
  const head = expr.includes('_time:1m | ') ? /^(\{[^}]*\}) _time:1m() \| /.exec(expr) : /^(\{[^}]*\}) _time:1m (.*?) \| /.exec(expr);
  const tail = / \| filter (.*) \| stats count\(\) as hits \| filter hits:>0$/.exec(expr);
  if (!head || !tail) {
    throw new Error(`${rule.id}: unexpected query shape ${expr}`);
  }
  const middle = expr.slice(head[0].length, expr.length - tail[0].length);
  return { selector: head[1], prefilter: head[2], parse: middle.split(' | '), condition: tail[1] };
}

/** `unpack_json fields (a, b) result_prefix "f_"` pipes merge into one with the union of fields. */
function mergeParse(pipes: string[]): string[] {
  const fields = new Set<string>();
  const others: string[] = [];
  for (const p of pipes) {
    const m = /^unpack_json fields \((.*)\) result_prefix "f_"$/.exec(p);
    if (m) {
      m[1].split(', ').forEach((f) => fields.add(f));
    } else if (!others.includes(p)) {
      others.push(p);
    }
  }
  return fields.size ? [`unpack_json fields (${[...fields].join(', ')}) result_prefix "f_"`, ...others] : others;
}

/** VictoriaLogs' default -search.maxQueryLen: a selector's rules are split into queries below it. */
const MAX_QUERY_LEN = 16_384;

function merged(selector: string, rules: Array<{ id: string; p: Parts }>): string {
  const parse = mergeParse(rules.flatMap((r) => r.p.parse));
  const counts = rules.map(({ id, p }) => `count() if (${[p.prefilter, p.condition].filter(Boolean).map((f) => `(${f})`).join(' ')}) as "${id}"`);
  return `${selector} _time:1m | ${parse.join(' | ')} | stats ${counts.join(', ')}`;
}

/** As few queries per stream selector as the query length allows; each rule's count is the series named after its id. */
export function sharedQueries(eventRules: Rule[]): string[] {
  const bySelector = new Map<string, Array<{ id: string; p: Parts }>>();
  for (const rule of eventRules) {
    const p = partsOf(rule);
    bySelector.set(p.selector, [...(bySelector.get(p.selector) ?? []), { id: rule.id, p }]);
  }
  const out: string[] = [];
  for (const [selector, rules] of bySelector) {
    let chunk: typeof rules = [];
    for (const r of rules) {
      if (chunk.length && merged(selector, [...chunk, r]).length >= MAX_QUERY_LEN) {
        out.push(merged(selector, chunk));
        chunk = [];
      }
      chunk.push(r);
    }
    out.push(merged(selector, chunk));
  }
  return out;
}
