// Linting the very same tree again (`linter.verify(sourceCode)`, a parser that caches trees) is a new
// lint: the rules that share one analysis per file must report as they did the first time.
import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index';

const code = `import { Pool } from 'pg';
const pool = new Pool();
export async function handler(req: unknown, res: unknown) {
  await pool.query('BEGIN');
  await pool.query('SET search_path TO app');
  await pool.end();
}
export async function leak() {
  const client = await pool.connect();
  await client.query('SELECT 1');
  await fetch('https://example.com');
  client.release();
}`;

function twice(rules: string[]): [string[], string[]] {
  const linter = new Linter({ configType: 'flat' });
  const config = [
    {
      files: ['**/*.ts'],
      languageOptions: { parser: tsParser },
      plugins: { 'connection-leaks': plugin as never },
      rules: Object.fromEntries(rules.map(rule => [`connection-leaks/${rule}`, 'error' as const])),
    },
  ];
  const show = (messages: Linter.LintMessage[]): string[] => messages.map(m => `${m.line} ${m.ruleId}`);
  const first = show(linter.verify(code, config, 'f.ts'));
  const second = show(linter.verify(linter.getSourceCode()!, config, 'f.ts'));
  return [first, second];
}

describe('a tree linted twice', () => {
  const sets = [
    ['no-transaction-on-pool'],
    ['no-session-state-on-pool', 'no-transaction-on-pool'],
    ['no-await-while-checked-out', 'no-leaked-connection'],
    ['no-shared-pool-close', 'no-await-while-checked-out'],
    Object.keys(plugin.rules),
  ];
  for (const rules of sets) {
    it(`reports the same the second time: ${rules.length > 4 ? 'every rule' : rules.join(', ')}`, () => {
      const [first, second] = twice(rules);
      expect(first.length).toBeGreaterThan(0);
      expect(second).toEqual(first);
    });
  }
});

describe('a tree without a clue linted again', () => {
  const cluelessCode = ['export async function f(db) {', '  const c = await db.lease();', "  await c.query('SELECT 1');", '}'].join('\n');
  const lease = { pools: [{ receiver: '^db$', acquire: ['lease'], release: [{ method: 'done' }] }] };
  const config = (settings: unknown) => [
    {
      files: ['**/*.js'],
      plugins: { 'connection-leaks': plugin as never },
      settings: { 'connection-leaks': settings },
      rules: Object.fromEntries(Object.keys(plugin.rules).map(rule => [`connection-leaks/${rule}`, 'error' as const])),
    },
  ];

  it('is analysed once settings give it a clue, and silent again without them', () => {
    const linter = new Linter({ configType: 'flat' });
    const rulesOf = (messages: Linter.LintMessage[]): (string | null)[] => messages.map(m => m.ruleId);
    const without = rulesOf(linter.verify(cluelessCode, config(undefined), 'f.js'));
    const tree = linter.getSourceCode()!;
    const withLease = rulesOf(linter.verify(tree, config(lease), 'f.js'));
    const againWithout = rulesOf(linter.verify(tree, config(undefined), 'f.js'));
    const againWithLease = rulesOf(linter.verify(tree, config(lease), 'f.js'));
    expect([without, withLease, againWithout, againWithLease]).toEqual([[], ['connection-leaks/no-leaked-connection'], [], ['connection-leaks/no-leaked-connection']]);
  });

  it('leaves the next file its own analysis', () => {
    const linter = new Linter({ configType: 'flat' });
    const first = linter.verify(cluelessCode, config(undefined), 'f.js');
    const second = linter.verify(code.replace(/: unknown/g, ''), config(undefined), 'g.js');
    expect(first).toEqual([]);
    expect(second.map(m => m.ruleId)).toContain('connection-leaks/no-leaked-connection');
  });
});
