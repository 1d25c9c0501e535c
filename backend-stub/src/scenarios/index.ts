/**
 * The scenario registry. Every catalog rule is tripped by at least one scenario
 * (simulate.test.ts checks it with the catalog's matcher).
 */
import { anonymousAccess, anonymousExec, attach, execShell, secretForbidden, secretModified, secretRead } from './access';
import type { Scenario } from './common';
import { falcoCritical } from './falco';
import { ephemeralDebug, eventsDeleted, impersonation, nodesProxy, portForward } from './kubectl';
import { dnsTunnel, dynamicDnsBeacon, metadataProbe, nxdomainBurst, portScan, quickTunnel, torRelays } from './network';
import { nodeJoinRefused, rogueNodeJoined } from './nodes';
import { csrApproved, cronJobBackdoor, ingressWithoutTls, kubeSystemServiceAccount, namespaceCreated, webhookDeleted } from './persistence';
import { clusterAdminBinding, clusterRoleExec, clusterRoleWildcard, configMapCredentials, nodePortService } from './rbac';
import { stolenToken } from './token';
import { capabilitiesAdded, cryptoMiner, hostNamespaces, kubeSystemWorkload, privilegedHostPath } from './workloads';

export type { Scenario, ScenarioContext, ScenarioOutput } from './common';

export const SCENARIOS: readonly Scenario[] = [
  privilegedHostPath, hostNamespaces, capabilitiesAdded, kubeSystemWorkload, cryptoMiner,
  execShell, attach, anonymousAccess, anonymousExec, secretRead, secretForbidden, secretModified,
  clusterAdminBinding, clusterRoleExec, clusterRoleWildcard, nodePortService, configMapCredentials,
  dnsTunnel, nxdomainBurst, portScan, falcoCritical,
  portForward, ephemeralDebug, nodesProxy, impersonation, eventsDeleted, stolenToken,
  cronJobBackdoor, csrApproved, kubeSystemServiceAccount, webhookDeleted, namespaceCreated, ingressWithoutTls,
  rogueNodeJoined, nodeJoinRefused, dynamicDnsBeacon, quickTunnel, metadataProbe, torRelays,
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
