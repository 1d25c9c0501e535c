/**
 * Reads an audit.k8s.io/v1 Policy from YAML and validates it the way kube-apiserver does,
 * reporting every problem with its line and column. Never throws.
 */
import { LineCounter, parseDocument } from 'yaml';
import { GroupResources, LEVELS, Level, Policy, PolicyRule, STAGES, Stage } from './types';

/** One problem found in a policy document (line and column are 1-based; 0 when unknown). */
export interface PolicyIssue {
  line: number;
  column: number;
  /** Where in the document, e.g. `rules[2].resources[0].group`. */
  path: string;
  message: string;
}

export type PolicyParseResult = { ok: true; policy: Policy } | { ok: false; errors: PolicyIssue[] };

type Path = Array<string | number>;

const TOP_FIELDS = ['apiVersion', 'kind', 'metadata', 'rules', 'omitStages', 'omitManagedFields'];
const RULE_FIELDS = ['level', 'users', 'userGroups', 'verbs', 'resources', 'namespaces', 'nonResourceURLs', 'omitStages', 'omitManagedFields'];
const GROUP_FIELDS = ['group', 'resources', 'resourceNames'];

function pathText(path: Path): string {
  return path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${p}` : p), '');
}

class Checker {
  readonly errors: PolicyIssue[] = [];
  constructor(
    private readonly doc: ReturnType<typeof parseDocument>,
    private readonly lines: LineCounter
  ) {}

  fail(path: Path, message: string): void {
    // Point at the deepest node that exists on the path.
    let offset = -1;
    for (let n = path.length; n >= 0 && offset < 0; n--) {
      const node = n === 0 ? this.doc.contents : this.doc.getIn(path.slice(0, n), true);
      const range = (node as { range?: number[] } | undefined)?.range;
      offset = range ? range[0] : -1;
    }
    const pos = offset >= 0 ? this.lines.linePos(offset) : { line: 0, col: 0 };
    this.errors.push({ line: pos.line, column: pos.col, path: pathText(path), message });
  }

  unknownFields(obj: Record<string, unknown>, allowed: string[], path: Path): void {
    for (const key of Object.keys(obj)) {
      if (!allowed.includes(key)) {
        this.fail([...path, key], `unknown field "${key}"; expected one of ${allowed.join(', ')}`);
      }
    }
  }

  strings(v: unknown, path: Path): string[] | undefined {
    if (v === undefined || v === null) {
      return undefined;
    }
    if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) {
      this.fail(path, 'must be a list of strings');
      return undefined;
    }
    return v as string[];
  }

  bool(v: unknown, path: Path): boolean | undefined {
    if (v === undefined || v === null) {
      return undefined;
    }
    if (typeof v !== 'boolean') {
      this.fail(path, 'must be true or false');
      return undefined;
    }
    return v;
  }

  stages(v: unknown, path: Path): Stage[] | undefined {
    const list = this.strings(v, path);
    list?.forEach((s, i) => {
      if (!(STAGES as readonly string[]).includes(s)) {
        this.fail([...path, i], `unknown stage "${s}"; expected one of ${STAGES.join(', ')}`);
      }
    });
    return list?.filter((s): s is Stage => (STAGES as readonly string[]).includes(s));
  }

  group(v: unknown, path: Path): GroupResources | undefined {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      this.fail(path, 'must be a mapping with group, resources and resourceNames');
      return undefined;
    }
    const o = v as Record<string, unknown>;
    this.unknownFields(o, GROUP_FIELDS, path);
    const group = o.group ?? '';
    if (typeof group !== 'string') {
      this.fail([...path, 'group'], 'must be a string ("" is the core API group)');
      return undefined;
    }
    if (group.includes('/')) {
      this.fail([...path, 'group'], `group "${group}" must not contain "/": name the API group without its version`);
    }
    const resources = this.strings(o.resources, [...path, 'resources']);
    const resourceNames = this.strings(o.resourceNames, [...path, 'resourceNames']);
    if ((resourceNames ?? []).length > 0 && (resources ?? []).length === 0) {
      this.fail([...path, 'resourceNames'], 'using resourceNames requires at least one resource');
    }
    return { group, ...(resources ? { resources } : {}), ...(resourceNames ? { resourceNames } : {}) };
  }

  rule(v: unknown, path: Path): PolicyRule | undefined {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      this.fail(path, 'a rule must be a mapping with at least a level');
      return undefined;
    }
    const o = v as Record<string, unknown>;
    this.unknownFields(o, RULE_FIELDS, path);
    if (o.level === undefined) {
      this.fail(path, `level is required: one of ${LEVELS.join(', ')}`);
    } else if (!(LEVELS as readonly unknown[]).includes(o.level)) {
      this.fail([...path, 'level'], `unknown level "${String(o.level)}"; expected one of ${LEVELS.join(', ')}`);
    }
    const rule: PolicyRule = { level: (o.level as Level) ?? 'None' };
    for (const key of ['users', 'userGroups', 'verbs', 'namespaces', 'nonResourceURLs'] as const) {
      const list = this.strings(o[key], [...path, key]);
      if (list) {
        rule[key] = list;
      }
    }
    if (o.resources !== undefined && o.resources !== null) {
      if (!Array.isArray(o.resources)) {
        this.fail([...path, 'resources'], 'must be a list of {group, resources, resourceNames}');
      } else {
        rule.resources = o.resources.map((g, i) => this.group(g, [...path, 'resources', i])).filter((g): g is GroupResources => g !== undefined);
      }
    }
    (rule.nonResourceURLs ?? []).forEach((url, i) => {
      if (url !== '*' && !url.startsWith('/')) {
        this.fail([...path, 'nonResourceURLs', i], `non-resource URL "${url}" must begin with "/"`);
      } else if (url.indexOf('*') >= 0 && url.indexOf('*') !== url.length - 1) {
        this.fail([...path, 'nonResourceURLs', i], `non-resource URL "${url}": "*" is allowed only as the final character`);
      }
    });
    if ((rule.nonResourceURLs ?? []).length > 0 && ((rule.resources ?? []).length > 0 || (rule.namespaces ?? []).length > 0)) {
      this.fail([...path, 'nonResourceURLs'], 'a rule cannot apply to both resources/namespaces and non-resource URLs');
    }
    const omitStages = this.stages(o.omitStages, [...path, 'omitStages']);
    if (omitStages) {
      rule.omitStages = omitStages;
    }
    const omf = this.bool(o.omitManagedFields, [...path, 'omitManagedFields']);
    if (omf !== undefined) {
      rule.omitManagedFields = omf;
    }
    return rule;
  }
}

function check(c: Checker, root: unknown): Policy | undefined {
  if (root === null || typeof root !== 'object' || Array.isArray(root)) {
    c.fail([], 'the document must be a Policy mapping (apiVersion: audit.k8s.io/v1, kind: Policy, rules: …)');
    return undefined;
  }
  const o = root as Record<string, unknown>;
  c.unknownFields(o, TOP_FIELDS, []);
  if (o.apiVersion !== 'audit.k8s.io/v1') {
    c.fail(o.apiVersion === undefined ? [] : ['apiVersion'], `apiVersion must be audit.k8s.io/v1 (found ${JSON.stringify(o.apiVersion ?? null)})`);
  }
  if (o.kind !== 'Policy') {
    c.fail(o.kind === undefined ? [] : ['kind'], `kind must be Policy (found ${JSON.stringify(o.kind ?? null)})`);
  }
  const policy: Policy = { rules: [] };
  if (!Array.isArray(o.rules) || o.rules.length === 0) {
    // kube-apiserver refuses to start with a policy that has no rules.
    c.fail(o.rules === undefined ? [] : ['rules'], 'rules must be a non-empty list');
  } else {
    policy.rules = o.rules.map((r, i) => c.rule(r, ['rules', i])).filter((r): r is PolicyRule => r !== undefined);
  }
  const omitStages = c.stages(o.omitStages, ['omitStages']);
  if (omitStages) {
    policy.omitStages = omitStages;
  }
  const omf = c.bool(o.omitManagedFields, ['omitManagedFields']);
  if (omf !== undefined) {
    policy.omitManagedFields = omf;
  }
  return policy;
}

/** Parses and validates a Policy document. */
export function parsePolicy(text: string): PolicyParseResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => {
        const pos = lines.linePos(e.pos[0]);
        return { line: pos.line, column: pos.col, path: '', message: `YAML: ${e.message.split('\n')[0]}` };
      }),
    };
  }
  const checker = new Checker(doc, lines);
  const policy = check(checker, doc.toJS());
  return checker.errors.length > 0 || !policy ? { ok: false, errors: checker.errors } : { ok: true, policy };
}
