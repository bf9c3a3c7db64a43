/**
 * The same inputs under the syntactic analysis and under `typeAware` (the recommended-type-checked
 * preset's setting): types find pools behind untyped names and silence look-alikes.
 */
import { join } from 'node:path';
import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../src/rules/no-leaked-connection';
import plugin from '../src/index';

const fixtures = join(__dirname, 'fixtures', 'typed');
const typed = new RuleTester({
  languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: fixtures } },
  settings: { 'connection-leaks': { typeAware: true } },
});
const syntactic = new RuleTester({ languageOptions: { parserOptions: { ecmaVersion: 'latest', sourceType: 'module' } } });

/** A pool that only its type reveals: returned by a typed factory under a neutral name. */
const poolBehindAName = `import type { Pool } from 'pg';
declare function database(): Pool;
export async function f() {
  const db = database();
  const c = await db.connect();
  await c.query('SELECT 1');
}`;

/** Named like a pool, typed as something else entirely; made by a call, which syntax alone cannot see into. */
const lookAlike = `class WorkerPool {
  async acquire(): Promise<{ run(): Promise<void> }> {
    return { run: async () => {} };
  }
}
const pool = makeWorkerPool();
function makeWorkerPool(): WorkerPool {
  return new WorkerPool();
}
export async function f() {
  const worker = await pool.acquire();
  await worker.run();
}`;

typed.run('no-leaked-connection with types', rule, {
  valid: [{ name: 'a pool-named look-alike whose type is not a driver type', code: lookAlike, filename: join(fixtures, 'file.ts') }],
  invalid: [
    {
      name: 'a pool behind a neutral name, found by its pg type',
      code: poolBehindAName,
      filename: join(fixtures, 'file.ts'),
      errors: [
        {
          messageId: 'neverReleased',
          line: 5,
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: poolBehindAName.replace("  await c.query('SELECT 1');\n", "  try {\n    await c.query('SELECT 1');\n  } finally {\n    c.release();\n  }\n"),
            },
          ],
        },
      ],
    },
  ],
});

syntactic.run('no-leaked-connection without types (same inputs)', rule, {
  valid: [
    { name: 'without types a neutral name is not a pool', code: poolBehindAName },
    {
      name: 'without types a pool-named variable constructed from a local class is not a pool either',
      code: lookAlike.replace('const pool = makeWorkerPool();', 'const pool = new WorkerPool();'),
    },
  ],
  invalid: [
    {
      name: 'without types the pool-named look-alike made by a call is taken for a pool',
      code: lookAlike,
      errors: [
        {
          messageId: 'neverReleased',
          line: 11,
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: lookAlike.replace('  await worker.run();\n', '  try {\n    await worker.run();\n  } finally {\n    pool.release(worker);\n  }\n'),
            },
          ],
        },
      ],
    },
  ],
});

import { describe, expect, it } from 'vitest';

describe('recommended-type-checked preset', () => {
  it('has the recommended rules and switches type awareness on', () => {
    const preset = plugin.configs['recommended-type-checked'];
    expect(preset.rules).toEqual(plugin.configs.recommended.rules);
    expect(preset.settings).toEqual({ 'connection-leaks': { typeAware: true } });
  });
});
