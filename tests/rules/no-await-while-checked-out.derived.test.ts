/**
 * no-await-while-checked-out: values built from the held connection do database work on it, however
 * they are reached: mapped into an array, iterated, or handed over inside a callback.
 */
import rule from '../../src/rules/no-await-while-checked-out';
import { ruleTester } from '../rule-tester';

const head = `import pg from 'pg';\nconst pool = new pg.Pool();\nclass Executor {\n  constructor(private c: pg.PoolClient, private g: string[]) {}\n  async execute() {\n    await this.c.query('SELECT 1', this.g);\n  }\n}\n`;
const held = (body: string, params = ''): string =>
  `${head}export async function f(${params}) {\n  const client = await pool.connect();\n  try {\n${body}\n  } finally {\n    client.release();\n  }\n}`;

ruleTester.run('no-await-while-checked-out: derived values', rule, {
  valid: [
    {
      name: 'executors mapped from the connection, filtered, then iterated',
      code: held(`    const executors = groups.map(g => new Executor(client, g));\n    for (const executor of executors.filter(e => !!e)) await executor.execute();`, 'groups: string[][]'),
    },
    {
      name: 'executors mapped with flatMap and iterated from a local',
      code: held(`    const all = groups.flatMap(g => [new Executor(client, g)]);\n    for (const executor of all) {\n      await executor.execute();\n    }`, 'groups: string[][]'),
    },
    {
      name: 'a callback handed over that runs statements on the connection',
      code: held(`    return await cb(async sql => run(client, sql));`, 'cb: (q: (s: string) => Promise<unknown>) => Promise<unknown>, run: (c: pg.PoolClient, s: string) => Promise<unknown>'),
    },
    {
      name: 'a callback with a block body that queries the connection',
      code: held(`    await withRetry(async () => {\n      await client.query('SELECT 1');\n    });`, 'withRetry: (f: () => Promise<void>) => Promise<void>'),
    },
  ],
  invalid: [
    {
      name: 'an array mapped from plain data is not the connection',
      code: held(`    const urls = groups.map(g => g.join('/'));\n    for (const u of urls) await fetch(u);`, 'groups: string[][]'),
      errors: [{ messageId: 'heldAwait', line: 13 }],
    },
    {
      name: 'a callback that does not use the connection is slow work',
      code: held(`    await withRetry(async () => {\n      await fetch('https://example.com');\n    });`, 'withRetry: (f: () => Promise<void>) => Promise<void>'),
      errors: [{ messageId: 'heldAwait', line: 12 }],
    },
  ],
});
