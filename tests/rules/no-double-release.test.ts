/**
 * no-double-release: the second release of one handle on one path, per shape (try + finally,
 * catch + finally, branches, sequence, a callback's `done`) and per driver of src/drivers that has
 * handles, with the driver's behaviour in the message (`data.consequence`) and the exact output of
 * the removeRelease suggestion. Pools are bound to names the name heuristic does not match unless the
 * case is about the heuristic, so the reports come from the tracked import.
 *
 * Known wrong shapes are listed for users in docs/known-limitations.md, not here.
 */
import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import rule, { type MessageId } from '../../src/rules/no-double-release';
import { jsRuleTester, ruleTester } from '../rule-tester';

type Invalid = InvalidTestCase<MessageId, []>;

/** The driver behaviours of src/drivers (`doubleRelease`), as the message words them. */
const THROWS = 'the driver throws on the second release';
const REJECTS = 'the second release returns a rejected promise (an unhandled rejection when not awaited)';
const SILENT = 'the driver ignores it, which hides a lifecycle bug (the handle may be used after its release)';
const UNSAFE = 'the driver does not guard it and may hand the same connection to two callers';
const UNKNOWN = 'a second release can corrupt the pool';

/** The code with one (1-based) line removed: what removeRelease leaves when the release stands alone on its line. */
function withoutLine(code: string, line: number): string {
  const lines = code.split('\n');
  lines.splice(line - 1, 1);
  return lines.join('\n');
}

/**
 * One report at `line` (the second release, alone on its line), naming the first release at `first`,
 * with the removeRelease suggestion deleting that line.
 */
function twice(name: string, code: string, handle: string, line: number, first: number, consequence: string): Invalid {
  return {
    name,
    code,
    errors: [
      {
        messageId: 'doubleRelease',
        line,
        data: { handle, line: String(first), consequence },
        suggestions: [{ messageId: 'removeRelease', output: withoutLine(code, line) }],
      },
    ],
  };
}

// ----- shapes, on pg ------------------------------------------------------------------------------

const tryAndFinally = `import { Pool } from 'pg';
const db = new Pool();
export async function count() {
  const client = await db.connect();
  try {
    const { rows } = await client.query('SELECT count(*) FROM t');
    client.release();
    return rows[0];
  } finally {
    client.release();
  }
}`;

const tryAndFinallyOutput = `import { Pool } from 'pg';
const db = new Pool();
export async function count() {
  const client = await db.connect();
  try {
    const { rows } = await client.query('SELECT count(*) FROM t');
    client.release();
    return rows[0];
  } finally {
  }
}`;

const catchAndFinally = `import { Pool } from 'pg';
const db = new Pool();
export async function touch() {
  const client = await db.connect();
  try {
    await client.query('UPDATE t SET n = n + 1');
  } catch (error) {
    client.release();
    throw error;
  } finally {
    client.release();
  }
}`;

const acrossBranches = `import { Pool } from 'pg';
const db = new Pool();
export async function f(cached: boolean) {
  const client = await db.connect();
  if (cached) {
    client.release();
  }
  client.release();
}`;

const inSequence = `import { Pool } from 'pg';
const db = new Pool();
export async function f() {
  const client = await db.connect();
  await client.query('SELECT 1');
  client.release();
  client.release();
}`;

const afterTryFinally = `import { Pool } from 'pg';
const db = new Pool();
export async function releasedTwice() {
  const client = await db.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    client.release();
  }
  client.release();
}`;

/** The first release is `done` handed to `client.query` as its callback. */
const doneAsCallback = `import { Pool } from 'pg';
const db = new Pool();
export function f() {
  db.connect((err, client, done) => {
    if (err) return;
    client.query('SELECT 1', done);
    done();
  });
}`;

const doneTwice = `import { Pool } from 'pg';
const db = new Pool();
export function f() {
  db.connect((err, client, done) => {
    if (err) return;
    done();
    done();
  });
}`;

const doneThenRelease = `import { Pool } from 'pg';
const db = new Pool();
export function f() {
  db.connect((err, client, done) => {
    if (err) return;
    done();
    client.release();
  });
}`;

const thenForm = `import { Pool } from 'pg';
const db = new Pool();
export function f() {
  return db.connect().then((client) => {
    client.release();
    client.release();
  });
}`;

/** The catch path reaches the finally's release after the catch's own (ESLint's code path through `finally`). */
const catchReleasesAndFinally = `import { Pool } from 'pg';
const db = new Pool();
export async function f() {
  const client = await db.connect();
  try {
    await client.query('SELECT 1');
  } catch (error) {
    client.release(error as Error);
    throw error;
  } finally {
    client.release();
  }
}`;

/** `let` declared before the `try`, assigned inside: the optional-chained release in `finally` is the second. */
const letInTry = `import { Pool, type PoolClient } from 'pg';
const db = new Pool();
export async function f() {
  let client: PoolClient | undefined;
  try {
    client = await db.connect();
    await client.query('SELECT 1');
    client.release();
  } finally {
    client?.release();
  }
}`;

/** The guarded release in `finally` is an `if`: removing it removes the whole statement. */
const guardedSecond = `import { Pool, type PoolClient } from 'pg';
const db = new Pool();
export async function f() {
  let client: PoolClient | null = await db.connect();
  try {
    await client.query('SELECT 1');
    client.release();
  } finally {
    if (client) client.release();
  }
}`;

ruleTester.run('no-double-release', rule, {
  valid: [
    {
      name: 'pg: release in finally only',
      code: `import { Pool } from 'pg';
const db = new Pool();
export async function f() {
  const client = await db.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    client.release();
  }
}`,
    },
    {
      name: 'pg: release(err) in catch and release() after the try are on different paths',
      code: `import { Pool } from 'pg';
const db = new Pool();
export async function f() {
  const client = await db.connect();
  try {
    await client.query('SELECT 1');
  } catch (err) {
    client.release(err as Error);
    throw err;
  }
  client.release();
}`,
    },
    {
      name: 'pg: release on success in the try, release(err) in a rethrowing catch',
      code: `import { Pool } from 'pg';
const db = new Pool();
export async function f() {
  const client = await db.connect();
  try {
    const result = await client.query('SELECT 1');
    client.release();
    return result;
  } catch (err) {
    client.release(err as Error);
    throw err;
  }
}`,
    },
    {
      name: 'pg: the variable is reassigned to a new checkout between the releases',
      code: `import { Pool } from 'pg';
const db = new Pool();
export async function f() {
  let client = await db.connect();
  client.release();
  client = await db.connect();
  client.release();
}`,
    },
    {
      name: 'pg: `client = null` after the release, guarded `if (client)` release in finally',
      code: `import { Pool, type PoolClient } from 'pg';
const db = new Pool();
export async function f() {
  let client: PoolClient | null = await db.connect();
  try {
    await client.query('SELECT 1');
    client.release();
    client = null;
  } finally {
    if (client) client.release();
  }
}`,
    },
    {
      name: 'pg: `client = undefined` after the release in the try, `client?.release()` in finally',
      code: `import { Pool, type PoolClient } from 'pg';
const db = new Pool();
export async function f() {
  let client: PoolClient | undefined = await db.connect();
  try {
    await client.query('SELECT 1');
    client.release();
    client = undefined;
    await db.query('SELECT 2');
  } finally {
    client?.release();
  }
}`,
    },
    {
      name: 'pg: `client = null` in a catch without finally, guarded release after',
      code: `import { Pool } from 'pg';
const db = new Pool();
export async function f() {
  let client = await db.connect();
  try {
    await client.query('SELECT 1');
  } catch (e) {
    client.release();
    client = null;
  }
  if (client) client.release();
}`,
    },
    {
      name: 'pg: one release in each branch of an if/else',
      code: `import { Pool } from 'pg';
const db = new Pool();
export async function f(ok: boolean) {
  const client = await db.connect();
  if (ok) {
    client.release();
  } else {
    client.release(new Error('bad'));
  }
}`,
    },
    {
      name: 'pg: release before an early return, release at the end',
      code: `import { Pool } from 'pg';
const db = new Pool();
export async function f(skip: boolean) {
  const client = await db.connect();
  if (skip) {
    client.release();
    return;
  }
  await client.query('SELECT 1');
  client.release();
}`,
    },
    {
      name: 'pg: one release per switch case',
      code: `import { Pool } from 'pg';
const db = new Pool();
export async function f(kind: string) {
  const client = await db.connect();
  switch (kind) {
    case 'a':
      client.release();
      break;
    default:
      client.release();
  }
}`,
    },
    {
      name: 'pg: one release in .finally() of the chain',
      code: `import { Pool } from 'pg';
const db = new Pool();
export async function f() {
  const client = await db.connect();
  return client.query('SELECT 1').finally(() => client.release());
}`,
    },
    {
      name: 'pg: a checkout and its release per loop iteration',
      code: `import { Pool } from 'pg';
const db = new Pool();
export async function f(ids: number[]) {
  for (const id of ids) {
    const client = await db.connect();
    try {
      await client.query('SELECT $1', [id]);
    } finally {
      client.release();
    }
  }
}`,
    },
    {
      name: 'pg: two handles of the same pool, each released once',
      code: `import { Pool } from 'pg';
const db = new Pool();
export async function f() {
  const a = await db.connect();
  a.release();
  const b = await db.connect();
  b.release();
}`,
    },
    {
      name: 'pg: callback form, done() called once on each path',
      code: `import { Pool } from 'pg';
const db = new Pool();
export function f(cb: (err: Error | null) => void) {
  db.connect((err, client, done) => {
    if (err) return cb(err);
    client.query('SELECT 1', (queryErr) => {
      done(queryErr);
      cb(queryErr);
    });
  });
}`,
    },
    {
      name: 'mysql2: release on success, destroy in a rethrowing catch (synchronous releases)',
      code: `import mysql from 'mysql2/promise';
const db = mysql.createPool({});
export async function f() {
  const conn = await db.getConnection();
  try {
    await conn.query('SELECT 1');
    conn.release();
  } catch (e) {
    conn.destroy();
    throw e;
  }
}`,
    },
    {
      name: 'TypeORM: commitTransaction / rollbackTransaction are not releases; release in finally',
      code: `import { DataSource } from 'typeorm';
const ds = new DataSource({ type: 'postgres' });
export async function f() {
  const runner = ds.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  try {
    await runner.query('SELECT 1');
    await runner.commitTransaction();
  } catch (e) {
    await runner.rollbackTransaction();
    throw e;
  } finally {
    await runner.release();
  }
}`,
    },
    {
      name: 'knex: commit after a try whose catch rolls back and rethrows',
      code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function f() {
  const trx = await db.transaction();
  try {
    await trx('a').insert({});
  } catch (e) {
    await trx.rollback();
    throw e;
  }
  await trx.commit();
}`,
    },
    {
      name: 'mssql: PreparedStatement unprepared once in finally',
      code: `import sql from 'mssql';
const db = new sql.ConnectionPool({} as sql.config);
export async function f() {
  const ps = new sql.PreparedStatement(db);
  await ps.prepare('SELECT 1');
  try {
    return await ps.execute({});
  } finally {
    await ps.unprepare();
  }
}`,
    },
    {
      name: 'generic-pool: release once in finally',
      code: `import genericPool from 'generic-pool';
const resources = genericPool.createPool({ create: async () => ({}), destroy: async () => {} });
export async function f() {
  const r = await resources.acquire();
  try {
    return r;
  } finally {
    await resources.release(r);
  }
}`,
    },
    {
      name: 'prisma, slonik, drizzle: no handle API, scoped helpers only',
      code: `import { PrismaClient } from '@prisma/client';
import { createPool } from 'slonik';
import { drizzle } from 'drizzle-orm/node-postgres';
const prisma = new PrismaClient();
const slonik = await createPool('postgres://');
const orm = drizzle('postgres://');
export async function f() {
  await prisma.$transaction(async (tx) => tx.user.findMany());
  await slonik.transaction(async (t) => t.query({} as never));
  await orm.transaction(async (tx) => tx.select());
}`,
    },
  ],
  invalid: [
    // ----- shapes ------------------------------------------------------------------------------------
    {
      name: 'pg: release in the try and again in finally',
      code: tryAndFinally,
      errors: [
        {
          messageId: 'doubleRelease',
          line: 10,
          column: 5,
          endLine: 10,
          endColumn: 22,
          data: { handle: 'client', line: '7', consequence: UNSAFE },
          suggestions: [{ messageId: 'removeRelease', output: tryAndFinallyOutput }],
        },
      ],
    },
    twice('pg: release in a rethrowing catch and again in finally', catchAndFinally, 'client', 11, 8, UNSAFE),
    twice('pg: release(err) in a rethrowing catch and release() in finally', catchReleasesAndFinally, 'client', 11, 8, UNSAFE),
    twice('pg: released in one branch, then again after it', acrossBranches, 'client', 8, 6, UNSAFE),
    twice('pg: released twice in sequence', inSequence, 'client', 7, 6, UNSAFE),
    twice('pg: released in finally, then again after the try (shared case)', afterTryFinally, 'client', 10, 8, UNSAFE),
    twice('pg: callback form, done() after done was handed to client.query as its callback', doneAsCallback, 'client', 7, 6, UNSAFE),
    twice('pg: callback form, done() twice', doneTwice, 'client', 7, 6, UNSAFE),
    twice('pg: callback form, client.release() after done()', doneThenRelease, 'client', 7, 6, UNSAFE),
    twice('pg: .then(client => …) releases twice', thenForm, 'client', 6, 5, UNSAFE),
    twice('pg: `let` assigned in the try, optional-chained release in finally after the try released', letInTry, 'client', 10, 8, UNSAFE),
    {
      name: 'pg: guarded `if (client) client.release()` without `client = null` is still a second release',
      code: guardedSecond,
      errors: [
        {
          messageId: 'doubleRelease',
          line: 9,
          column: 5,
          endColumn: 34,
          data: { handle: 'client', line: '7', consequence: UNSAFE },
          suggestions: [{ messageId: 'removeRelease', output: withoutLine(guardedSecond, 9) }],
        },
      ],
    },
    {
      name: 'pg: a release that is not a statement of its own is reported without a suggestion',
      code: `import { Pool } from 'pg';
const db = new Pool();
export async function f() {
  const client = await db.connect();
  client.release();
  return client.release();
}`,
      errors: [{ messageId: 'doubleRelease', line: 6, data: { handle: 'client', line: '5', consequence: UNSAFE }, suggestions: [] }],
    },
    {
      name: 'pg: the second release is the consequent of a non-handle if: the suggestion leaves `{}`',
      code: `import { Pool } from 'pg';
const db = new Pool();
export async function f(again: boolean) {
  const client = await db.connect();
  client.release();
  if (again) client.release();
}`,
      errors: [
        {
          messageId: 'doubleRelease',
          line: 6,
          column: 14,
          data: { handle: 'client', line: '5', consequence: UNSAFE },
          suggestions: [
            {
              messageId: 'removeRelease',
              output: `import { Pool } from 'pg';
const db = new Pool();
export async function f(again: boolean) {
  const client = await db.connect();
  client.release();
  if (again) {}
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'pg: this.pool in a class method',
      code: `import { Pool } from 'pg';
export class Repo {
  constructor(private readonly pool: Pool) {}
  async f() {
    const client = await this.pool.connect();
    try {
      await client.query('SELECT 1');
      client.release();
    } finally {
      client.release();
    }
  }
}`,
      errors: [
        {
          messageId: 'doubleRelease',
          line: 10,
          data: { handle: 'client', line: '8', consequence: UNSAFE },
          suggestions: [
            {
              messageId: 'removeRelease',
              output: `import { Pool } from 'pg';
export class Repo {
  constructor(private readonly pool: Pool) {}
  async f() {
    const client = await this.pool.connect();
    try {
      await client.query('SELECT 1');
      client.release();
    } finally {
    }
  }
}`,
            },
          ],
        },
      ],
    },

    // ----- per driver: the consequence named in the message -------------------------------------------
    twice(
      'pg-pool: release twice (unsafe)',
      `import Pool from 'pg-pool';
const db = new Pool();
export async function f() {
  const client = await db.connect();
  client.release();
  client.release();
}`,
      'client',
      6,
      5,
      UNSAFE,
    ),
    twice(
      '@neondatabase/serverless: release twice (unsafe)',
      `import { Pool } from '@neondatabase/serverless';
const db = new Pool({ connectionString: '' });
export async function f() {
  const client = await db.connect();
  client.release();
  client.release();
}`,
      'client',
      6,
      5,
      UNSAFE,
    ),
    twice(
      '@vercel/postgres: release twice (unsafe)',
      `import { createPool } from '@vercel/postgres';
const db = createPool();
export async function f() {
  const client = await db.connect();
  client.release();
  client.release();
}`,
      'client',
      6,
      5,
      UNSAFE,
    ),
    twice(
      'postgres.js: reserved.release() in try and finally (unsafe)',
      `import postgres from 'postgres';
const sql = postgres();
export async function f() {
  const reserved = await sql.reserve();
  try {
    await reserved\`SELECT 1\`;
    reserved.release();
  } finally {
    reserved.release();
  }
}`,
      'reserved',
      9,
      7,
      UNSAFE,
    ),
    twice(
      'pg-promise: sco.done() in try and finally (throws)',
      `import pgPromise from 'pg-promise';
const pgp = pgPromise();
const db = pgp('postgres://');
export async function f() {
  const sco = await db.connect();
  try {
    await sco.none('SELECT 1');
    sco.done();
  } finally {
    sco.done();
  }
}`,
      'sco',
      10,
      8,
      THROWS,
    ),
    twice(
      'mysql2: release in finally and again after the try (unsafe, still reported)',
      `import mysql from 'mysql2/promise';
const db = mysql.createPool({});
export async function f() {
  const conn = await db.getConnection();
  try {
    await conn.query('SELECT 1');
  } finally {
    conn.release();
  }
  conn.release();
}`,
      'conn',
      10,
      8,
      UNSAFE,
    ),
    twice(
      'mysql2: conn.release() then pool.releaseConnection(conn) (unsafe)',
      `import mysql from 'mysql2/promise';
const db = mysql.createPool({});
export async function f() {
  const conn = await db.getConnection();
  conn.release();
  db.releaseConnection(conn);
}`,
      'conn',
      6,
      5,
      UNSAFE,
    ),
    twice(
      'mysql2: release in a rethrowing catch and in finally (unsafe)',
      `import mysql from 'mysql2/promise';
const db = mysql.createPool({});
export async function f() {
  const conn = await db.getConnection();
  try {
    await conn.execute('SELECT 1');
  } catch (e) {
    conn.release();
    throw e;
  } finally {
    conn.release();
  }
}`,
      'conn',
      11,
      8,
      UNSAFE,
    ),
    twice(
      'mariadb: await conn.release() in try and finally (unsafe)',
      `import mariadb from 'mariadb';
const db = mariadb.createPool({});
export async function f() {
  const conn = await db.getConnection();
  try {
    await conn.query('SELECT 1');
    await conn.release();
  } finally {
    await conn.release();
  }
}`,
      'conn',
      9,
      7,
      UNSAFE,
    ),
    twice(
      'generic-pool: pool.release(r) in try and finally (unsafe)',
      `import genericPool from 'generic-pool';
const resources = genericPool.createPool({ create: async () => ({}), destroy: async () => {} });
export async function f() {
  const r = await resources.acquire();
  try {
    await resources.release(r);
  } finally {
    await resources.release(r);
  }
}`,
      'r',
      8,
      6,
      UNSAFE,
    ),
    twice(
      'generic-pool: release then destroy (unsafe)',
      `import genericPool from 'generic-pool';
const resources = genericPool.createPool({ create: async () => ({}), destroy: async () => {} });
export async function f() {
  const r = await resources.acquire();
  await resources.release(r);
  await resources.destroy(r);
}`,
      'r',
      6,
      5,
      UNSAFE,
    ),
    twice(
      'tarn: pool.release(r) twice (unsafe)',
      `import { Pool } from 'tarn';
const resources = new Pool({ create: () => ({}), destroy: () => {}, min: 0, max: 1 });
export async function f() {
  const r = await resources.acquire().promise;
  resources.release(r);
  resources.release(r);
}`,
      'r',
      6,
      5,
      UNSAFE,
    ),
    twice(
      'TypeORM: runner.release() in try and finally (silent, still reported)',
      `import { DataSource } from 'typeorm';
const ds = new DataSource({ type: 'postgres' });
export async function f() {
  const runner = ds.createQueryRunner();
  try {
    await runner.query('SELECT 1');
    await runner.release();
  } finally {
    await runner.release();
  }
}`,
      'runner',
      9,
      7,
      SILENT,
    ),
    twice(
      'knex: manual transaction committed in the try, rolled back in finally (silent)',
      `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function f() {
  const trx = await db.transaction();
  try {
    await trx('a').insert({});
    await trx.commit();
  } finally {
    await trx.rollback();
  }
}`,
      'trx',
      9,
      7,
      SILENT,
    ),
    twice(
      'knex: commit twice in sequence (silent)',
      `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function f() {
  const trx = await db.transaction();
  await trx.commit();
  await trx.commit();
}`,
      'trx',
      6,
      5,
      SILENT,
    ),
    twice(
      'knex: client.releaseConnection(conn) twice (unsafe)',
      `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function f() {
  const conn = await db.client.acquireConnection();
  await db.client.releaseConnection(conn);
  await db.client.releaseConnection(conn);
}`,
      'conn',
      6,
      5,
      UNSAFE,
    ),
    twice(
      'Sequelize: unmanaged transaction committed, then rolled back in finally (rejects)',
      `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize('');
export async function f() {
  const t = await sequelize.transaction();
  try {
    await sequelize.query('SELECT 1', { transaction: t });
    await t.commit();
  } finally {
    await t.rollback();
  }
}`,
      't',
      9,
      7,
      REJECTS,
    ),
    twice(
      'Sequelize v7: startUnmanagedTransaction committed twice (rejects)',
      `import { Sequelize } from '@sequelize/core';
const sequelize = new Sequelize({});
export async function f() {
  const t = await sequelize.startUnmanagedTransaction();
  await t.commit();
  await t.commit();
}`,
      't',
      6,
      5,
      REJECTS,
    ),
    twice(
      'Sequelize: connectionManager.releaseConnection(conn) twice (no behaviour in the data)',
      `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize('');
export async function f() {
  const conn = await sequelize.connectionManager.getConnection();
  await sequelize.connectionManager.releaseConnection(conn);
  await sequelize.connectionManager.releaseConnection(conn);
}`,
      'conn',
      6,
      5,
      UNKNOWN,
    ),
    {
      name: 'Kysely: trx.commit().execute() then trx.rollback().execute() in finally (rejects; reported at the inner call, no suggestion)',
      code: `import { Kysely } from 'kysely';
const db = new Kysely<Record<string, never>>({} as never);
export async function f() {
  const trx = await db.startTransaction().execute();
  try {
    await trx.commit().execute();
  } finally {
    await trx.rollback().execute();
  }
}`,
      errors: [
        {
          messageId: 'doubleRelease',
          line: 8,
          column: 11,
          endColumn: 25,
          data: { handle: 'trx', line: '6', consequence: REJECTS },
          suggestions: [],
        },
      ],
    },
    twice(
      'oracledb: conn.close() in try and finally (throws)',
      `import oracledb from 'oracledb';
const db = await oracledb.createPool({});
export async function f() {
  const conn = await db.getConnection();
  try {
    await conn.execute('SELECT 1 FROM dual');
    await conn.close();
  } finally {
    await conn.close();
  }
}`,
      'conn',
      9,
      7,
      THROWS,
    ),
    twice(
      'oracledb: close() then its alias release() (throws)',
      `import oracledb from 'oracledb';
const db = await oracledb.createPool({});
export async function f() {
  const conn = await db.getConnection();
  await conn.close();
  await conn.release();
}`,
      'conn',
      6,
      5,
      THROWS,
    ),
    twice(
      'mssql: Transaction committed, then rolled back in finally (throws)',
      `import sql from 'mssql';
const db = new sql.ConnectionPool({} as sql.config);
export async function f() {
  const tx = new sql.Transaction(db);
  await tx.begin();
  try {
    await tx.request().query('SELECT 1');
    await tx.commit();
  } finally {
    await tx.rollback();
  }
}`,
      'tx',
      10,
      8,
      THROWS,
    ),
    twice(
      'mssql: pool.transaction() committed twice (throws)',
      `import sql from 'mssql';
const db = new sql.ConnectionPool({} as sql.config);
export async function f() {
  const tx = db.transaction();
  await tx.begin();
  await tx.commit();
  await tx.commit();
}`,
      'tx',
      7,
      6,
      THROWS,
    ),
    twice(
      'mssql: PreparedStatement unprepared in try and finally (no behaviour in the data)',
      `import sql from 'mssql';
const db = new sql.ConnectionPool({} as sql.config);
export async function f() {
  const ps = new sql.PreparedStatement(db);
  await ps.prepare('SELECT 1');
  try {
    await ps.execute({});
    await ps.unprepare();
  } finally {
    await ps.unprepare();
  }
}`,
      'ps',
      10,
      8,
      UNKNOWN,
    ),
    twice(
      'mongodb: session.endSession() in try and finally (no behaviour in the data)',
      `import { MongoClient } from 'mongodb';
const mongo = new MongoClient('');
export async function f() {
  const session = mongo.startSession();
  try {
    await session.endSession();
  } finally {
    await session.endSession();
  }
}`,
      'session',
      8,
      6,
      UNKNOWN,
    ),
    twice(
      'mongoose: session from the default connection ended twice',
      `import mongoose from 'mongoose';
export async function f() {
  const session = await mongoose.startSession();
  await session.endSession();
  await session.endSession();
}`,
      'session',
      5,
      4,
      UNKNOWN,
    ),
    twice(
      'pg: stand-alone Client ended twice (no behaviour in the data)',
      `import { Client } from 'pg';
export async function f() {
  const client = new Client();
  await client.connect();
  await client.end();
  await client.end();
}`,
      'client',
      6,
      5,
      UNKNOWN,
    ),
    twice(
      'pool of an unknown library, recognised by its name (no behaviour in the data)',
      `import { pool } from './db';
export async function f() {
  const client = await pool.connect();
  try {
    await client.query('SELECT 1');
    client.release();
  } finally {
    client.release();
  }
}`,
      'client',
      8,
      6,
      UNKNOWN,
    ),
  ],
});

jsRuleTester.run('no-double-release (CommonJS)', rule, {
  valid: [
    {
      name: "require('mysql'): callback getConnection released once on each path",
      code: `const mysql = require('mysql');
const db = mysql.createPool({});
function f(cb) {
  db.getConnection((err, conn) => {
    if (err) return cb(err);
    conn.release();
    cb(null);
  });
}
module.exports = { f };`,
    },
  ],
  invalid: [
    twice(
      "require('mysql'): callback getConnection released twice (unsafe)",
      `const mysql = require('mysql');
const db = mysql.createPool({});
function f() {
  db.getConnection((err, conn) => {
    if (err) return;
    conn.release();
    conn.release();
  });
}
module.exports = { f };`,
      'conn',
      7,
      6,
      UNSAFE,
    ),
    twice(
      "require('pg'): destructured Pool, release twice (unsafe)",
      `const { Pool } = require('pg');
const db = new Pool();
async function f() {
  const client = await db.connect();
  client.release();
  client.release();
}
module.exports = { f };`,
      'client',
      6,
      5,
      UNSAFE,
    ),
  ],
});
