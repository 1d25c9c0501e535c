/**
 * `vigil detect`: evaluates detection rules on a log file with the matcher and prints one
 * JSON object per detection on stdout, the parse summary on stderr.
 */
import { detect } from '../../detections/matcher';
import { planRule } from '../../detections/plan';
import type { Plan } from '../../detections/types';
import { SOURCE_IDS, type ParsedEvent } from '../../sources/types';
import { UsageError, parseArgs } from '../args';
import { count, entryTime, newSummary, readParsed } from '../input';
import { checkParamRules, loadRuleSet, paramOverrides } from './ruleset';
import type { CliIO, Command } from './types';

const USAGE = `usage: vigil detect --source audit|coredns|netfilter|falco|auto --input FILE|- [options]

Prints one JSON object per detection on stdout:
  {"rule":"<id>","line":<1-based line>}                       event rules
  {"rule":"<id>","key":"<group value>","lines":[<line>,...]}    window rules
and {"lines":N,"parsed":N,"malformed":N,"rejected":{...},"detections":N} on stderr. Exit 0 unless the input
cannot be read (1) or the options or rules are wrong (2).

options:
  --source S          parser; auto detects the source of each line
  --input FILE        file to read, or - for stdin
  --rules PATH        a rule YAML file or a directory of them (default: the built-in catalog)
  --param ID.N=V      override parameter N of rule ID (repeatable; lists comma-separated)
  --entry-time T      time (RFC 3339 or epoch ms) for lines that carry none
`;

async function readEvents(input: string, source: string, io: CliIO, entryTimeMs?: number) {
  const events: ParsedEvent[] = [];
  const lineOf: number[] = [];
  const summary = newSummary();
  for await (const p of readParsed(input, source, io, { entryTimeMs })) {
    count(summary, p);
    if (p.result.ok) {
      events.push(p.result.event);
      lineOf.push(p.line);
    }
  }
  return { events, lineOf, summary };
}

export const detectCommand: Command = {
  name: 'detect',
  summary: 'run detection rules over a log file and print the detections',
  usage: USAGE,
  async run(argv: string[], io: CliIO): Promise<number> {
    const args = parseArgs(argv, { valued: ['source', 'input', 'rules', 'entry-time'], repeatable: ['param'] });
    const params = paramOverrides(args.lists.param);
    const source = args.options.source;
    if (!source || ![...SOURCE_IDS, 'auto'].includes(source)) {
      throw new UsageError(`--source must be one of ${[...SOURCE_IDS, 'auto'].join(', ')}`);
    }
    const input = args.options.input ?? args.positionals[0];
    if (!input) {
      throw new UsageError('--input FILE (or - for stdin) is required');
    }
    const rules = loadRuleSet(args.options.rules).filter((r) => source === 'auto' || r.logsource.service === source);
    checkParamRules(params, rules);
    const plans: Plan[] = [];
    for (const r of rules) {
      try {
        plans.push(planRule(r, params.get(r.id) ?? {}));
      } catch (e) {
        throw new UsageError(`rule ${r.id}: ${(e as Error).message}`);
      }
    }
    const entryTimeMs = entryTime(args.options['entry-time']);
    let read: Awaited<ReturnType<typeof readEvents>>;
    try {
      read = await readEvents(input, source, io, entryTimeMs);
    } catch (e) {
      io.stderr.write(`vigil detect: cannot read ${input}: ${(e as Error).message}\n`);
      return 1;
    }
    const out: Array<{ first: number; text: string }> = [];
    for (const plan of plans) {
      for (const d of detect(plan, read.events)) {
        const lines = d.events.map((i) => read.lineOf[i]);
        const text =
          d.key === undefined
            ? JSON.stringify({ rule: d.ruleId, line: lines[0] })
            : JSON.stringify({ rule: d.ruleId, key: d.key, lines });
        out.push({ first: lines[lines.length - 1], text });
      }
    }
    out.sort((a, b) => a.first - b.first);
    io.stdout.write(out.map((o) => `${o.text}\n`).join(''));
    const summary = { ...read.summary, detections: out.length };
    io.stderr.write(`${JSON.stringify(summary)}\n`);
    return 0;
  },
};
