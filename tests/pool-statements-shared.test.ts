// The statement rules share one look at each call of a file: each must report alone, and both together.
import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index';

const code = `import pg from 'pg';
const db = new pg.Pool();
export async function f(schema: string) {
  await db.query('BEGIN');
  await db.query(\`SET search_path TO \${schema}\`);
  await db.query(sql\`LISTEN jobs\`);
}
declare const sql: (parts: TemplateStringsArray) => string;`;

function rulesReported(rules: string[]): string[] {
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(code, [
    {
      files: ['**/*.ts'],
      languageOptions: { parser: tsParser },
      plugins: { 'connection-leaks': plugin as never },
      rules: Object.fromEntries(rules.map(rule => [`connection-leaks/${rule}`, 'error'])),
    },
  ], 'file.ts');
  return messages.map(m => `${m.line} ${m.ruleId}`);
}

describe('the statement rules read the calls together', () => {
  const transaction = ['4 connection-leaks/no-transaction-on-pool'];
  const session = ['5 connection-leaks/no-session-state-on-pool', '6 connection-leaks/no-session-state-on-pool'];
  it('reports each rule alone', () => {
    expect(rulesReported(['no-transaction-on-pool'])).toEqual(transaction);
    expect(rulesReported(['no-session-state-on-pool'])).toEqual(session);
  });
  it('reports both, in either order of the configuration', () => {
    expect(rulesReported(['no-transaction-on-pool', 'no-session-state-on-pool'])).toEqual([...transaction, ...session]);
    expect(rulesReported(['no-session-state-on-pool', 'no-transaction-on-pool'])).toEqual([...transaction, ...session]);
  });
});
