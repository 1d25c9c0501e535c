// What a builder filter means, stated directly on parsed events: the yardstick the compiled
// LogQL (oracle) and LogsQL (real VictoriaLogs) are held to.
import { fieldValue } from '../../detections/fields';
import type { ParsedEvent } from '../../sources/types';
import { fieldOf } from '../fields';
import type { BuilderState, FieldFilter } from '../types';

function holds(ev: ParsedEvent, state: BuilderState, filter: FieldFilter): boolean {
  const f = fieldOf(state.source, filter.field);
  const { text, elements } = fieldValue(ev, f);
  const has = (v: string) => (elements ? elements.some((e) => e === v) : text === v);
  switch (filter.op) {
    case '=':
      return has(filter.value);
    case '!=':
      return !has(filter.value);
    case 'contains':
      return text.includes(filter.value);
    case '!contains':
      return !text.includes(filter.value);
    case 'regex':
      return new RegExp(`^(?:${filter.value})$`).test(text);
    case 'in':
      return (filter.values ?? []).some(has);
    case '>':
    case '<': {
      const n = Number(text);
      if (text.trim() === '' || Number.isNaN(n)) {
        return false;
      }
      return filter.op === '>' ? n > Number(filter.value) : n < Number(filter.value);
    }
  }
}

/** True when an event of the state's source passes every filter. */
export function referenceMatch(ev: ParsedEvent, state: BuilderState): boolean {
  return ev.source === state.source && state.filters.every((f) => holds(ev, state, f));
}

/** The group key of an event under the state's grouping fields, as `{label: value}`. */
export function referenceGroup(ev: ParsedEvent, state: BuilderState, language: 'logql' | 'logsql'): Record<string, string> {
  const op = state.operation;
  const names = op.kind === 'count' || op.kind === 'rate' ? op.by : op.kind === 'topN' ? [op.field] : [];
  const out: Record<string, string> = {};
  for (const n of names) {
    const f = fieldOf(state.source, n);
    const v = fieldValue(ev, f).text;
    // Loki keeps empty labels out of series; VictoriaLogs reports them as "".
    if (v !== '' || language === 'logsql') {
      out[language === 'logql' ? f.label : f.vlField] = v;
    }
  }
  return out;
}
