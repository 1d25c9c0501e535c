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

export type RuleState = 'enabled' | 'disabled' | 'modified';
