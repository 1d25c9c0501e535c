/** `vigil compile`: prints a rule's drill-down query, alerting query or Loki ruler group. */
import { compileRule, type Backend, type Form } from '../../detections/compile';
import type { Layout } from '../../detections/logsql';
import { UsageError, parseArgs } from '../args';
import { checkParamRules, loadRuleSet, paramOverrides } from './ruleset';
import type { CliIO, Command } from './types';

const USAGE = `usage: vigil compile --rule ID [--form log|metric|ruler] [--backend loki|victorialogs] [--layout native|verbatim] [options]

Prints the compiled query of one rule on stdout.

options:
  --rule ID           rule id (see the catalog, or --rules)
  --form F            log (drill-down, default), metric (alerting) or ruler (Loki ruler YAML)
  --backend B         loki (LogQL, default) or victorialogs (LogsQL)
  --layout L          VictoriaLogs only: native (default; JSON events stored as fields, as
                      VictoriaLogs ingests them by default) or verbatim (lines kept in _msg)
  --rules PATH        a rule YAML file or a directory of them (default: the built-in catalog)
  --param ID.N=V      override parameter N of rule ID (repeatable; lists comma-separated)
`;

export const compileCommand: Command = {
  name: 'compile',
  summary: "print a detection rule's LogQL/LogsQL query or Loki ruler group",
  usage: USAGE,
  async run(argv: string[], io: CliIO): Promise<number> {
    const args = parseArgs(argv, { valued: ['rule', 'form', 'backend', 'rules', 'layout'], repeatable: ['param'] });
    if (args.positionals.length > 0) {
      throw new UsageError(`unexpected argument ${JSON.stringify(args.positionals[0])}`);
    }
    const params = paramOverrides(args.lists.param);
    const form = (args.options.form ?? 'log') as Form;
    const backend = (args.options.backend ?? 'loki') as Backend;
    if (!['log', 'metric', 'ruler'].includes(form)) {
      throw new UsageError('--form must be log, metric or ruler');
    }
    if (!['loki', 'victorialogs'].includes(backend)) {
      throw new UsageError('--backend must be loki or victorialogs');
    }
    const layout = (args.options.layout ?? 'native') as Layout;
    if (!['native', 'verbatim'].includes(layout)) {
      throw new UsageError('--layout must be native or verbatim');
    }
    if (args.options.layout !== undefined && backend !== 'victorialogs') {
      throw new UsageError('--layout applies to --backend victorialogs only');
    }
    const rules = loadRuleSet(args.options.rules);
    checkParamRules(params, rules);
    const id = args.options.rule;
    const rule = rules.find((r) => r.id === id);
    if (!rule) {
      throw new UsageError(
        id ? `no rule "${id}"; known: ${rules.map((r) => r.id).join(', ')}` : '--rule ID is required'
      );
    }
    const text = compileRule(rule, form, backend, params.get(rule.id) ?? {}, layout);
    io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    return 0;
  },
};
