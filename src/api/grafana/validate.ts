import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import alertRuleSchema from '../../../contracts/grafana/provisioned-alert-rule.schema.json';
import folderSchema from '../../../contracts/grafana/folder-create.schema.json';
import folderListSchema from '../../../contracts/grafana/folder-list.schema.json';
import pluginSettingsSchema from '../../../contracts/grafana/plugin-settings-update.schema.json';
import { ContractViolation } from './errors';

/** The documented request and response bodies, by contract name. */
export const SCHEMAS = {
  alertRule: alertRuleSchema,
  folderCreate: folderSchema,
  folderList: folderListSchema,
  pluginSettingsUpdate: pluginSettingsSchema,
} as const;

export type ContractName = keyof typeof SCHEMAS;

const ajv = new Ajv({ allErrors: true, strict: false });
const compiled = new Map<ContractName, ValidateFunction>();

/** Problems of `body` against a contract, as readable strings; empty when valid. */
export function contractProblems(name: ContractName, body: unknown): string[] {
  let fn = compiled.get(name);
  if (!fn) {
    fn = ajv.compile(SCHEMAS[name]);
    compiled.set(name, fn);
  }
  return fn(body) ? [] : (fn.errors ?? []).map(describe);
}

/** Throws a ContractViolation when `body` breaks the contract. */
export function assertContract(name: ContractName, body: unknown): void {
  const problems = contractProblems(name, body);
  if (problems.length > 0) {
    throw new ContractViolation(name, problems);
  }
}

function describe(e: ErrorObject): string {
  return `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`;
}
