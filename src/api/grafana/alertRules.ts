import { GrafanaHttp } from './http';
import { GrafanaApiError, messageOf } from './errors';
import { assertContract } from './validate';
import { FINGERPRINT_ANNOTATION, ruleFingerprint } from './fingerprint';
import { ProvisionedAlertRule } from './types';

const BASE = '/api/v1/provisioning/alert-rules';

/** What an upsert did. `modified-elsewhere` means it left a rule edited in Grafana alone. */
export type UpsertOutcome = 'created' | 'updated' | 'unchanged' | 'modified-elsewhere';

export interface UpsertResult {
  outcome: UpsertOutcome;
  rule: ProvisionedAlertRule;
  /** The rule as Grafana held it before this call; absent when the upsert created it. */
  previous?: ProvisionedAlertRule;
}

/** What setPaused did: `unchanged` when the rule already was in that state. */
export type PauseOutcome = 'paused' | 'resumed' | 'unchanged' | 'absent';

export interface UpsertOptions {
  /** Overwrite a rule that was edited in Grafana since Vigil wrote it. */
  overwrite?: boolean;
  /** Keep the rule editable in Grafana's UI (sends X-Disable-Provenance). */
  editableInUI?: boolean;
  /**
   * Keep the stored rule's paused state instead of the one in `desired`: a rewrite that is
   * not the user enabling the rule (an update after a selector changed) leaves it paused.
   */
  keepPaused?: boolean;
}

/** Alert rules through Grafana's alerting provisioning API. */
export class AlertRulesApi {
  constructor(private readonly http: GrafanaHttp) {}

  /** The rule with this uid, or undefined when Grafana answers 404. */
  async get(uid: string): Promise<ProvisionedAlertRule | undefined> {
    const res = await this.http.request<ProvisionedAlertRule>('GET', `${BASE}/${encodeURIComponent(uid)}`);
    if (res.status === 404) {
      return undefined;
    }
    expectStatus(res, [200], `Reading alert rule ${uid}`);
    return res.data;
  }

  async list(): Promise<ProvisionedAlertRule[]> {
    const res = await this.http.request<ProvisionedAlertRule[]>('GET', BASE);
    expectStatus(res, [200], 'Listing alert rules');
    return res.data ?? [];
  }

  async delete(uid: string): Promise<void> {
    const res = await this.http.request('DELETE', `${BASE}/${encodeURIComponent(uid)}`);
    expectStatus(res, [204, 404], `Deleting alert rule ${uid}`);
  }

  /**
   * Creates or updates `desired` (which must carry a deterministic uid) so that retries never
   * duplicate it: GET, then POST when missing or PUT when different. A POST that fails because
   * an earlier attempt already created the rule falls back to the update path.
   */
  async upsert(desired: ProvisionedAlertRule, opts: UpsertOptions = {}): Promise<UpsertResult> {
    if (!desired.uid) {
      throw new Error('upsert needs a deterministic uid so that retries cannot duplicate the rule');
    }
    let body = withFingerprint(desired);
    assertContract('alertRule', body);
    const headers: Record<string, string> = opts.editableInUI ? { 'X-Disable-Provenance': 'true' } : {};

    let existing = await this.get(desired.uid);
    if (!existing) {
      const res = await this.http.request<ProvisionedAlertRule>('POST', BASE, body, headers);
      if (res.status === 201) {
        return { outcome: 'created', rule: res.data };
      }
      existing = res.status === 400 ? await this.get(desired.uid) : undefined;
      if (!existing) {
        throw new GrafanaApiError(res.status, messageOf(res.data), `Creating alert rule ${desired.uid}`);
      }
    }

    const editedElsewhere = existing.annotations?.[FINGERPRINT_ANNOTATION] !== ruleFingerprint(existing);
    if (editedElsewhere && !opts.overwrite) {
      return { outcome: 'modified-elsewhere', rule: existing, previous: existing };
    }
    if (opts.keepPaused) {
      // The fingerprint does not hash the paused state, so it stays the same.
      body = { ...body, isPaused: isPaused(existing) };
    }
    if (
      !editedElsewhere &&
      existing.annotations?.[FINGERPRINT_ANNOTATION] === body.annotations?.[FINGERPRINT_ANNOTATION] &&
      isPaused(existing) === isPaused(body)
    ) {
      return { outcome: 'unchanged', rule: existing, previous: existing };
    }
    const res = await this.http.request<ProvisionedAlertRule>('PUT', `${BASE}/${encodeURIComponent(desired.uid)}`, body, headers);
    expectStatus(res, [200], `Updating alert rule ${desired.uid}`);
    return { outcome: 'updated', rule: res.data, previous: existing };
  }

  /**
   * Pauses or resumes the rule with this uid, as Grafana's own "Pause evaluation" does: the
   * stored rule is written back (PUT) with only `isPaused` changed, so its queries, labels,
   * annotations, fingerprint and any edit made in Grafana are kept. A rule that was editable in
   * Grafana's UI (no provenance) stays editable.
   */
  async setPaused(uid: string, paused: boolean): Promise<{ outcome: PauseOutcome; rule?: ProvisionedAlertRule }> {
    const existing = await this.get(uid);
    if (!existing) {
      return { outcome: 'absent' };
    }
    if (isPaused(existing) === paused) {
      return { outcome: 'unchanged', rule: existing };
    }
    // Grafana sets id, updated and provenance itself; the rest is sent back as it was read.
    const { id: _id, updated: _updated, provenance, ...rest } = existing;
    const body: ProvisionedAlertRule = { ...rest, isPaused: paused };
    assertContract('alertRule', body);
    const headers: Record<string, string> = provenance ? {} : { 'X-Disable-Provenance': 'true' };
    const res = await this.http.request<ProvisionedAlertRule>('PUT', `${BASE}/${encodeURIComponent(uid)}`, body, headers);
    expectStatus(res, [200], `${paused ? 'Pausing' : 'Resuming'} alert rule ${uid}`);
    return { outcome: paused ? 'paused' : 'resumed', rule: res.data };
  }

  /** Whether a stored rule was edited in Grafana after Vigil wrote it. */
  static isModifiedElsewhere(rule: ProvisionedAlertRule): boolean {
    const recorded = rule.annotations?.[FINGERPRINT_ANNOTATION];
    return recorded !== undefined && recorded !== ruleFingerprint(rule);
  }
}

function isPaused(rule: ProvisionedAlertRule): boolean {
  return rule.isPaused ?? false;
}

function withFingerprint(rule: ProvisionedAlertRule): ProvisionedAlertRule {
  return { ...rule, annotations: { ...(rule.annotations ?? {}), [FINGERPRINT_ANNOTATION]: ruleFingerprint(rule) } };
}

export function expectStatus(res: { status: number; data: unknown }, ok: number[], operation: string): void {
  if (!ok.includes(res.status)) {
    throw new GrafanaApiError(res.status, messageOf(res.data), operation);
  }
}
