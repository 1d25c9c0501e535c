/** Every generated file: the five dashboards and the alerting provisioning sample. */
import { alertRulesYaml, contactPointsYaml } from './alerting';
import { audit } from './audit';
import type { BuiltDashboard } from './dashboard';
import { dns } from './dns';
import { falco } from './falco';
import { network } from './network';
import { overview } from './overview';

export function buildDashboards(): BuiltDashboard[] {
  return [overview(), audit(), dns(), network(), falco()];
}

/** Repository path → content. */
export function generatedFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const d of buildDashboards()) {
    files.set(`dashboards/${d.file}`, JSON.stringify(d.json, null, 2) + '\n');
  }
  files.set('provisioning/alerting/vigil-detections.yaml', alertRulesYaml());
  files.set('provisioning/alerting/contact-points.yaml', contactPointsYaml());
  return files;
}

export type { BuiltDashboard } from './dashboard';
export type { AttackExpectation, VigilTarget } from './panels';
