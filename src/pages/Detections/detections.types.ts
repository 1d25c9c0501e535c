import type { GrafanaHttp } from '../../api/grafana';
import type { Rule } from '../../detections';

/** What the page talks to: Grafana's HTTP API (alerting, folders, settings, /api/ds/query). */
export interface DetectionsDeps {
  http: GrafanaHttp;
  now: () => number;
}

/** A rule on the page: a catalog rule, or a custom one (which may fail to load). */
export interface PageRule {
  rule: Rule;
  custom: boolean;
}

/**
 * A rule's alert rule in Grafana: `enabled` (evaluated), `paused` (disabled: kept but not
 * evaluated), `modified` (edited in Grafana since Vigil wrote it, paused or not), `disabled`
 * (no alert rule).
 */
export type RuleState = 'enabled' | 'paused' | 'disabled' | 'modified';
