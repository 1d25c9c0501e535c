/**
 * The page's data: settings (jsonData), the Vigil data source and its log backend, the
 * alert status of every rule (one list call) and hit counts + readiness (one batched query).
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { SettingsApi } from '../../api/grafana';
import { loadRule, type Backend } from '../../detections';
import { CATALOG_RULES } from '../../detections/catalog';
import { DATASOURCE_TYPE, PLUGIN_ID } from '../../constants';
import { SOURCE_IDS } from '../../sources/types';
import {
  AlertWriter,
  catalogTargets,
  DEFAULT_SETTINGS,
  DetectionsSettingsStore,
  REQUEST_OBJECT_REF,
  refIdOfRule,
  refIdOfSource,
  runQueries,
  totalOf,
  type AlertStatus,
  type DetectionsSettings,
  type ReadinessCounts,
  type WriteOptions,
  type WriteResult,
} from '../../alerting';
import type { DetectionsDeps, PageRule } from './detections.types';

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

export interface DataSourceRef {
  uid: string;
  backend: Backend;
}

/** Custom rules that load, plus the errors of those that do not. */
export function customRules(settings: DetectionsSettings): { rules: PageRule[]; errors: string[] } {
  const rules: PageRule[] = [];
  const errors: string[] = [];
  for (const c of settings.customRules) {
    const r = loadRule(c.yaml);
    if (r.ok) {
      rules.push({ rule: r.rule, custom: true });
    } else {
      errors.push(`${c.id}: ${r.errors.map((e) => `line ${e.line}: ${e.message}`).join('; ')}`);
    }
  }
  return { rules, errors };
}

export function useDetections(deps: DetectionsDeps) {
  const settingsApi = useMemo(() => new SettingsApi(deps.http), [deps.http]);
  const store = useMemo(() => new DetectionsSettingsStore(settingsApi, PLUGIN_ID), [settingsApi]);
  const writer = useMemo(() => new AlertWriter(deps.http), [deps.http]);

  const [settings, setSettings] = useState<DetectionsSettings>(DEFAULT_SETTINGS);
  const [ds, setDs] = useState<DataSourceRef>();
  const [status, setStatus] = useState<Map<string, AlertStatus>>(new Map());
  const [counts, setCounts] = useState<Map<string, number>>();
  const [readiness, setReadiness] = useState<ReadinessCounts>();
  const [rangeMs, setRangeMs] = useState(24 * 3600_000);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const setError = (key: string, e: unknown) => setErrors((prev) => ({ ...prev, [key]: errorText(e) }));
  const clearError = (key: string) => setErrors(({ [key]: _gone, ...rest }) => rest);

  const custom = useMemo(() => customRules(settings), [settings]);
  const rules = useMemo<PageRule[]>(
    () => [...CATALOG_RULES.map((rule) => ({ rule, custom: false })), ...custom.rules],
    [custom.rules]
  );

  const reloadStatus = useCallback(async () => {
    try {
      setStatus(await writer.status());
      clearError('status');
    } catch (e) {
      setError('status', e);
    }
  }, [writer]);

  useEffect(() => {
    store.load().then(
      ({ settings: s, dropped }) => {
        setSettings(s);
        if (dropped.length) {
          setError('settings', `Unreadable saved entries were ignored: ${dropped.join(', ')}`);
        }
      },
      (e) => setError('settings', e)
    );
    settingsApi.dataSources(DATASOURCE_TYPE).then(
      (list) => {
        const first = list[0];
        if (!first) {
          setError('datasource', 'No Vigil data source is configured: add one to see hit counts and previews.');
          return;
        }
        setDs({ uid: first.uid, backend: first.jsonData?.logBackend === 'victorialogs' ? 'victorialogs' : 'loki' });
      },
      (e) => setError('datasource', e)
    );
    writer.status().then(setStatus, (e) => setError('status', e));
  }, [store, settingsApi, writer]);

  // Hit counts and readiness: one request for the whole catalog.
  useEffect(() => {
    if (!ds) {
      return;
    }
    let live = true;
    const items = rules.map((r) => ({ rule: r.rule, settings: settings.rules[r.rule.id] }));
    const { targets, errors: compileErrors } = catalogTargets(items, ds.uid, ds.backend, rangeMs);
    const to = deps.now();
    runQueries(deps.http, targets, to - rangeMs, to).then(
      (results) => {
        if (!live) {
          return;
        }
        const next = new Map<string, number>();
        items.forEach(({ rule }, i) => {
          const r = results[refIdOfRule(i)];
          if (r && !r.error) {
            next.set(rule.id, totalOf(r.frames));
          }
        });
        setCounts(next);
        setReadiness({
          sources: Object.fromEntries(SOURCE_IDS.map((s) => [s, totalOf(results[refIdOfSource(s)]?.frames)])),
          requestObject: totalOf(results[REQUEST_OBJECT_REF]?.frames),
        });
        const failed = Object.entries(results).filter(([, r]) => r.error);
        if (failed.length || compileErrors.size) {
          setError(
            'counts',
            [
              ...failed.map(([ref, r]) => `${ref}: ${r.error}`),
              ...[...compileErrors].map(([id, m]) => `${id}: ${m}`),
            ].join('\n')
          );
        } else {
          clearError('counts');
        }
      },
      (e) => live && setError('counts', e)
    );
    return () => {
      live = false;
    };
  }, [ds, rules, settings.rules, rangeMs, deps]);

  const saveSettings = useCallback(
    async (next: DetectionsSettings) => {
      await store.save(next);
      setSettings(next);
    },
    [store]
  );

  const enable = useCallback(
    async (ids: string[], opts: WriteOptions = {}): Promise<WriteResult[]> => {
      if (!ds) {
        throw new Error('No Vigil data source: alert rules need one to query.');
      }
      const byId = new Map(rules.map((r) => [r.rule.id, r.rule]));
      const items = ids.map((id) => ({ rule: byId.get(id)!, settings: settings.rules[id] })).filter((i) => i.rule);
      const target = {
        datasourceUid: ds.uid,
        backend: ds.backend,
        folderUID: settings.folderUID,
        folderTitle: settings.folderTitle,
        ruleGroup: settings.ruleGroup,
      };
      const res = await writer.enable(items, target, opts);
      await reloadStatus();
      return res;
    },
    [ds, rules, settings, writer, reloadStatus]
  );

  const disable = useCallback(
    async (ids: string[], opts: WriteOptions = {}) => {
      const res = await writer.disable(ids, opts);
      await reloadStatus();
      return res;
    },
    [writer, reloadStatus]
  );

  return {
    rules,
    customErrors: custom.errors,
    settings,
    saveSettings,
    ds,
    status,
    counts,
    readiness,
    rangeMs,
    setRangeMs,
    errors,
    enable,
    disable,
  };
}

export type DetectionsModel = ReturnType<typeof useDetections>;
