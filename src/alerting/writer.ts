/**
 * Detections as Grafana alert rules: enabling writes (or resumes) a rule, disabling pauses it
 * as Grafana's "Pause evaluation" does (the rule, its history and silences stay), deleting
 * removes it. Every write is idempotent (same uid, GET before POST/PUT), retried writes change
 * nothing, and a rule someone edited in Grafana is reported as modified instead of being
 * overwritten or deleted silently; pausing and resuming keep such an edit.
 */
import { AlertRulesApi, FoldersApi, type AlertQuery, type GrafanaHttp, type UpsertOutcome } from '../api/grafana';
import type { Rule } from '../detections';
import { alertRulePayload, type AlertTarget } from './payload';
import type { RuleSettings } from './settings';
import { alertRuleUid } from './uid';

export type WriteOutcome = UpsertOutcome | 'paused' | 'resumed' | 'deleted' | 'absent' | 'error';

/** What happened to one rule; `error` carries Grafana's (or the compiler's) message. */
export interface WriteResult {
  ruleId: string;
  uid: string;
  outcome: WriteOutcome;
  error?: string;
}

/** Where a detection stands in Grafana. */
export interface AlertStatus {
  uid: string;
  /** `modified`: edited in Grafana since Vigil wrote it. Paused or not, see `isPaused`. */
  state: 'enabled' | 'modified';
  folderUID: string;
  ruleGroup: string;
  isPaused: boolean;
  /** The stored queries (A and its expressions): what staleRules compares with a write now. */
  data?: AlertQuery[];
}

export interface EnableTarget extends AlertTarget {
  /** Title used when the folder has to be created. */
  folderTitle: string;
}

export interface WriteOptions {
  /** Replace or delete rules edited in Grafana since Vigil wrote them. */
  overwrite?: boolean;
  /**
   * Rewrite rules without changing whether they are paused (the stale-rule update); without
   * it, enabling resumes a paused rule.
   */
  keepPaused?: boolean;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export class AlertWriter {
  private readonly rules: AlertRulesApi;
  private readonly folders: FoldersApi;

  constructor(http: GrafanaHttp) {
    this.rules = new AlertRulesApi(http);
    this.folders = new FoldersApi(http);
  }

  /**
   * Creates or updates the alert rules of `items`, one result per rule, in order, and resumes
   * the paused ones (unless `keepPaused`): a paused rule edited in Grafana is resumed with its
   * edit kept.
   */
  async enable(
    items: Array<{ rule: Rule; settings?: RuleSettings }>,
    target: EnableTarget,
    opts: WriteOptions = {}
  ): Promise<WriteResult[]> {
    try {
      await this.folders.ensure(target.folderUID, target.folderTitle);
    } catch (e) {
      // Without a folder no rule can be written: every rule reports the same cause.
      return items.map(({ rule }) => ({
        ruleId: rule.id,
        uid: alertRuleUid(rule.id),
        outcome: 'error',
        error: message(e),
      }));
    }
    const out: WriteResult[] = [];
    for (const { rule, settings } of items) {
      const uid = alertRuleUid(rule.id);
      try {
        const payload = alertRulePayload(rule, settings, target);
        const res = await this.rules.upsert(payload, { overwrite: opts.overwrite, keepPaused: opts.keepPaused });
        const wasPaused = res.previous?.isPaused ?? false;
        let outcome: WriteOutcome = res.outcome;
        if (res.outcome === 'modified-elsewhere' && wasPaused && !opts.keepPaused) {
          // Enabling a paused rule edited in Grafana resumes it and keeps the edit.
          outcome = (await this.rules.setPaused(uid, false)).outcome === 'resumed' ? 'resumed' : outcome;
        } else if (res.outcome === 'updated' && wasPaused && !(res.rule.isPaused ?? false)) {
          outcome = 'resumed';
        }
        out.push({ ruleId: rule.id, uid, outcome });
      } catch (e) {
        out.push({ ruleId: rule.id, uid, outcome: 'error', error: message(e) });
      }
    }
    return out;
  }

  /**
   * Disables the alert rules of `ruleIds` by pausing them: each stored rule is written back with
   * `isPaused: true` and nothing else changed (an edit made in Grafana included). Absent rules
   * are reported as such; rules already paused are `unchanged`.
   */
  async pause(ruleIds: string[]): Promise<WriteResult[]> {
    const out: WriteResult[] = [];
    for (const ruleId of ruleIds) {
      const uid = alertRuleUid(ruleId);
      try {
        out.push({ ruleId, uid, outcome: (await this.rules.setPaused(uid, true)).outcome });
      } catch (e) {
        out.push({ ruleId, uid, outcome: 'error', error: message(e) });
      }
    }
    return out;
  }

  /** Deletes the alert rules of `ruleIds`; absent rules are fine, modified ones are kept unless `overwrite`. */
  async delete(ruleIds: string[], opts: Pick<WriteOptions, 'overwrite'> = {}): Promise<WriteResult[]> {
    const out: WriteResult[] = [];
    for (const ruleId of ruleIds) {
      const uid = alertRuleUid(ruleId);
      try {
        const existing = await this.rules.get(uid);
        if (!existing) {
          out.push({ ruleId, uid, outcome: 'absent' });
        } else if (AlertRulesApi.isModifiedElsewhere(existing) && !opts.overwrite) {
          out.push({ ruleId, uid, outcome: 'modified-elsewhere' });
        } else {
          await this.rules.delete(uid);
          out.push({ ruleId, uid, outcome: 'deleted' });
        }
      } catch (e) {
        out.push({ ruleId, uid, outcome: 'error', error: message(e) });
      }
    }
    return out;
  }

  /** The status of every Vigil rule in Grafana, keyed by detection id (one list call). */
  async status(): Promise<Map<string, AlertStatus>> {
    const out = new Map<string, AlertStatus>();
    for (const r of await this.rules.list()) {
      const id = r.labels?.vigil_rule;
      if (!id || !r.uid || r.uid !== alertRuleUid(id)) {
        continue;
      }
      out.set(id, {
        uid: r.uid,
        state: AlertRulesApi.isModifiedElsewhere(r) ? 'modified' : 'enabled',
        folderUID: r.folderUID,
        ruleGroup: r.ruleGroup,
        isPaused: r.isPaused ?? false,
        data: r.data,
      });
    }
    return out;
  }
}
