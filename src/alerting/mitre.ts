/** MITRE ATT&CK tags of a rule (`attack.t1609`, `attack.execution`) split into techniques and tactics. */

export interface MitreTags {
  /** Technique ids, upper case: `T1609`, `T1071.004`. */
  techniques: string[];
  /** Tactic names as tagged: `execution`, `command_and_control`. */
  tactics: string[];
}

const TECHNIQUE = /^attack\.(t\d{4}(?:\.\d{3})?)$/i;

export function mitreTags(tags: string[]): MitreTags {
  const techniques: string[] = [];
  const tactics: string[] = [];
  for (const tag of tags) {
    if (!tag.startsWith('attack.')) {
      continue;
    }
    const t = TECHNIQUE.exec(tag);
    if (t) {
      techniques.push(t[1].toUpperCase());
    } else if (!/^attack\.[gs]\d{4}$/i.test(tag)) {
      tactics.push(tag.slice('attack.'.length));
    }
  }
  return { techniques, tactics };
}

/** The ATT&CK Enterprise tactics, in matrix order (tag spelling). */
export const TACTICS = [
  'reconnaissance',
  'resource_development',
  'initial_access',
  'execution',
  'persistence',
  'privilege_escalation',
  'defense_evasion',
  'credential_access',
  'discovery',
  'lateral_movement',
  'collection',
  'command_and_control',
  'exfiltration',
  'impact',
] as const;

/** `command_and_control` → `Command and control`. */
export function tacticTitle(tactic: string): string {
  const words = tactic.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
