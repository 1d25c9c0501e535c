/** @jest-environment node */
// PromQL quoting checked by the real Prometheus parser: `promtool test rules` evaluates
// label_replace with our literal and compares with the same value written one code point
// at a time as \U escapes, an encoding independent of the one under test.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { quotePromQLLabelValue } from './escape';

const promtool = process.env.PROMTOOL_BIN ?? 'promtool';

function codePointEscaped(value: string): string {
  return '"' + Array.from(value, (ch) => '\\U' + ch.codePointAt(0)!.toString(16).padStart(8, '0')).join('') + '"';
}

describe('PromQL label value quoting under promtool', () => {
  it('decodes to the input in Prometheus for fuzzed values', () => {
    // Prometheus drops empty-valued labels, so values are non-empty.
    const values = fc.sample(
      fc.oneof(
        fc.string({ unit: 'binary', minLength: 1 }),
        fc.string({
          unit: fc.constantFrom('\\', '"', "'", '`', '\n', '\r', '\t', '\u0000', 'é', '😀', 'a'),
          minLength: 1,
        })
      ),
      { numRuns: 150, seed: 42 }
    );
    const tests = values.map((value) => ({
      eval_time: '0m',
      expr: `label_replace(vector(1), "v", ${quotePromQLLabelValue(value)}, "", "")`,
      exp_samples: [{ labels: `{v=${codePointEscaped(value)}}`, value: 1 }],
    }));
    const dir = mkdtempSync(join(tmpdir(), 'vigil-promql-'));
    try {
      const file = join(dir, 'quoting.test.yml');
      writeFileSync(file, stringify({ tests: [{ interval: '1m', input_series: [], promql_expr_test: tests }] }));
      let output = '';
      try {
        output = execFileSync(promtool, ['test', 'rules', file], { encoding: 'utf8', stdio: 'pipe' });
      } catch (err) {
        const e = err as { code?: string; stdout?: string; stderr?: string };
        if (e.code === 'ENOENT') {
          throw new Error(`${promtool} not found: run scripts/setup.sh (installs Debian's prometheus)`);
        }
        throw new Error(`promtool rejected the quoted values:\n${e.stdout}\n${e.stderr}`);
      }
      expect(output).toMatch(/SUCCESS/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails when a value is not quoted (the check can fail)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-promql-'));
    try {
      const file = join(dir, 'bad.test.yml');
      const expr = 'label_replace(vector(1), "v", "a"b", "", "")';
      const test = { eval_time: '0m', expr, exp_samples: [{ labels: '{v="a\\"b"}', value: 1 }] };
      writeFileSync(file, stringify({ tests: [{ interval: '1m', input_series: [], promql_expr_test: [test] }] }));
      expect(() => execFileSync(promtool, ['test', 'rules', file], { stdio: 'pipe' })).toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
