/**
 * no-leaked-connection where the code tells a pool from a client by its class
 * (`db instanceof Pool ? await db.connect() : db`): inside what the test guards, the value is what
 * the driver's class constructs, whatever its name or declared type (`Pool | PoolClient`) says. A
 * checkout made only on that branch is owned only there, and a release guarded by the same test
 * releases it.
 */
import rule from '../../src/rules/no-leaked-connection';
import { jsRuleTester, ruleTester } from '../rule-tester';

const repo = (method: string): string => `import { Pool, PoolClient } from 'pg';

export class Repo {
  constructor(private readonly db: Pool | PoolClient) {}

${method}
}
`;

ruleTester.run('no-leaked-connection (instanceof tells a pool from a client)', rule, {
  valid: [
    {
      name: 'checked out only from a pool, released under the same test',
      code: repo(`  async save(id: number) {
    const client = this.db instanceof Pool ? await this.db.connect() : this.db;
    try {
      await client.query('INSERT INTO t VALUES ($1)', [id]);
    } finally {
      if (this.db instanceof Pool) (client as PoolClient).release();
    }
  }`),
    },
    {
      name: 'an if branch: a parameter that is a pool there is checked out and released in finally',
      code: `import { Pool } from 'pg';
export async function run(executor: unknown, sql: string) {
  if (executor instanceof Pool) {
    const c = await executor.connect();
    try {
      return await c.query(sql);
    } finally {
      c.release();
    }
  }
  return null;
}
`,
    },
    {
      name: 'a class of another library or of the application narrows to nothing of a driver',
      code: `class LocalPool { connect() { return { release() {} }; } }
export async function run(executor: unknown) {
  if (executor instanceof LocalPool) {
    const c = executor.connect();
    return c;
  }
  if (executor instanceof Map) executor.get('connect');
  return null;
}
`,
    },
  ],
  invalid: [
    {
      name: 'checked out from the pool branch and never released',
      code: repo(`  async save(id: number) {
    const client = this.db instanceof Pool ? await this.db.connect() : this.db;
    await client.query('INSERT INTO t VALUES ($1)', [id]);
  }`),
      errors: [{ messageId: 'neverReleased', line: 7 }],
    },
    {
      name: 'an if branch: released only when the query succeeds',
      code: `import { Pool } from 'pg';
export async function run(executor: unknown, sql: string) {
  if (executor instanceof Pool && sql.length > 0) {
    const c = await executor.connect();
    await c.query(sql);
    c.release();
  }
}
`,
      errors: [{ messageId: 'releasedOnlyOnSuccess', line: 4 }],
    },
  ],
});

jsRuleTester.run('no-leaked-connection (instanceof, CommonJS)', rule, {
  valid: [
    {
      name: 'require: `pg.Pool` through the module object',
      code: `const pg = require('pg');
async function query(db, sql) {
  const client = db instanceof pg.Pool ? await db.connect() : db;
  try {
    return await client.query(sql);
  } finally {
    if (db instanceof pg.Pool) client.release();
  }
}
module.exports = { query };
`,
    },
  ],
  invalid: [
    {
      name: 'require with destructuring: the pool branch never releases',
      code: `const { Pool } = require('pg');
async function query(db, sql) {
  const client = db instanceof Pool ? await db.connect() : db;
  return client.query(sql);
}
module.exports = { query };
`,
      errors: [{ messageId: 'neverReleased', line: 3 }],
    },
  ],
});
