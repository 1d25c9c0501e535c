/**
 * The scenario registry. Every DETECTIONS.md id is tripped by at least one scenario.
 */
import { anonymousAccess, anonymousExec, attach, execShell, secretForbidden, secretModified, secretRead } from './access';
import type { Scenario } from './common';
import { falcoCritical } from './falco';
import { dnsTunnel, nxdomainBurst, portScan } from './network';
import { clusterAdminBinding, clusterRoleExec, clusterRoleWildcard, configMapCredentials, nodePortService } from './rbac';
import { capabilitiesAdded, cryptoMiner, hostNamespaces, kubeSystemWorkload, privilegedHostPath } from './workloads';

export type { Scenario, ScenarioContext, ScenarioOutput } from './common';

export const SCENARIOS: readonly Scenario[] = [
  privilegedHostPath, hostNamespaces, capabilitiesAdded, kubeSystemWorkload, cryptoMiner,
  execShell, attach, anonymousAccess, anonymousExec, secretRead, secretForbidden, secretModified,
  clusterAdminBinding, clusterRoleExec, clusterRoleWildcard, nodePortService, configMapCredentials,
  dnsTunnel, nxdomainBurst, portScan, falcoCritical,
];

/** Resolves `all` or a list of ids; unknown ids are reported, not ignored. */
export function selectScenarios(ids: string[] | 'all' | undefined): Scenario[] | Error {
  if (ids === undefined) {
    return [];
  }
  if (ids === 'all' || ids.includes('all')) {
    return [...SCENARIOS];
  }
  const unknown = ids.filter((id) => !SCENARIOS.some((s) => s.id === id));
  if (unknown.length > 0) {
    return new Error(`unknown scenario ${unknown.map((u) => `"${u}"`).join(', ')}; known: ${SCENARIOS.map((s) => s.id).join(', ')}`);
  }
  return SCENARIOS.filter((s) => ids.includes(s.id));
}
