/**
 * Custom rules load off the first paint: each YAML text is validated once per page session
 * (cached by a hash of its text), and the uncached ones are validated in short time slices
 * that yield to the browser, so the catalog paints at once and fills in as rules load.
 */
import { loadRule, type LoadResult } from '../../detections';
import type { CustomRuleEntry } from '../../alerting';
import type { PageRule } from './detections.types';

/** FNV-1a of the text plus its length: a cheap cache key that a text edit changes. */
export function textHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return `${(h >>> 0).toString(16)}:${text.length}`;
}

const loaded = new Map<string, LoadResult>();

/** loadRule, remembered by text so reopening the page or re-saving settings does not validate again. */
export function loadCustomRule(yaml: string): LoadResult {
  const key = textHash(yaml);
  let r = loaded.get(key);
  if (!r) {
    r = loadRule(yaml);
    loaded.set(key, r);
  }
  return r;
}

export interface CustomLoadState {
  rules: PageRule[];
  errors: string[];
  /** Entries not validated yet. */
  pending: number;
}

function add(state: CustomLoadState, entry: CustomRuleEntry, r: LoadResult): void {
  if (r.ok) {
    state.rules.push({ rule: r.rule, custom: true });
  } else {
    state.errors.push(`${entry.id}: ${r.errors.map((e) => `line ${e.line}: ${e.message}`).join('; ')}`);
  }
}

/**
 * Validates entries, cached ones at once and the rest in slices of about `sliceMs`, calling
 * `onUpdate` with a fresh state every `publishMs` and at the end. Returns a cancel function.
 */
export function loadCustomRulesIncrementally(
  entries: CustomRuleEntry[],
  onUpdate: (s: CustomLoadState) => void,
  sliceMs = 12,
  publishMs = 250
): () => void {
  const state: CustomLoadState = { rules: [], errors: [], pending: 0 };
  const todo: CustomRuleEntry[] = [];
  for (const e of entries) {
    const cached = loaded.get(textHash(e.yaml));
    if (cached) {
      add(state, e, cached);
    } else {
      todo.push(e);
    }
  }
  state.pending = todo.length;
  onUpdate({ ...state, rules: [...state.rules], errors: [...state.errors] });
  let cancelled = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let next = 0;
  let published = Date.now();
  const slice = () => {
    if (cancelled) {
      return;
    }
    const start = Date.now();
    while (next < todo.length && Date.now() - start < sliceMs) {
      add(state, todo[next], loadCustomRule(todo[next].yaml));
      next++;
    }
    state.pending = todo.length - next;
    // Each update re-renders the page: publish a few times a second, not after every slice.
    if (state.pending === 0 || Date.now() - published >= publishMs) {
      published = Date.now();
      onUpdate({ ...state, rules: [...state.rules], errors: [...state.errors] });
    }
    if (next < todo.length) {
      timer = setTimeout(slice, 0);
    }
  };
  if (todo.length) {
    timer = setTimeout(slice, 0);
  }
  return () => {
    cancelled = true;
    clearTimeout(timer);
  };
}
