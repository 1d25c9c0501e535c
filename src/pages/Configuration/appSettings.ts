/**
 * The Configuration page's part of the app's jsonData: the chosen Vigil data source and the
 * global lists rules read. Alert folder and group live in the detections settings
 * (src/alerting/settings.ts) and are edited here too. Reading never throws.
 */
import type { ParamValues } from '../../detections';

/** Lists every rule may read, kept once instead of per rule. */
export interface GlobalLists {
  /** Users and service accounts allowed to do what detections flag (CI deployers, operators). */
  allowedIdentities: string[];
  /** Image registry prefixes considered trusted. */
  trustedRegistries: string[];
  /** Extra crypto-mining pool domains, on top of the catalog's list. */
  miningDomains: string[];
}

export interface ConfigurationSettings {
  dataSourceUid?: string;
  globals: GlobalLists;
}

export const EMPTY_GLOBALS: GlobalLists = { allowedIdentities: [], trustedRegistries: [], miningDomains: [] };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? [...new Set(v.filter((s): s is string => typeof s === 'string').map((s) => s.trim()).filter(Boolean))] : [];

/** The page's settings inside the app jsonData, with defaults for anything unreadable. */
export function readConfiguration(jsonData: unknown): ConfigurationSettings {
  const j = isObject(jsonData) ? jsonData : {};
  const g = isObject(j.globals) ? j.globals : {};
  return {
    dataSourceUid: typeof j.dataSourceUid === 'string' && j.dataSourceUid !== '' ? j.dataSourceUid : undefined,
    globals: {
      allowedIdentities: strings(g.allowedIdentities),
      trustedRegistries: strings(g.trustedRegistries),
      miningDomains: strings(g.miningDomains),
    },
  };
}

/** jsonData with the page's keys replaced and every other key (detections…) kept. */
export function withConfiguration(jsonData: unknown, s: ConfigurationSettings): Record<string, unknown> {
  const out: Record<string, unknown> = { ...(isObject(jsonData) ? jsonData : {}), globals: s.globals };
  if (s.dataSourceUid) {
    out.dataSourceUid = s.dataSourceUid;
  } else {
    delete out.dataSourceUid;
  }
  return out;
}

/** A textarea's content as a list: one entry per line or comma, blanks dropped. */
export function parseList(text: string): string[] {
  return strings(text.split(/[\n,]/));
}

/**
 * Catalog rule parameters the global lists extend, as per-rule overrides: the mining
 * domains add to dns-mining-pool-query's pools. `defaults` is the rule's own list.
 */
export function globalParamOverrides(globals: GlobalLists, defaults: { pools: string[] }): Record<string, ParamValues> {
  if (globals.miningDomains.length === 0) {
    return {};
  }
  return { 'dns-mining-pool-query': { pools: [...new Set([...defaults.pools, ...globals.miningDomains])] } };
}
