/**
 * Objects that own a checkout and dispose of it: a same-file class whose `[Symbol.asyncDispose]()`
 * (or `[Symbol.dispose]()`) releases the connection it holds is released by `await using` (or
 * `using`) at the end of the block, and by an explicit call of that method; a class without one
 * (or one that releases only on some paths) leaves `using` without a release.
 */
import rule from '../../src/rules/no-leaked-connection';
import preferPoolQuery from '../../src/rules/prefer-pool-query';
import { ruleTester } from '../rule-tester';

const SESSION = `import { Pool, PoolClient } from 'pg';
const pool = new Pool();

class Session {
  constructor(private readonly client: PoolClient) {}
  query(sql: string) {
    return this.client.query(sql);
  }
  async [Symbol.asyncDispose]() {
    this.client.release();
  }
}
`;

const SYNC_SESSION = `import { Pool, PoolClient } from 'pg';
const pool = new Pool();

class Session {
  constructor(private readonly client: PoolClient) {}
  query(sql: string) {
    return this.client.query(sql);
  }
  [Symbol.dispose]() {
    this.client.release();
  }
}
`;

const PARTIAL_SESSION = `import { Pool, PoolClient } from 'pg';
const pool = new Pool();

class Session {
  constructor(private readonly client: PoolClient, private readonly keep: boolean) {}
  query(sql: string) {
    return this.client.query(sql);
  }
  async [Symbol.asyncDispose]() {
    if (!this.keep) this.client.release();
  }
}
`;

const run = (body: string): string => `
export async function run(sql: string) {
${body}
}
`;

ruleTester.run('no-leaked-connection (objects that dispose of their checkout)', rule, {
  valid: [
    { name: '`await using` of a class whose [Symbol.asyncDispose]() releases', code: SESSION + run('  await using s = new Session(await pool.connect());\n  await s.query(sql);') },
    { name: '`using` of a class whose [Symbol.dispose]() releases', code: SYNC_SESSION + run('  using s = new Session(await pool.connect());\n  await s.query(sql);') },
    { name: '`await using` also calls a synchronous [Symbol.dispose]()', code: SYNC_SESSION + run('  await using s = new Session(await pool.connect());\n  await s.query(sql);') },
    {
      name: 'the dispose method called in finally',
      code: SESSION + run('  const s = new Session(await pool.connect());\n  try {\n    await s.query(sql);\n  } finally {\n    await s[Symbol.asyncDispose]();\n  }'),
    },
  ],
  invalid: [
    {
      name: 'never disposed: the message writes the call with its symbol',
      code: SESSION + run('  const s = new Session(await pool.connect());\n  await s.query(sql);'),
      errors: [
        {
          messageId: 'neverReleased',
          data: { handle: 's', releaseCall: '`s[Symbol.asyncDispose]()`' },
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output:
                SESSION + run('  const s = new Session(await pool.connect());\n  try {\n    await s.query(sql);\n  } finally {\n    await s[Symbol.asyncDispose]();\n  }'),
            },
          ],
        },
      ],
    },
    {
      name: '`using` needs [Symbol.dispose]: an async-only disposer does not run',
      code: SESSION + run('  using s = new Session(await pool.connect());\n  await s.query(sql);'),
      errors: [{ messageId: 'ownerNotDisposable', data: { handle: 's', ownerClass: 'Session' } }],
    },
    {
      name: 'a disposer that releases only on some paths',
      code: PARTIAL_SESSION + run('  await using s = new Session(await pool.connect(), false);\n  await s.query(sql);'),
      errors: [{ messageId: 'ownerNotDisposable', data: { handle: 's', ownerClass: 'Session' } }],
    },
  ],
});

ruleTester.run('prefer-pool-query (objects that own a checkout)', preferPoolQuery, {
  valid: [
    {
      name: "one call of the owning object's method is its own work, not one driver query",
      code: SESSION + run('  const s = new Session(await pool.connect());\n  try {\n    await s.query(sql);\n  } finally {\n    await s[Symbol.asyncDispose]();\n  }'),
    },
  ],
  invalid: [],
});
