/**
 * The page's data: settings (jsonData), the Vigil data source, its log backend, stream selectors
 * and layouts, the alert status of every rule (one list call), the enabled rules whose stored
 * queries are stale, hit counts + readiness (one batched query), and Grafana's folders once the
 * alert folder picker is opened.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { FoldersApi, SettingsApi, type FolderEntry } from '../../api/grafana';
import { loadCustomRule, loadCustomRulesIncrementally, type CustomLoadState } from './customRuleCache';
import { CATALOG_RULES } from '../../detections/catalog';
import { DATASOURCE_TYPE, PLUGIN_ID } from '../../constants';
import { SOURCE_IDS } from '../../sources/types';
import {
  AlertWriter,
  loadQueryTarget,
  readinessTargets,
  ruleCountTargets,
  DEFAULT_SETTINGS,
  DetectionsSettingsStore,
  REQUEST_OBJECT_REF,
  refIdOfRule,
  refIdOfSource,
  runQueries,
  staleRules,
  totalOf,
  updateStaleRules,
  type AlertStatus,
  type DetectionsSettings,
  type QueryTarget,
  type ReadinessCounts,
  type StaleReport,
  type WriteOptions,
  type WriteResult,
} from '../../alerting';
import type { DetectionsDeps, PageRule } from './detections.types';

/** Rules per hit-count request: early rows get counts while later batches still run. */
const COUNT_BATCH = 100;

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Custom rules that load, plus the errors of those that do not. */
export function customRules(settings: DetectionsSettings): { rules: PageRule[]; errors: string[] } {
  const rules: PageRule[] = [];
  const errors: string[] = [];
  for (const c of settings.customRules) {
    const r = loadCustomRule(c.yaml);
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
  const foldersApi = useMemo(() => new FoldersApi(deps.http), [deps.http]);

  const [settings, setSettings] = useState<DetectionsSettings>(DEFAULT_SETTINGS);
  const [ds, setDs] = useState<QueryTarget>();
  const [status, setStatus] = useState<Map<string, AlertStatus>>(new Map());
  const [folders, setFolders] = useState<FolderEntry[]>();
  const [counts, setCounts] = useState<Map<string, number>>();
  const [readiness, setReadiness] = useState<ReadinessCounts>();
  const [rangeMs, setRangeMs] = useState(24 * 3600_000);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const setError = (key: string, e: unknown) => setErrors((prev) => ({ ...prev, [key]: errorText(e) }));
  const clearError = (key: string) => setErrors(({ [key]: _gone, ...rest }) => rest);

  // Custom rules are validated after first paint, in slices; the catalog fills in as they load.
  const [custom, setCustom] = useState<CustomLoadState>({ rules: [], errors: [], pending: 0 });
  useEffect(() => loadCustomRulesIncrementally(settings.customRules, setCustom), [settings.customRules]);
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

  // Grafana's folders for the picker, read when it first opens (nested ones walked level by level).
  const [foldersLoading, setFoldersLoading] = useState(false);
  const reloadFolders = useCallback(() => {
    setFoldersLoading(true);
    return foldersApi
      .list()
      .then(
        ({ folders: list, complete }) => {
          setFolders(list);
          if (complete) {
            clearError('folders');
          } else {
            setError(
              'folders',
              'Grafana has more nested folders than the alert folder picker reads: some subfolders are not listed.'
            );
          }
        },
        (e) => setError('folders', e)
      )
      .finally(() => setFoldersLoading(false));
  }, [foldersApi]);
  const loadFolders = useCallback(() => {
    if (!folders && !foldersLoading) {
      reloadFolders();
    }
  }, [folders, foldersLoading, reloadFolders]);

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
    settingsApi
      .dataSources(DATASOURCE_TYPE)
      .then(async (list) => {
        const first = list[0];
        if (!first) {
          setError('datasource', 'No Vigil data source is configured: add one to see hit counts and previews.');
          return;
        }
        // Its backend, and on VictoriaLogs how each source is stored: every query compiles for it.
        setDs(await loadQueryTarget(deps.http, first));
      })
      .catch((e) => setError('datasource', e));
    writer.status().then(setStatus, (e) => setError('status', e));
  }, [store, settingsApi, writer, deps.http]);

  // Readiness first (a handful of queries), then hit counts once every custom rule has loaded:
  // compiled after first paint, a batch at a time, each batch one request, counts shown as they come.
  useEffect(() => {
    if (!ds) {
      return;
    }
    let live = true;
    const to = deps.now();
    runQueries(deps.http, readinessTargets(ds, rangeMs), to - rangeMs, to).then(
      (results) => {
        if (live) {
          setReadiness({
            sources: Object.fromEntries(SOURCE_IDS.map((s) => [s, totalOf(results[refIdOfSource(s)]?.frames)])),
            requestObject: totalOf(results[REQUEST_OBJECT_REF]?.frames),
          });
        }
      },
      (e) => live && setError('readiness', e)
    );
    return () => {
      live = false;
    };
  }, [ds, rangeMs, deps]);

  const allLoaded = custom.pending === 0;
  useEffect(() => {
    if (!ds || !allLoaded) {
      return;
    }
    let live = true;
    const items = rules.map((r) => ({ rule: r.rule, settings: settings.rules[r.rule.id] }));
    const to = deps.now();
    const next = new Map<string, number>();
    const problems: string[] = [];
    const runBatch = async (offset: number) => {
      const batch = items.slice(offset, offset + COUNT_BATCH);
      const { targets, errors } = ruleCountTargets(batch, ds, rangeMs, offset);
      problems.push(...[...errors].map(([id, m]) => `${id}: ${m}`));
      const results = await runQueries(deps.http, targets, to - rangeMs, to);
      if (!live) {
        return;
      }
      batch.forEach(({ rule }, i) => {
        const r = results[refIdOfRule(offset + i)];
        if (r && !r.error) {
          next.set(rule.id, totalOf(r.frames));
        }
      });
      problems.push(...Object.entries(results).flatMap(([ref, r]) => (r.error ? [`${ref}: ${r.error}`] : [])));
      setCounts(new Map(next));
    };
    (async () => {
      try {
        // Let the page paint before compiling; then up to two batches in flight.
        await new Promise((resolve) => setTimeout(resolve, 0));
        const offsets: number[] = [];
        for (let o = 0; o < items.length; o += COUNT_BATCH) {
          offsets.push(o);
        }
        const worker = async () => {
          for (let o = offsets.shift(); o !== undefined && live; o = offsets.shift()) {
            await runBatch(o);
          }
        };
        await Promise.all([worker(), worker()]);
        if (live) {
          problems.length ? setError('counts', problems.join('\n')) : clearError('counts');
        }
      } catch (e) {
        if (live) {
          setError('counts', e);
        }
      }
    })();
    return () => {
      live = false;
    };
  }, [ds, rules, allLoaded, settings.rules, rangeMs, deps]);

  const saveSettings = useCallback(
    async (next: DetectionsSettings) => {
      await store.save(next);
      setSettings(next);
    },
    [store]
  );

  // Enabled rules whose stored queries differ from what would be written now (a selector or
  // layout changed since): compared with the rules' current settings and the data source.
  const stale = useMemo<StaleReport | undefined>(() => {
    if (!ds) {
      return undefined;
    }
    const items = rules.map((r) => ({ rule: r.rule, settings: settings.rules[r.rule.id] }));
    return staleRules(items, status, { ...ds, folderUID: settings.folderUID, ruleGroup: settings.ruleGroup });
  }, [ds, rules, settings, status]);

  // What a write needs: the rules' items with their settings, and where they go.
  const writeArgs = useCallback(
    (ids: string[]) => {
      if (!ds) {
        throw new Error('No Vigil data source: alert rules need one to query.');
      }
      const byId = new Map(rules.map((r) => [r.rule.id, r.rule]));
      const items = ids.map((id) => ({ rule: byId.get(id)!, settings: settings.rules[id] })).filter((i) => i.rule);
      const target = {
        ...ds,
        folderUID: settings.folderUID,
        folderTitle: settings.folderTitle,
        ruleGroup: settings.ruleGroup,
      };
      return { items, target };
    },
    [ds, rules, settings]
  );

  /** Writes the rules' alert rules, resuming paused ones. */
  const enable = useCallback(
    async (ids: string[], opts: WriteOptions = {}): Promise<WriteResult[]> => {
      const { items, target } = writeArgs(ids);
      const res = await writer.enable(items, target, opts);
      await reloadStatus();
      if (folders && !folders.some((f) => f.uid === target.folderUID)) {
        // The write created the folder: the picker lists it as it is now.
        await reloadFolders();
      }
      return res;
    },
    [writeArgs, writer, reloadStatus, folders, reloadFolders]
  );

  /** Rewrites stale rules with the current settings, leaving paused ones paused. */
  const updateStale = useCallback(
    async (ids: string[]): Promise<WriteResult[]> => {
      const { items, target } = writeArgs(ids);
      const res = await updateStaleRules(writer, items, ids, target);
      await reloadStatus();
      return res;
    },
    [writeArgs, writer, reloadStatus]
  );

  /** Disables: pauses the rules' alert rules in Grafana, keeping them. */
  const disable = useCallback(
    async (ids: string[]) => {
      const res = await writer.pause(ids);
      await reloadStatus();
      return res;
    },
    [writer, reloadStatus]
  );

  /** Deletes the rules' alert rules from Grafana (`overwrite`: also when edited in Grafana). */
  const remove = useCallback(
    async (ids: string[], opts: Pick<WriteOptions, 'overwrite'> = {}) => {
      const res = await writer.delete(ids, opts);
      await reloadStatus();
      return res;
    },
    [writer, reloadStatus]
  );

  return {
    rules,
    customErrors: custom.errors,
    customPending: custom.pending,
    settings,
    saveSettings,
    folders,
    foldersLoading,
    loadFolders,
    ds,
    status,
    stale,
    counts,
    readiness,
    rangeMs,
    setRangeMs,
    errors,
    enable,
    updateStale,
    disable,
    remove,
  };
}

export type DetectionsModel = ReturnType<typeof useDetections>;
