import React, { useCallback, useMemo, useState } from 'react';
import { Alert, Combobox, Drawer, Field, Input, Stack, Tab, TabsBar, TabContent } from '@grafana/ui';
import { DEFAULT_SETTINGS, alertRuleUid, ruleReadiness, upsertCustomRule, type WriteResult } from '../../alerting';
import { FolderPicker } from '../../components/FolderPicker';
import { testIds } from '../../components/testIds';
import { CatalogView } from './CatalogView';
import { CustomRules } from './CustomRules';
import { ExportPanel } from './ExportPanel';
import { MitreMatrix } from './MitreMatrix';
import { RuleDetail } from './RuleDetail';
import { StaleRules } from './StaleRules';
import { WriteResults } from './WriteResults';
import { filterFromSearch, filterRows, toRows, type CatalogFilter } from './catalog.utils';
import { useDetections } from './useDetections';
import type { DetectionsDeps, RuleState } from './detections.types';

const RANGES = [
  { label: 'Last 1 hour', value: 3600_000 },
  { label: 'Last 24 hours', value: 24 * 3600_000 },
  { label: 'Last 7 days', value: 7 * 24 * 3600_000 },
];

type View = 'catalog' | 'matrix' | 'custom' | 'export';

const DEFAULT_FOLDER = { uid: DEFAULT_SETTINGS.folderUID, title: DEFAULT_SETTINGS.folderTitle };

/** The Detections page body: catalog, ATT&CK matrix, custom rules, exports, and a rule drawer. */
export function Detections({ deps }: { deps: DetectionsDeps }) {
  const m = useDetections(deps);
  const [view, setView] = useState<View>('catalog');
  // Grafana's router keeps the page URL in window.location; links may arrive filtered.
  const [filter, setFilter] = useState<CatalogFilter>(() => filterFromSearch(window.location.search));
  const [openId, setOpenId] = useState<string>();
  const [bulk, setBulk] = useState<{ busy: boolean; results?: WriteResult[]; error?: string }>({ busy: false });

  const stateOf = useCallback(
    (id: string): RuleState => {
      const s = m.status.get(id);
      return !s ? 'disabled' : s.state === 'modified' ? 'modified' : s.isPaused ? 'paused' : 'enabled';
    },
    [m.status]
  );
  const rows = useMemo(() => toRows(m.rules, stateOf, m.counts), [m.rules, stateOf, m.counts]);
  const readiness = useCallback((r: (typeof rows)[number]) => ruleReadiness(r.rule, m.readiness), [m.readiness]);
  const open = rows.find((r) => r.rule.id === openId);
  const exportItems = useMemo(
    () => filterRows(rows, filter).map((r) => ({ rule: r.rule, settings: m.settings.rules[r.rule.id] })),
    [rows, filter, m.settings.rules]
  );

  const bulkRun = async (write: () => Promise<WriteResult[]>) => {
    setBulk({ busy: true });
    try {
      setBulk({ busy: false, results: await write() });
    } catch (e) {
      setBulk({ busy: false, error: e instanceof Error ? e.message : String(e) });
    }
  };
  const bulkEnable = (ids: string[]) => bulkRun(() => m.enable(ids));
  const setTarget = (patch: Partial<typeof m.settings>) =>
    m.saveSettings({ ...m.settings, ...patch }).catch((e) => setBulk({ busy: false, error: String(e?.message ?? e) }));

  return (
    <div>
      {Object.keys(m.errors).length > 0 || m.customErrors.length > 0 ? (
        <Alert severity="warning" title="Some information could not be loaded" data-testid={testIds.detections.errors}>
          <pre>{[...Object.values(m.errors), ...m.customErrors.map((e) => `custom rule ${e}`)].join('\n')}</pre>
        </Alert>
      ) : null}
      <Stack gap={2} wrap="wrap" alignItems="flex-end">
        <Field label="Hit counts over">
          <div data-testid={testIds.detections.range}>
            <Combobox width={20} options={RANGES} value={m.rangeMs} onChange={(v) => m.setRangeMs(v.value)} />
          </div>
        </Field>
        <Field
          label="Alert folder"
          htmlFor="vigil-det-folder"
          description="Grafana folder the alert rules are written to"
        >
          <FolderPicker
            id="vigil-det-folder"
            data-testid={testIds.detections.folder}
            folders={m.folders}
            loading={m.foldersLoading}
            onOpen={m.loadFolders}
            value={{ uid: m.settings.folderUID, title: m.settings.folderTitle }}
            fallback={DEFAULT_FOLDER}
            onChange={(f) => setTarget({ folderUID: f.uid, folderTitle: f.title })}
          />
        </Field>
        <Field label="Evaluation group">
          <Input
            width={20}
            defaultValue={m.settings.ruleGroup}
            key={m.settings.ruleGroup}
            onBlur={(e) => e.currentTarget.value && setTarget({ ruleGroup: e.currentTarget.value })}
          />
        </Field>
      </Stack>
      {bulk.error && (
        <Alert severity="error" title="Failed">
          {bulk.error}
        </Alert>
      )}
      {m.stale && (
        <StaleRules report={m.stale} busy={bulk.busy} onUpdate={(ids) => bulkRun(() => m.updateStale(ids))} />
      )}
      {bulk.results && <WriteResults results={bulk.results} />}
      <TabsBar>
        {(['catalog', 'matrix', 'custom', 'export'] as View[]).map((v) => (
          <Tab
            key={v}
            label={{ catalog: 'Catalog', matrix: 'MITRE ATT&CK', custom: 'Custom rules', export: 'Export' }[v]}
            active={view === v}
            onChangeTab={() => setView(v)}
          />
        ))}
      </TabsBar>
      <TabContent>
        {view === 'catalog' && (
          <CatalogView
            rows={rows}
            readiness={readiness}
            filter={filter}
            onFilter={setFilter}
            onOpen={setOpenId}
            onBulkEnable={bulkEnable}
            busy={bulk.busy}
            pending={m.customPending}
          />
        )}
        {view === 'matrix' && <MitreMatrix rows={rows} onOpen={setOpenId} />}
        {view === 'custom' && (
          <CustomRules
            deps={deps}
            ds={m.ds}
            onSave={(entries) => m.saveSettings(entries.reduce(upsertCustomRule, m.settings))}
          />
        )}
        {view === 'export' && <ExportPanel items={exportItems} settings={m.settings} ds={m.ds} />}
      </TabContent>
      {open && (
        <Drawer
          title={open.rule.title}
          subtitle={`${open.rule.id} · alert uid ${alertRuleUid(open.rule.id)}`}
          onClose={() => setOpenId(undefined)}
          size="lg"
        >
          <RuleDetail
            key={open.rule.id}
            deps={deps}
            ds={m.ds}
            rule={open.rule}
            state={open.state}
            paused={m.status.get(open.rule.id)?.isPaused ?? false}
            saved={m.settings.rules[open.rule.id] ?? {}}
            onSave={(s) => m.saveSettings({ ...m.settings, rules: { ...m.settings.rules, [open.rule.id]: s } })}
            onEnable={(overwrite) => m.enable([open.rule.id], { overwrite })}
            onDisable={() => m.disable([open.rule.id])}
            onDelete={(overwrite) => m.remove([open.rule.id], { overwrite })}
          />
        </Drawer>
      )}
    </div>
  );
}
