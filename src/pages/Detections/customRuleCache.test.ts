/** @jest-environment node */
import fs from 'node:fs';
import path from 'node:path';
import { loadCustomRule, loadCustomRulesIncrementally, textHash, type CustomLoadState } from './customRuleCache';

const dir = path.join(__dirname, '../../detections/catalog/rules');
const sample = fs.readFileSync(path.join(dir, fs.readdirSync(dir)[0]), 'utf8');
const entry = (i: number) => ({ id: `c-${i}`, yaml: sample.replace(/^id: .*$/m, `id: c-${i}`) });

test('the hash separates texts that differ in one character', () => {
  expect(textHash('abc')).not.toBe(textHash('abd'));
  expect(textHash('abc')).toBe(textHash('abc'));
});

test('a text is validated once: the second load returns the same result object', () => {
  const e = entry(1000);
  expect(loadCustomRule(e.yaml)).toBe(loadCustomRule(e.yaml));
});

test('entries load in slices, keeping every rule and every error, and end with nothing pending', async () => {
  const entries = [...Array.from({ length: 40 }, (_, i) => entry(i)), { id: 'broken', yaml: 'title: [' }];
  const updates: CustomLoadState[] = [];
  await new Promise<void>((resolve) =>
    loadCustomRulesIncrementally(
      entries,
      (s) => {
        updates.push(s);
        if (s.pending === 0 && updates.length > 1) {
          resolve();
        }
      },
      1,
      0
    )
  );
  const last = updates[updates.length - 1];
  expect(updates[0].pending).toBe(41);
  expect(last.rules.map((r) => r.rule.id)).toEqual(entries.slice(0, 40).map((e) => e.id));
  expect(last.errors).toHaveLength(1);
  expect(last.errors[0]).toMatch(/^broken: line/);
  // Second time everything is cached: the first update already holds all of it.
  const again: CustomLoadState[] = [];
  loadCustomRulesIncrementally(entries, (s) => again.push(s))();
  expect(again[0]).toMatchObject({ pending: 0 });
  expect(again[0].rules).toHaveLength(40);
});
