/**
 * Rules for `vigil detect` and `vigil compile`: the built-in catalog or YAML files from
 * --rules, and `--param id.name=value` overrides (repeatable; lists comma-separated).
 */
import fs from 'node:fs';
import path from 'node:path';
import { CATALOG_RULES } from '../../detections/catalog';
import { formatRuleError, loadRules } from '../../detections/load';
import type { ParamValues } from '../../detections/plan';
import type { Rule } from '../../detections/types';
import { UsageError } from '../args';

/** Loads rules from a YAML file or every .yaml/.yml file of a directory; the catalog when absent. */
export function loadRuleSet(location: string | undefined): Rule[] {
  if (!location) {
    return CATALOG_RULES;
  }
  if (!fs.existsSync(location)) {
    throw new UsageError(`--rules ${location}: no such file or directory`);
  }
  const files = fs.statSync(location).isDirectory()
    ? fs
        .readdirSync(location)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
        .map((f) => path.join(location, f))
    : [location];
  // Correlation rules may name catalog rules or rules of any file: files whose rules fail are
  // loaded again once every other rule is known.
  const rules: Rule[] = [];
  let pending = files;
  let errors: string[] = [];
  for (let pass = 0; pass < 2 && pending.length > 0; pass++) {
    const failed: string[] = [];
    errors = [];
    for (const file of pending) {
      const results = loadRules(fs.readFileSync(file, 'utf8'), [...CATALOG_RULES, ...rules]);
      if (results.every((r) => r.ok)) {
        rules.push(...results.map((r) => (r as { rule: Rule }).rule));
      } else {
        failed.push(file);
        errors.push(...results.flatMap((r) => (r.ok ? [] : r.errors.map((e) => formatRuleError(e, file)))));
      }
    }
    pending = failed;
  }
  if (errors.length > 0) {
    throw new UsageError(`invalid rules:\n${errors.join('\n')}`);
  }
  return rules;
}

/** `--param id.name=value` values (repeatable), by rule id. */
export function paramOverrides(values: string[] | undefined): Map<string, ParamValues> {
  const out = new Map<string, ParamValues>();
  for (const value of values ?? []) {
    const m = value.match(/^([^.=]+)\.([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s);
    if (!m) {
      throw new UsageError(`--param ${JSON.stringify(value)}: write rule-id.name=value`);
    }
    const params = out.get(m[1]) ?? {};
    params[m[2]] = m[3];
    out.set(m[1], params);
  }
  return out;
}

/** Checks that every --param names a loaded rule. */
export function checkParamRules(params: Map<string, ParamValues>, rules: Rule[]): void {
  for (const id of params.keys()) {
    if (!rules.some((r) => r.id === id)) {
      throw new UsageError(`--param names rule "${id}", which is not loaded`);
    }
  }
}
