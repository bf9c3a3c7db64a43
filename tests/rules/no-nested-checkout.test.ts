/**
 * no-nested-checkout: a second connection asked of a pool while one of its handles is held (a second
 * acquire, a pool-level query) and the outer object used inside its own scoped transaction callback,
 * per driver of src/drivers, with the exact output of the useHeldHandle suggestion where the held
 * handle offers the same API. Pools are bound to names the name heuristic does not match unless the
 * case is about the heuristic.
 *
 * Known wrong shapes are listed for users in docs/known-limitations.md, not here.
 */
import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import rule, { type MessageId } from '../../src/rules/no-nested-checkout';
import { jsRuleTester, ruleTester } from '../rule-tester';

type Invalid = InvalidTestCase<MessageId, []>;
type Report = Invalid['errors'][number];

/** `pool` asked for a second connection while `handle` is held: no suggestion. */
function nestedAcquire(line: number, pool: string, handle: string): Report {
  return { messageId: 'nestedAcquire', line, data: { pool, handle }, suggestions: [] };
}

/** A pool-level query while `handle` is held; `output` when the suggestion applies. */
function poolQuery(line: number, pool: string, handle: string, output?: string): Report {
  return {
    messageId: 'poolQueryWhileHeld',
    line,
    data: { pool, handle },
    suggestions: output === undefined ? [] : [{ messageId: 'useHeldHandle', data: { handle }, output }],
  };
}

/** The outer object used inside its scoped callback whose parameter is `handle`. */
function outer(line: number, column: number, pool: string, handle: string, output?: string): Report {
  return {
    messageId: 'outerInTransaction',
    line,
    column,
    data: { pool, inner: `the callback's \`${handle}\`` },
    suggestions: output === undefined ? [] : [{ messageId: 'useHeldHandle', data: { handle }, output }],
  };
}

// ----- codes and suggestion outputs ---------------------------------------------------------------

const pgPoolQuery = `import { Pool } from 'pg';
const db = new Pool();
export async function move(id: number) {
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    await db.query('DELETE FROM inbox WHERE id = $1', [id]);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}`;

const pgPoolQueryOutput = `import { Pool } from 'pg';
const db = new Pool();
export async function move(id: number) {
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    await client.query('DELETE FROM inbox WHERE id = $1', [id]);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}`;

const pgCatchQuery = `import { Pool } from 'pg';
const db = new Pool();
export async function f() {
  const client = await db.connect();
  try {
    await client.query('SELECT 1');
  } catch (e) {
    await db.query('INSERT INTO errors VALUES ($1)', [String(e)]);
    throw e;
  } finally {
    client.release();
  }
}`;

const pgThisPool = `import { Pool } from 'pg';
export class Repo {
  constructor(private readonly pool: Pool) {}
  async f() {
    const client = await this.pool.connect();
    try {
      await this.pool.query('SELECT 1');
    } finally {
      client.release();
    }
  }
}`;

const pgThisPoolOutput = `import { Pool } from 'pg';
export class Repo {
  constructor(private readonly pool: Pool) {}
  async f() {
    const client = await this.pool.connect();
    try {
      await client.query('SELECT 1');
    } finally {
      client.release();
    }
  }
}`;

const mysql2Execute = `import mysql from 'mysql2/promise';
const db = mysql.createPool({});
export async function f() {
  const conn = await db.getConnection();
  try {
    await db.execute('SELECT 1');
    const other = await db.getConnection();
    other.release();
  } finally {
    conn.release();
  }
}`;

const mysql2ExecuteOutput = `import mysql from 'mysql2/promise';
const db = mysql.createPool({});
export async function f() {
  const conn = await db.getConnection();
  try {
    await conn.execute('SELECT 1');
    const other = await db.getConnection();
    other.release();
  } finally {
    conn.release();
  }
}`;

const mysql2Loop = `import mysql from 'mysql2/promise';
const db = mysql.createPool({});
export async function f(ids: number[]) {
  const conn = await db.getConnection();
  try {
    for (const id of ids) {
      await db.query('SELECT ?', [id]);
    }
  } finally {
    conn.release();
  }
}`;

const mariadbQuery = `import mariadb from 'mariadb';
const db = mariadb.createPool({});
export async function f() {
  const conn = await db.getConnection();
  try {
    await db.query('SELECT 1');
    const other = await db.getConnection();
    await other.release();
  } finally {
    await conn.release();
  }
}`;

const typeormQuery = `import { DataSource } from 'typeorm';
const ds = new DataSource({ type: 'postgres' });
export async function f() {
  const runner = ds.createQueryRunner();
  try {
    await runner.connect();
    await ds.query('SELECT 1');
    await runner.query('SELECT 2');
  } finally {
    await runner.release();
  }
}`;

const knexOuter = `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function archive(id: number) {
  await db.transaction(async (trx) => {
    await trx('orders').where({ id }).update({ archived: true });
    await db('audit').insert({ orderId: id });
    await db.raw('SELECT 1');
  });
}`;

const prismaOuter = `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function f() {
  await prisma.$transaction(async (tx) => {
    await tx.user.create({ data: {} });
    await prisma.user.update({ where: { id: 1 }, data: {} });
  });
}`;

const prismaThis = `import { PrismaClient } from '@prisma/client';
export class Service {
  constructor(private readonly prisma: PrismaClient) {}
  async f() {
    await this.prisma.$transaction(async (tx) => {
      await tx.user.create({ data: {} });
      await this.prisma.user.update({ where: { id: 1 }, data: {} });
    });
  }
}`;

const pgpTx = `import pgPromise from 'pg-promise';
const pgp = pgPromise();
const db = pgp('postgres://');
export async function f() {
  await db.tx(async (t) => {
    await t.none('INSERT INTO a VALUES (1)');
    await db.none('INSERT INTO b VALUES (1)');
  });
}`;

const pgpTask = `import pgPromise from 'pg-promise';
const pgp = pgPromise();
const db = pgp('postgres://');
export function f() {
  return db.task((t) => db.any('SELECT 1'));
}`;

const postgresBegin = `import postgres from 'postgres';
const sql = postgres();
export async function f() {
  await sql.begin(async (tx) => {
    await tx\`INSERT INTO a VALUES (1)\`;
    await sql\`INSERT INTO b VALUES (1)\`;
  });
}`;

const slonikTransaction = `import { createPool } from 'slonik';
const db = await createPool('postgres://');
export async function f() {
  await db.transaction(async (t) => {
    await t.query({} as never);
    await db.query({} as never);
  });
}`;

const drizzleTransaction = `import { drizzle } from 'drizzle-orm/node-postgres';
const db = drizzle('postgres://');
export async function f() {
  await db.transaction(async (tx) => {
    await tx.select();
    await db.select();
  });
}`;

/** Replace the text at one (1-based) line, from `column`, of `length` characters. */
function replaceAt(code: string, line: number, column: number, length: number, text: string): string {
  const lines = code.split('\n');
  const current = lines[line - 1];
  lines[line - 1] = current.slice(0, column - 1) + text + current.slice(column - 1 + length);
  return lines.join('\n');
}

ruleTester.run('no-nested-checkout', rule, {
  valid: [
    {
      name: 'pg: a second checkout from a different pool',
      code: `import { Pool } from 'pg';
const primary = new Pool();
const replica = new Pool();
export async function f() {
  const outer = await primary.connect();
  try {
    const inner = await replica.connect();
    try {
      await inner.query('SELECT 1');
    } finally {
      inner.release();
    }
  } finally {
    outer.release();
  }
}`,
    },
    {
      name: 'pg: a query on a different pool while holding a client',
      code: `import { Pool } from 'pg';
const primary = new Pool();
const replica = new Pool();
export async function f() {
  const client = await primary.connect();
  try {
    await replica.query('SELECT 1');
  } finally {
    client.release();
  }
}`,
    },
    {
      name: 'pg: released before the second checkout',
      code: `import { Pool } from 'pg';
const db = new Pool();
export async function f() {
  const first = await db.connect();
  try {
    await first.query('SELECT 1');
  } finally {
    first.release();
  }
  const second = await db.connect();
  try {
    await second.query('SELECT 2');
  } finally {
    second.release();
  }
}`,
    },
    {
      name: 'pg: pool.query after the release',
      code: `import { Pool } from 'pg';
const db = new Pool();
export async function f() {
  const client = await db.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    client.release();
  }
  await db.query('SELECT 2');
}`,
    },
    {
      name: 'pg: pool.query in finally after the release',
      code: `import { Pool } from 'pg';
const db = new Pool();
export async function f() {
  const client = await db.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    client.release();
    await db.query('SELECT 2');
  }
}`,
    },
    {
      name: 'pg: every statement on the held client',
      code: pgPoolQueryOutput,
    },
    {
      name: 'pg: the held client is used in a nested map',
      code: `import { Pool } from 'pg';
const db = new Pool();
export async function f(ids: number[]) {
  const client = await db.connect();
  try {
    await Promise.all(ids.map((id) => client.query('SELECT $1', [id])));
  } finally {
    client.release();
  }
}`,
    },
    {
      name: 'pg: this.pool class, every statement on the client',
      code: pgThisPoolOutput,
    },
    {
      name: 'mysql2: released before the pool-level query and the second checkout',
      code: `import mysql from 'mysql2/promise';
const db = mysql.createPool({});
export async function f() {
  const conn = await db.getConnection();
  try {
    await conn.execute('SELECT 1');
  } finally {
    conn.release();
  }
  await db.execute('SELECT 2');
  const other = await db.getConnection();
  other.release();
}`,
    },
    {
      name: 'mariadb: a second pool',
      code: `import mariadb from 'mariadb';
const primary = mariadb.createPool({});
const audit = mariadb.createPool({});
export async function f() {
  const conn = await primary.getConnection();
  try {
    await audit.query('INSERT INTO log VALUES (1)');
  } finally {
    await conn.release();
  }
}`,
    },
    {
      name: 'knex: only trx inside the transaction',
      code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function f(id: number) {
  await db.transaction(async (trx) => {
    await trx('orders').where({ id }).update({ archived: true });
    await trx.raw('SELECT 1');
  });
}`,
    },
    {
      name: 'knex: a nested transaction (savepoint) on trx',
      code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function f() {
  await db.transaction(async (trx) => {
    await trx.transaction(async (inner) => {
      await inner('a').insert({});
    });
  });
}`,
    },
    {
      name: 'knex: db used after the transaction',
      code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function f() {
  await db.transaction(async (trx) => {
    await trx('a').insert({});
  });
  await db('b').insert({});
}`,
    },
    {
      name: 'Prisma: only tx inside $transaction',
      code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function f() {
  await prisma.$transaction(async (tx) => {
    await tx.user.create({ data: {} });
    await tx.user.update({ where: { id: 1 }, data: {} });
  });
}`,
    },
    {
      name: 'Prisma: the batch (array) form has no callback',
      code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function f() {
  await prisma.$transaction([prisma.user.create({ data: {} }), prisma.post.create({ data: {} })]);
}`,
    },
    {
      name: 'Prisma: this.prisma class, only tx inside',
      code: `import { PrismaClient } from '@prisma/client';
export class Service {
  constructor(private readonly prisma: PrismaClient) {}
  async f() {
    await this.prisma.$transaction(async (tx) => {
      await tx.user.create({ data: {} });
    });
    await this.prisma.user.findMany();
  }
}`,
    },
    {
      name: 'pg-promise: only t inside db.tx',
      code: `import pgPromise from 'pg-promise';
const pgp = pgPromise();
const db = pgp('postgres://');
export async function f() {
  await db.tx(async (t) => {
    await t.none('INSERT INTO a VALUES (1)');
    await t.none('INSERT INTO b VALUES (1)');
  });
}`,
    },
    {
      name: 'postgres.js: only tx inside sql.begin',
      code: `import postgres from 'postgres';
const sql = postgres();
export async function f() {
  await sql.begin(async (tx) => {
    await tx\`INSERT INTO a VALUES (1)\`;
    await tx\`INSERT INTO b VALUES (1)\`;
  });
}`,
    },
    {
      name: 'postgres.js: the begin parameter shadows the outer sql',
      code: `import postgres from 'postgres';
const sql = postgres();
export async function f() {
  await sql.begin(async (sql) => {
    await sql\`INSERT INTO a VALUES (1)\`;
    await sql\`INSERT INTO b VALUES (1)\`;
  });
}`,
    },
    {
      name: 'TypeORM: only the transactional manager inside dataSource.transaction',
      code: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
export async function f() {
  await dataSource.transaction(async (manager) => {
    await manager.query('INSERT INTO a VALUES (1)');
    await manager.save({});
  });
}`,
    },
    {
      name: 'slonik: only the transaction connection inside pool.transaction',
      code: `import { createPool } from 'slonik';
const db = await createPool('postgres://');
export async function f() {
  await db.transaction(async (t) => {
    await t.query({} as never);
  });
}`,
    },
  ],
  invalid: [
    // ----- a second checkout ------------------------------------------------------------------------------
    {
      name: 'pg: a second connect() from the same pool while holding one (shared case)',
      code: `import { Pool } from 'pg';
const db = new Pool();
export async function nested() {
  const outer = await db.connect();
  try {
    const inner = await db.connect();
    try {
      await inner.query('SELECT 1');
    } finally {
      inner.release();
    }
  } finally {
    outer.release();
  }
}`,
      errors: [{ ...nestedAcquire(6, 'db', 'outer'), column: 25, endColumn: 37 }],
    },
    {
      name: 'oracledb: a second getConnection() from the same pool',
      code: `import oracledb from 'oracledb';
const db = await oracledb.createPool({});
export async function f() {
  const a = await db.getConnection();
  try {
    const b = await db.getConnection();
    await b.close();
  } finally {
    await a.close();
  }
}`,
      errors: [nestedAcquire(6, 'db', 'a')],
    },
    {
      name: 'generic-pool: a second acquire() from the same pool',
      code: `import genericPool from 'generic-pool';
const resources = genericPool.createPool({ create: async () => ({}), destroy: async () => {} });
export async function f() {
  const a = await resources.acquire();
  try {
    const b = await resources.acquire();
    await resources.release(b);
  } finally {
    await resources.release(a);
  }
}`,
      errors: [nestedAcquire(6, 'resources', 'a')],
    },

    // ----- a pool-level query while a handle is held ------------------------------------------------------
    {
      name: 'pg: pool.query() inside the client transaction (docs case)',
      code: pgPoolQuery,
      errors: [{ ...poolQuery(7, 'db', 'client', pgPoolQueryOutput), column: 11, endColumn: 60 }],
    },
    {
      name: 'pg: pool.query() in the catch while the client is still held',
      code: pgCatchQuery,
      errors: [poolQuery(8, 'db', 'client', replaceAt(pgCatchQuery, 8, 11, 2, 'client'))],
    },
    {
      name: 'pg: this.pool.query() in a class method while holding a client of this.pool',
      code: pgThisPool,
      errors: [poolQuery(7, 'this.pool', 'client', pgThisPoolOutput)],
    },
    {
      name: 'pg: callback form, pool.query() before done()',
      code: `import { Pool } from 'pg';
const db = new Pool();
export function f() {
  db.connect(async (err, client, done) => {
    if (err) return;
    await db.query('SELECT 1');
    done();
  });
}`,
      errors: [
        poolQuery(
          6,
          'db',
          'client',
          `import { Pool } from 'pg';
const db = new Pool();
export function f() {
  db.connect(async (err, client, done) => {
    if (err) return;
    await client.query('SELECT 1');
    done();
  });
}`,
        ),
      ],
    },
    {
      name: 'pg: .then(client => …) form, pool.query() before the release',
      code: `import { Pool } from 'pg';
const db = new Pool();
export function f() {
  return db.connect().then(async (client) => {
    await db.query('SELECT 1');
    client.release();
  });
}`,
      errors: [
        poolQuery(
          5,
          'db',
          'client',
          `import { Pool } from 'pg';
const db = new Pool();
export function f() {
  return db.connect().then(async (client) => {
    await client.query('SELECT 1');
    client.release();
  });
}`,
        ),
      ],
    },
    {
      name: 'pool of an unknown library, recognised by its name',
      code: `import { pool } from './db';
export async function f() {
  const client = await pool.connect();
  try {
    await pool.query('SELECT 1');
  } finally {
    client.release();
  }
}`,
      errors: [
        poolQuery(
          5,
          'pool',
          'client',
          `import { pool } from './db';
export async function f() {
  const client = await pool.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    client.release();
  }
}`,
        ),
      ],
    },
    {
      name: 'mysql2: pool.execute() and a second getConnection() while holding one',
      code: mysql2Execute,
      errors: [poolQuery(6, 'db', 'conn', mysql2ExecuteOutput), nestedAcquire(7, 'db', 'conn')],
    },
    {
      name: 'mysql2: pool.query() in a loop while holding a connection',
      code: mysql2Loop,
      errors: [poolQuery(7, 'db', 'conn', replaceAt(mysql2Loop, 7, 13, 2, 'conn'))],
    },
    {
      name: 'mariadb: pool.query() and a second getConnection() while holding one',
      code: mariadbQuery,
      errors: [poolQuery(6, 'db', 'conn', replaceAt(mariadbQuery, 6, 11, 2, 'conn')), nestedAcquire(7, 'db', 'conn')],
    },
    {
      name: 'TypeORM: dataSource.query() while a query runner of it is held',
      code: typeormQuery,
      errors: [poolQuery(7, 'ds', 'runner', replaceAt(typeormQuery, 7, 11, 2, 'runner'))],
    },
    {
      name: 'postgres.js: sql.unsafe() while a reserved connection is held (no suggestion)',
      code: `import postgres from 'postgres';
const sql = postgres();
export async function f() {
  const reserved = await sql.reserve();
  try {
    await sql.unsafe('SELECT 1');
  } finally {
    reserved.release();
  }
}`,
      errors: [poolQuery(6, 'sql', 'reserved')],
    },
    {
      name: 'pg-promise: db.none() while a connection of db is held (no suggestion)',
      code: `import pgPromise from 'pg-promise';
const pgp = pgPromise();
const db = pgp('postgres://');
export async function f() {
  const sco = await db.connect();
  try {
    await db.none('SELECT 1');
  } finally {
    sco.done();
  }
}`,
      errors: [poolQuery(7, 'db', 'sco')],
    },

    // ----- the outer object inside its scoped transaction -------------------------------------------------
    {
      name: 'knex: db(…) and db.raw inside db.transaction(async trx => …)',
      code: knexOuter,
      errors: [
        outer(6, 11, 'db', 'trx', replaceAt(knexOuter, 6, 11, 2, 'trx')),
        outer(7, 11, 'db', 'trx', replaceAt(knexOuter, 7, 11, 2, 'trx')),
      ],
    },
    {
      name: 'knex: a second db.transaction inside the first',
      code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function f() {
  await db.transaction(async (trx) => {
    await db.transaction(async (inner) => {
      await inner('a').insert({});
    });
  });
}`,
      errors: [
        outer(
          5,
          11,
          'db',
          'trx',
          `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function f() {
  await db.transaction(async (trx) => {
    await trx.transaction(async (inner) => {
      await inner('a').insert({});
    });
  });
}`,
        ),
      ],
    },
    {
      name: 'Prisma: prisma.user inside prisma.$transaction(async tx => …)',
      code: prismaOuter,
      errors: [outer(6, 11, 'prisma', 'tx', replaceAt(prismaOuter, 6, 11, 6, 'tx'))],
    },
    {
      name: 'Prisma: this.prisma inside this.prisma.$transaction in a class',
      code: prismaThis,
      errors: [outer(7, 13, 'this.prisma', 'tx', replaceAt(prismaThis, 7, 13, 11, 'tx'))],
    },
    {
      name: 'Prisma: a callback without a parameter names "the callback parameter" (no suggestion)',
      code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function f() {
  await prisma.$transaction(async () => {
    await prisma.user.create({ data: {} });
  });
}`,
      errors: [{ messageId: 'outerInTransaction', line: 5, data: { pool: 'prisma', inner: 'the callback parameter' }, suggestions: [] }],
    },
    {
      name: 'pg-promise: db.none inside db.tx(async t => …)',
      code: pgpTx,
      errors: [outer(7, 11, 'db', 't', replaceAt(pgpTx, 7, 11, 2, 't'))],
    },
    {
      name: 'pg-promise: db.any inside db.task(t => …)',
      code: pgpTask,
      errors: [outer(5, 25, 'db', 't', replaceAt(pgpTask, 5, 25, 2, 't'))],
    },
    {
      name: 'postgres.js: the outer sql inside sql.begin(async tx => …)',
      code: postgresBegin,
      errors: [outer(6, 11, 'sql', 'tx', replaceAt(postgresBegin, 6, 11, 3, 'tx'))],
    },
    {
      name: 'TypeORM: dataSource.query and dataSource.manager inside dataSource.transaction (no suggestion)',
      code: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
export async function f() {
  await dataSource.transaction(async (manager) => {
    await manager.query('INSERT INTO a VALUES (1)');
    await dataSource.query('INSERT INTO b VALUES (1)');
    await dataSource.manager.save({});
  });
}`,
      errors: [outer(6, 11, 'dataSource', 'manager'), outer(7, 11, 'dataSource', 'manager')],
    },
    {
      name: 'slonik: pool.query inside pool.transaction',
      code: slonikTransaction,
      errors: [outer(6, 11, 'db', 't', replaceAt(slonikTransaction, 6, 11, 2, 't'))],
    },
    {
      name: 'Drizzle: db.select inside db.transaction',
      code: drizzleTransaction,
      errors: [outer(6, 11, 'db', 'tx', replaceAt(drizzleTransaction, 6, 11, 2, 'tx'))],
    },
    {
      name: 'generic-pool: pool.use inside pool.use (no suggestion)',
      code: `import genericPool from 'generic-pool';
const resources = genericPool.createPool({ create: async () => ({}), destroy: async () => {} });
export async function f() {
  await resources.use(async (r) => {
    await resources.use(async (r2) => r2);
    return r;
  });
}`,
      errors: [outer(5, 11, 'resources', 'r')],
    },
  ],
});

jsRuleTester.run('no-nested-checkout (CommonJS)', rule, {
  valid: [
    {
      name: "require('knex'): only trx inside the transaction",
      code: `const knex = require('knex');
const db = knex({ client: 'pg' });
async function f() {
  await db.transaction(async (trx) => {
    await trx('a').insert({});
  });
}
module.exports = { f };`,
    },
  ],
  invalid: [
    {
      name: "require('knex'): db(…) inside the transaction",
      code: `const knex = require('knex');
const db = knex({ client: 'pg' });
async function f() {
  await db.transaction(async (trx) => {
    await db('a').insert({});
  });
}
module.exports = { f };`,
      errors: [
        outer(
          5,
          11,
          'db',
          'trx',
          `const knex = require('knex');
const db = knex({ client: 'pg' });
async function f() {
  await db.transaction(async (trx) => {
    await trx('a').insert({});
  });
}
module.exports = { f };`,
        ),
      ],
    },
    {
      name: "require('pg'): pool.query while holding a client",
      code: `const { Pool } = require('pg');
const db = new Pool();
async function f() {
  const client = await db.connect();
  try {
    await db.query('SELECT 1');
  } finally {
    client.release();
  }
}
module.exports = { f };`,
      errors: [
        poolQuery(
          6,
          'db',
          'client',
          `const { Pool } = require('pg');
const db = new Pool();
async function f() {
  const client = await db.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    client.release();
  }
}
module.exports = { f };`,
        ),
      ],
    },
  ],
});
