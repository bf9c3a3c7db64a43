/**
 * no-leaked-connection: when the function holds a connection at all. A lazy handle holds one only
 * from its first use, and a failing connect holds nothing; a conditional checkout is owned on the
 * branch that checks out; a call of a same-file function that catches everything cannot throw.
 */
import awaits from '../../src/rules/no-await-while-checked-out';
import leaked from '../../src/rules/no-leaked-connection';
import { ruleTester } from '../rule-tester';

const typeorm = `import { DataSource, QueryRunner } from 'typeorm';\nconst ds = new DataSource({ type: 'postgres' });\n`;
const pg = `import pg from 'pg';\nconst pool = new pg.Pool();\n`;
const fn = (head: string, body: string, params = ''): string => `${head}export async function f(${params}) {\n${body}\n}`;

ruleTester.run('no-leaked-connection: ownership', leaked, {
  valid: [
    {
      name: 'lazy: the documented connect-then-try shape',
      code: fn(typeorm, `  const qr = ds.createQueryRunner();
  await qr.connect();
  try {
    await qr.query('SELECT 1');
  } finally {
    await qr.release();
  }`),
    },
    { name: 'lazy: a runner only read holds nothing', code: fn(typeorm, `  const qr = ds.createQueryRunner();\n  return qr.connection.options;`) },
    {
      name: 'lazy: slow work before the first use holds nothing',
      code: fn(typeorm, `  const qr = ds.createQueryRunner();
  const rows = await fetchRows();
  try {
    await qr.query('INSERT', rows);
  } finally {
    await qr.release();
  }`, 'fetchRows: () => Promise<unknown[]>'),
    },
    {
      name: 'lazy: released behind its own released state',
      code: fn(typeorm, `  const qr = ds.createQueryRunner();
  try {
    await qr.query('SELECT 1');
  } finally {
    if (!qr.isReleased) await qr.release();
  }`),
    },
    {
      name: 'conditional: a given runner is not ours, the fresh one is released under the same test',
      code: fn(typeorm, `  const qr = given ?? ds.createQueryRunner();
  try {
    await qr.query('SELECT 1');
  } finally {
    if (!given) await qr.release();
  }`, 'given?: QueryRunner'),
    },
    {
      name: 'conditional: || with an awaited checkout, released when the option was undefined',
      code: fn(pg, `  const client = c || (await pool.connect());
  try {
    await client.query('SELECT 1');
  } finally {
    if (c === undefined) client.release();
  }`, 'c?: pg.PoolClient'),
    },
    {
      name: 'conditional: a ternary between a given client and a fresh one',
      code: fn(pg, `  const client = c ? c : await pool.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    if (!c) client.release();
  }`, 'c?: pg.PoolClient'),
    },
    {
      name: 'cannot throw: a same-file helper that returns an [error, result] tuple',
      code: `${pg}async function safely<T>(p: Promise<T>): Promise<[unknown, T | null]> {
  try {
    return [null, await p];
  } catch (e) {
    return [e, null];
  }
}
export async function f() {
  const client = await pool.connect();
  const [err, rows] = await safely(client.query('SELECT 1'));
  client.release();
  return err ?? rows;
}`,
    },
    {
      name: 'cannot throw: a promise chain helper ending in a settling catch',
      code: `${pg}const to = <T,>(p: Promise<T>) => p.then(d => [null, d] as const).catch(e => [e, null] as const);
export async function f() {
  const client = await pool.connect();
  const [err] = await to(client.query('SELECT 1'));
  client.release();
  return err;
}`,
    },
  ],
  invalid: [
    {
      name: 'lazy: a failing query after the connect leaks the runner',
      code: fn(typeorm, `  const qr = ds.createQueryRunner();\n  await qr.connect();\n  await qr.query('SELECT 1');\n  await qr.release();`),
      errors: [
        {
          messageId: 'releasedOnlyOnSuccess',
          line: 4,
          data: { handle: 'qr', call: '`qr.query()`', line: '6' },
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: fn(typeorm, `  const qr = ds.createQueryRunner();
  try {
    await qr.connect();
    await qr.query('SELECT 1');
  } finally {
    await qr.release();
  }`),
            },
          ],
        },
      ],
    },
    {
      name: 'lazy: used and never released',
      code: fn(typeorm, `  const qr = ds.createQueryRunner();\n  await qr.query('SELECT 1');`),
      errors: [
        {
          messageId: 'neverReleased',
          line: 4,
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: fn(typeorm, `  const qr = ds.createQueryRunner();\n  try {\n    await qr.query('SELECT 1');\n  } finally {\n    await qr.release();\n  }`),
            },
          ],
        },
      ],
    },
    {
      name: 'conditional: the fresh runner is never released',
      code: fn(typeorm, `  const qr = given ?? ds.createQueryRunner();\n  await qr.query('SELECT 1');`, 'given?: QueryRunner'),
      errors: [{ messageId: 'neverReleased', line: 4 }],
    },
    {
      name: 'conditional: the fresh client is released only on success',
      code: fn(pg, `  const client = c ?? (await pool.connect());\n  await client.query('SELECT 1');\n  if (!c) client.release();`, 'c?: pg.PoolClient'),
      errors: [{ messageId: 'releasedOnlyOnSuccess', line: 4, data: { handle: 'client', call: '`client.query()`', line: '5' } }],
    },
    {
      name: 'a helper whose catch rethrows can throw',
      code: `${pg}async function logged<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    console.error(e);
    throw e;
  }
}
export async function f() {
  const client = await pool.connect();
  await logged(client.query('SELECT 1'));
  client.release();
}`,
      errors: [
        {
          messageId: 'releasedOnlyOnSuccess',
          line: 12,
          data: { handle: 'client', call: '`logged()`', line: '13' },
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `${pg}async function logged<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    console.error(e);
    throw e;
  }
}
export async function f() {
  const client = await pool.connect();
  try {
    await logged(client.query('SELECT 1'));
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('no-await-while-checked-out: lazy handles', awaits, {
  valid: [
    {
      name: 'slow work before the runner is first used holds nothing',
      code: fn(typeorm, `  const qr = ds.createQueryRunner();
  const body = await fetch('https://example.com');
  try {
    await qr.query('INSERT', [body]);
  } finally {
    await qr.release();
  }`),
    },
  ],
  invalid: [
    {
      name: 'slow work after the runner connected',
      code: fn(typeorm, `  const qr = ds.createQueryRunner();
  await qr.connect();
  try {
    const body = await fetch('https://example.com');
    await qr.query('INSERT', [body]);
  } finally {
    await qr.release();
  }`),
      errors: [
        {
          messageId: 'heldAwait',
          line: 7,
          suggestions: [
            {
              messageId: 'moveBeforeAcquire',
              output: fn(typeorm, `  const body = await fetch('https://example.com');
  const qr = ds.createQueryRunner();
  await qr.connect();
  try {
    await qr.query('INSERT', [body]);
  } finally {
    await qr.release();
  }`),
            },
          ],
        },
      ],
    },
  ],
});

const appPool = `import { db } from './db';\n`;

ruleTester.run('no-leaked-connection: getconn and putconn on any receiver', leaked, {
  valid: [
    {
      name: 'a pool imported from the application, released in finally',
      code: fn(appPool, `  const conn = await db.getconn();\n  try {\n    await conn.query('SELECT 1');\n  } finally {\n    db.putconn(conn);\n  }`),
    },
    {
      name: 'a pool held in a field, released in finally',
      code: `export class Repo {\n  constructor(private readonly store: { getconn(): Promise<any>; putconn(c: unknown): void }) {}\n  async one() {\n    const conn = await this.store.getconn();\n    try {\n      return await conn.query('SELECT 1');\n    } finally {\n      this.store.putconn(conn);\n    }\n  }\n}`,
    },
  ],
  invalid: [
    {
      name: 'a pool imported from the application, released only on success',
      code: fn(appPool, `  const conn = await db.getconn();\n  await conn.query('SELECT 1');\n  db.putconn(conn);`),
      errors: [
        {
          messageId: 'releasedOnlyOnSuccess',
          line: 3,
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: fn(appPool, `  const conn = await db.getconn();\n  try {\n    await conn.query('SELECT 1');\n  } finally {\n    db.putconn(conn);\n  }`),
            },
          ],
        },
      ],
    },
    {
      name: 'an injected store, never given back',
      code: `export async function f(store: any) {\n  const conn = await store.getconn();\n  return conn.query('SELECT 1');\n}`,
      errors: [{ messageId: 'neverReleased', line: 2, suggestions: [{ messageId: 'wrapInFinally', output: `export async function f(store: any) {\n  const conn = await store.getconn();\n  try {\n    return await conn.query('SELECT 1');\n  } finally {\n    store.putconn(conn);\n  }\n}` }] }],
    },
  ],
});

ruleTester.run('no-leaked-connection: ending the pool that lent the connection', leaked, {
  valid: [
    {
      name: 'a DataSource built for one call and destroyed in finally releases its runner',
      code: fn(typeorm.replace(`const ds = new DataSource({ type: 'postgres' });\n`, ''), `  const ds = new DataSource(opts);
  await ds.initialize();
  const qr = ds.createQueryRunner();
  try {
    await qr.query('SELECT 1');
  } finally {
    await ds.destroy();
  }`, 'opts: any'),
    },
    {
      name: 'a pool built for a script and ended in finally releases its client',
      code: `import pg from 'pg';\nexport async function f(url: string) {\n  const pool = new pg.Pool({ connectionString: url });\n  try {\n    const client = await pool.connect();\n    await client.query('SELECT 1');\n  } finally {\n    await pool.end();\n  }\n}`,
    },
    {
      name: 'a knex instance built for one call and destroyed',
      code: `import knex from 'knex';\nexport async function f(connection: string) {\n  const db = knex({ client: 'pg', connection });\n  const trx = await db.transaction();\n  try {\n    await trx('t').insert({});\n  } finally {\n    await db.destroy();\n  }\n}`,
    },
  ],
  invalid: [
    {
      name: 'a shared pool ended by one caller does not release that caller\'s client in time',
      code: fn(pg, `  const client = await pool.connect();\n  await client.query('SELECT 1');\n  await pool.end();`),
      errors: [
        {
          messageId: 'neverReleased',
          line: 4,
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: fn(pg, `  const client = await pool.connect();\n  try {\n    await client.query('SELECT 1');\n  } finally {\n    client.release();\n  }\n  await pool.end();`),
            },
          ],
        },
      ],
    },
  ],
});
