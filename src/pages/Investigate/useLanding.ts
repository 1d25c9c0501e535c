/**
 * The landing's data: the Vigil data source, the Detections page's rule settings (the user's
 * parameters and exceptions decide what a detection is here too), then loadLanding over the
 * range. A newer range cancels the answer of an older one.
 */
import { useEffect, useMemo, useState } from 'react';
import { DetectionsSettingsStore, type RuleSettings } from '../../alerting/settings';
import { SettingsApi } from '../../api/grafana';
import { backendSrvHttp } from '../../api/grafana/backendSrvHttp';
import { PLUGIN_ID } from '../../constants';
import { httpRunner, loadLanding, resolveRange, type Landing } from '../../investigate';
import { useVigilDataSource } from './useInvestigation';

export interface LandingState {
  loading: boolean;
  landing?: Landing;
  /** No Vigil data source is configured. */
  noDataSource?: boolean;
  error?: string;
  /** The rule settings could not be read: the catalog's defaults were used. */
  settingsProblem?: string;
}

const run = httpRunner(backendSrvHttp);
const messageOf = (e: unknown) => (e instanceof Error ? e.message : String((e as { message?: string })?.message ?? e));

/** The rule settings, read once per page load; a failure is reported and the defaults used. */
let settingsOnce: Promise<{ rules: Record<string, RuleSettings>; problem?: string }> | undefined;
function ruleSettings() {
  settingsOnce ??= new DetectionsSettingsStore(new SettingsApi(backendSrvHttp), PLUGIN_ID).load().then(
    ({ settings, dropped }) => ({
      rules: settings.rules,
      problem: dropped.length ? `unreadable entries ignored: ${dropped.join(', ')}` : undefined,
    }),
    (e) => {
      settingsOnce = undefined;
      return { rules: {}, problem: messageOf(e) };
    }
  );
  return settingsOnce;
}

/** Loads the landing over `range` (Grafana time strings); nothing while `range` is undefined. */
export function useLanding(range: { from: string; to: string } | undefined): LandingState {
  const key = range ? `${range.from}|${range.to}` : '';
  const [done, setDone] = useState<Omit<LandingState, 'loading'> & { key: string }>();
  const dataSource = useVigilDataSource();

  useEffect(() => {
    if (!key) {
      return;
    }
    let live = true;
    const finish = (s: Omit<LandingState, 'loading'>) => live && setDone({ key, ...s });
    (async () => {
      const [from, to] = key.split('|');
      const resolved = resolveRange({ from, to }, Date.now());
      if (resolved instanceof Error) {
        return finish({ error: resolved.message });
      }
      try {
        const [ds, settings] = await Promise.all([dataSource(), ruleSettings()]);
        if (!ds) {
          return finish({ noDataSource: true });
        }
        const landing = await loadLanding(ds, resolved.fromMs, resolved.toMs, run, { settings: settings.rules });
        finish({ landing, settingsProblem: settings.problem });
      } catch (e) {
        finish({ error: messageOf(e) });
      }
    })();
    return () => {
      live = false;
    };
  }, [key, dataSource]);

  return useMemo(() => {
    if (done?.key !== key) {
      return { loading: !!key };
    }
    const { key: _key, ...current } = done;
    return { loading: false, ...current };
  }, [done, key]);
}
