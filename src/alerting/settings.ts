/**
 * What the Detections page stores in the app's settings (jsonData.detections): per-rule
 * parameter overrides and exceptions, the user's custom rules as YAML, and the folder/group
 * alert rules go to. Reading never throws: a damaged entry is dropped and reported.
 */
import type { ParamValues, Rule } from '../detections';
import type { SettingsApi } from '../api/grafana';

/** A user's changes to one rule, kept apart from the rule so catalog updates still apply. */
export interface RuleSettings {
  params?: ParamValues;
  /** Extra exceptions (Sigma selections), added to the rule's own. */
  exceptions?: Array<Record<string, unknown>>;
}

export interface CustomRuleEntry {
  id: string;
  /** The rule as Sigma-shaped YAML, exactly as the user saved it. */
  yaml: string;
}

export interface DetectionsSettings {
  version: 1;
  rules: Record<string, RuleSettings>;
  customRules: CustomRuleEntry[];
  folderUID: string;
  folderTitle: string;
  ruleGroup: string;
}

export const DEFAULT_SETTINGS: DetectionsSettings = {
  version: 1,
  rules: {},
  customRules: [],
  folderUID: 'vigil-detections',
  folderTitle: 'Vigil detections',
  ruleGroup: 'vigil',
};

const KEY = 'detections';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The detections settings inside an app jsonData, with defaults; `dropped` lists what was unreadable. */
export function readDetectionsSettings(jsonData: unknown): { settings: DetectionsSettings; dropped: string[] } {
  const dropped: string[] = [];
  const raw = isObject(jsonData) && isObject(jsonData[KEY]) ? (jsonData[KEY] as Record<string, unknown>) : {};
  const rules: Record<string, RuleSettings> = {};
  for (const [id, s] of Object.entries(isObject(raw.rules) ? raw.rules : {})) {
    if (
      !isObject(s) ||
      (s.params !== undefined && !isObject(s.params)) ||
      (s.exceptions !== undefined && !Array.isArray(s.exceptions))
    ) {
      dropped.push(`settings of rule ${id}`);
      continue;
    }
    rules[id] = {
      ...(s.params ? { params: s.params as ParamValues } : {}),
      ...(s.exceptions ? { exceptions: (s.exceptions as unknown[]).filter(isObject) } : {}),
    };
  }
  const customRules: CustomRuleEntry[] = [];
  for (const [i, c] of (Array.isArray(raw.customRules) ? raw.customRules : []).entries()) {
    if (isObject(c) && typeof c.id === 'string' && typeof c.yaml === 'string') {
      customRules.push({ id: c.id, yaml: c.yaml });
    } else {
      dropped.push(`custom rule #${i + 1}`);
    }
  }
  const str = (v: unknown, def: string) => (typeof v === 'string' && v.trim() !== '' ? v : def);
  return {
    settings: {
      version: 1,
      rules,
      customRules,
      folderUID: str(raw.folderUID, DEFAULT_SETTINGS.folderUID),
      folderTitle: str(raw.folderTitle, DEFAULT_SETTINGS.folderTitle),
      ruleGroup: str(raw.ruleGroup, DEFAULT_SETTINGS.ruleGroup),
    },
    dropped,
  };
}

/** jsonData with the detections settings replaced and every other key kept. */
export function withDetectionsSettings(jsonData: unknown, settings: DetectionsSettings): Record<string, unknown> {
  return { ...(isObject(jsonData) ? jsonData : {}), [KEY]: settings };
}

/** A rule with the user's extra exceptions appended. Parameters stay overrides (see planRule). */
export function effectiveRule(rule: Rule, s: RuleSettings | undefined): Rule {
  return s?.exceptions?.length ? { ...rule, exceptions: [...rule.exceptions, ...s.exceptions] } : rule;
}

/** Adds or replaces a custom rule by id. */
export function upsertCustomRule(settings: DetectionsSettings, entry: CustomRuleEntry): DetectionsSettings {
  const others = settings.customRules.filter((c) => c.id !== entry.id);
  return { ...settings, customRules: [...others, entry] };
}

/** Loads and saves the detections settings through Grafana's plugin settings API. */
export class DetectionsSettingsStore {
  constructor(
    private readonly api: SettingsApi,
    private readonly appId: string
  ) {}

  async load(): Promise<{ settings: DetectionsSettings; dropped: string[] }> {
    const current = await this.api.pluginSettings(this.appId);
    return readDetectionsSettings(current.jsonData);
  }

  /** Read-modify-write, so other jsonData keys (the app's configuration) survive. */
  async save(settings: DetectionsSettings): Promise<void> {
    const current = await this.api.pluginSettings(this.appId);
    await this.api.updatePluginSettings(this.appId, {
      enabled: current.enabled,
      pinned: current.pinned,
      jsonData: withDetectionsSettings(current.jsonData, settings),
    });
  }
}
