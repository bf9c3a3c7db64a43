/**
 * prefer-pool-query: a checkout used for exactly one query and released, per driver of src/drivers
 * whose pool has an auto helper for that query method (pg `query`, mysql2 `query`/`execute`, mariadb,
 * TypeORM `dataSource.query`, pg-promise, postgres.js `unsafe`), with the exact autofix output for the
 * `try { … } finally { release }` and the sequential shapes, and reports without a fix where the shape
 * leaves something else to keep. Pools are bound to names the name heuristic does not match unless the
 * case is about the heuristic.
 *
 * Known wrong shapes are listed for users in docs/known-limitations.md, not here.
 */
import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import rule, { type MessageId } from '../../src/rules/prefer-pool-query';
import { jsRuleTester, ruleTester } from '../rule-tester';

type Invalid = InvalidTestCase<MessageId, []>;

/** One report at the acquire (`line`, `column`), naming `handle`, `method` and `pool`; `output` is the autofix or null. */
function single(
  name: string,
  code: string,
  at: { line: number; column: number },
  data: { handle: string; method: string; pool: string },
  output: string | null,
): Invalid {
  return { name, code, output, errors: [{ messageId: 'preferPoolQuery', ...at, data }] };
}

const pgTryFinally = `import { Pool } from 'pg';
const db = new Pool();
export async function findUser(id: number) {
  const client = await db.connect();
  try {
    const { rows } = await client.query('SELECT * FROM users WHERE id = $1', [id]);
    return rows[0];
  } finally {
    client.release();
  }
}`;

const pgTryFinallyOutput = `import { Pool } from 'pg';
const db = new Pool();
export async function findUser(id: number) {
  const { rows } = await db.query('SELECT * FROM users WHERE id = $1', [id]);
  return rows[0];
}`;

const pgSequential = `import { Pool } from 'pg';
const db = new Pool();
export async function touch(id: number) {
  const client = await db.connect();
  await client.query('UPDATE t SET n = n + 1 WHERE id = $1', [id]);
  client.release();
}`;

const pgSequentialOutput = `import { Pool } from 'pg';
const db = new Pool();
export async function touch(id: number) {
  await db.query('UPDATE t SET n = n + 1 WHERE id = $1', [id]);
}`;

const PG_HEADER = "import { Pool } from 'pg';\nconst db = new Pool();";
const MYSQL_HEADER = "import mysql from 'mysql2/promise';\nconst db = mysql.createPool({});";

/**
 * A module whose function checks out a connection, sends one statement and releases it, in
 * `try { … } finally { … }` or in sequence.
 */
function sessionCheckout(shape: 'try' | 'sequence', header: string, acquire: string, statement: string, release: string): string {
  const body = shape === 'try' ? `  try {\n    ${statement};\n  } finally {\n    ${release};\n  }` : `  ${statement};\n  ${release};`;
  return `${header}\nexport async function f(schema: string, id: number) {\n  const ${acquire};\n${body}\n}`;
}

ruleTester.run('prefer-pool-query', rule, {
  valid: [
    {
      // Known only by its name: nothing says this pool has query(); a pool of pages or sockets may not.
      name: 'pool of an unknown library, recognised by its name, no query() of its own in sight',
      code: `import { pool } from './db';
export async function find(id: number) {
  const client = await pool.connect();
  try {
    return (await client.query('SELECT $1', [id])).rows;
  } finally {
    client.release();
  }
}`,
    },
    {
      name: 'a name-heuristic pool lending resources (acquire / pool.release) is not told to use pool.query()',
      code: `import { makeLender } from './lender';
const sessionPool = makeLender();
export async function ping() {
  const session = await sessionPool.acquire();
  try {
    return await session.query('PING');
  } finally {
    sessionPool.release(session);
  }
}`,
    },
    {
      name: 'a user pool from settings (receiver pattern) has no managed helper',
      settings: { 'connection-leaks': { pools: [{ receiver: '^lender$', acquire: ['checkout'], release: [{ method: 'giveBack' }] }] } },
      code: `import { lender } from './lender';
export async function f() {
  const c = await lender.checkout();
  try {
    return await c.query('SELECT 1');
  } finally {
    c.giveBack();
  }
}`,
    },
    {
      name: 'a user pool from settings (module factory) has no managed helper',
      settings: { 'connection-leaks': { pools: [{ module: 'my-lender', factories: ['makeLender'], acquire: ['checkout'], release: [{ method: 'giveBack' }] }] } },
      code: `import { makeLender } from 'my-lender';
const lend = makeLender();
export async function f() {
  const c = await lend.checkout();
  try {
    return await c.query('SELECT 1');
  } finally {
    c.giveBack();
  }
}`,
    },
    {
      name: 'pg: two queries on the checkout',
      code: `import { Pool } from 'pg';
const db = new Pool();
export async function f() {
  const client = await db.connect();
  try {
    await client.query('SELECT 1');
    await client.query('SELECT 2');
  } finally {
    client.release();
  }
}`,
    },
    {
      name: 'pg: BEGIN / statements / COMMIT on one client',
      code: `import { Pool } from 'pg';
const db = new Pool();
export async function transfer(from: number, to: number) {
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    await client.query('UPDATE accounts SET n = n - 1 WHERE id = $1', [from]);
    await client.query('UPDATE accounts SET n = n + 1 WHERE id = $1', [to]);
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK');
    throw e;
  } finally {
    client.release();
  }
}`,
    },
    {
      name: 'pg: the handle is passed to another function',
      code: `import { Pool, type PoolClient } from 'pg';
const db = new Pool();
declare function work(client: PoolClient): Promise<void>;
export async function f() {
  const client = await db.connect();
  try {
    await work(client);
  } finally {
    client.release();
  }
}`,
    },
    {
      name: 'pg: one query and the handle passed to another function',
      code: `import { Pool, type PoolClient } from 'pg';
const db = new Pool();
declare function work(client: PoolClient): Promise<void>;
export async function f() {
  const client = await db.connect();
  try {
    await client.query('SET LOCAL statement_timeout = 1000');
    await work(client);
  } finally {
    client.release();
  }
}`,
    },
    {
      name: 'pg: the handle is returned to the caller',
      code: `import { Pool } from 'pg';
const db = new Pool();
export async function checkout() {
  const client = await db.connect();
  await client.query('SET search_path TO app');
  return client;
}`,
    },
    {
      name: 'pg: LISTEN and a notification handler use the connection itself',
      code: `import { Pool } from 'pg';
const db = new Pool();
export async function listen(onNote: (payload?: string) => void) {
  const client = await db.connect();
  client.on('notification', (msg) => onNote(msg.payload));
  await client.query('LISTEN jobs');
}`,
    },
    {
      name: 'pg: callback form (err, client, done)',
      code: `import { Pool } from 'pg';
const db = new Pool();
export function f() {
  db.connect((err, client, done) => {
    if (err) return;
    client.query('SELECT 1', () => done());
  });
}`,
    },
    {
      name: 'pg: .then(client => …) with .finally release',
      code: `import { Pool } from 'pg';
const db = new Pool();
export function f() {
  return db.connect().then((client) => client.query('SELECT 1').finally(() => client.release()));
}`,
    },
    {
      name: 'pg: `let` assigned inside the try (no declaration to replace)',
      code: `import { Pool, type PoolClient } from 'pg';
const db = new Pool();
export async function f() {
  let client: PoolClient | undefined;
  try {
    client = await db.connect();
    return await client.query('SELECT 1');
  } finally {
    client?.release();
  }
}`,
    },
    {
      name: 'pg: the pool helper already',
      code: pgTryFinallyOutput,
    },
    {
      name: 'pg: stand-alone Client is not a checkout of a pool',
      code: `import { Client } from 'pg';
export async function f() {
  const client = new Client();
  await client.connect();
  try {
    return await client.query('SELECT 1');
  } finally {
    await client.end();
  }
}`,
    },
    {
      name: 'mysql2: beginTransaction / query / commit on one connection',
      code: `import mysql from 'mysql2/promise';
const db = mysql.createPool({});
export async function f() {
  const conn = await db.getConnection();
  try {
    await conn.beginTransaction();
    await conn.query('SELECT 1');
    await conn.commit();
  } finally {
    conn.release();
  }
}`,
    },
    {
      name: 'mysql2: callback getConnection',
      code: `import mysql from 'mysql2';
const db = mysql.createPool({});
export function f(cb: (e: unknown, rows?: unknown) => void) {
  db.getConnection((err, conn) => {
    if (err) return cb(err);
    conn.query('SELECT 1', (e, rows) => {
      conn.release();
      cb(e, rows);
    });
  });
}`,
    },
    {
      name: 'mariadb: two queries',
      code: `import mariadb from 'mariadb';
const db = mariadb.createPool({});
export async function f() {
  const conn = await db.getConnection();
  try {
    await conn.query('SELECT 1');
    return await conn.query('SELECT 2');
  } finally {
    await conn.release();
  }
}`,
    },
    {
      name: 'TypeORM: a query runner used for a transaction',
      code: `import { DataSource } from 'typeorm';
const ds = new DataSource({ type: 'postgres' });
export async function f() {
  const runner = ds.createQueryRunner();
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
      name: 'oracledb: the pool has no query helper',
      code: `import oracledb from 'oracledb';
const db = await oracledb.createPool({});
export async function f() {
  const conn = await db.getConnection();
  try {
    return await conn.execute('SELECT 1 FROM dual');
  } finally {
    await conn.close();
  }
}`,
    },
    {
      name: 'generic-pool: the resource method is not a pool helper',
      code: `import genericPool from 'generic-pool';
const resources = genericPool.createPool({ create: async () => ({ ping: async () => 1 }), destroy: async () => {} });
export async function f() {
  const r = await resources.acquire();
  try {
    return await r.ping();
  } finally {
    await resources.release(r);
  }
}`,
    },
    {
      name: 'knex: client.acquireConnection has no pool-level query helper',
      code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function f() {
  const conn = await db.client.acquireConnection();
  try {
    return await conn.query('SELECT 1');
  } finally {
    await db.client.releaseConnection(conn);
  }
}`,
    },

    // ----- the single statement acts on the session: on the pool it would act on an arbitrary connection ----
    sessionCheckout('try', PG_HEADER, 'client = await db.connect()', 'await client.query(`SET search_path TO ${schema}`)', 'client.release()'),
    sessionCheckout('sequence', PG_HEADER, 'client = await db.connect()', "await client.query('  -- wake the worker\\n  LISTEN jobs')", 'client.release()'),
    sessionCheckout('try', PG_HEADER, 'client = await db.connect()', "return await client.query('SELECT pg_try_advisory_lock($1) AS locked', [id])", 'client.release()'),
    sessionCheckout('sequence', PG_HEADER, 'client = await db.connect()', "await client.query('SELECT pg_advisory_unlock(' + id + ')')", 'client.release()'),
    sessionCheckout('sequence', PG_HEADER, 'client = await db.connect()', "await client.query('DISCARD ALL')", 'client.release()'),
    sessionCheckout('sequence', PG_HEADER, 'client = await db.connect()', "await client.query({ text: 'PREPARE by_id (int) AS SELECT * FROM t WHERE id = $1' })", 'client.release()'),
    sessionCheckout('try', MYSQL_HEADER, 'conn = await db.getConnection()', "return await conn.execute('SELECT GET_LOCK(?, 0)', [schema])", 'conn.release()'),
    sessionCheckout('sequence', MYSQL_HEADER, 'conn = await db.getConnection()', "await conn.query('SET @rank = 0')", 'conn.release()'),
    sessionCheckout('try', "import pgPromise from 'pg-promise';\nconst db = pgPromise()('postgres://');", 'sco = await db.connect()', "await sco.none('CREATE TEMP TABLE staging (id int)')", 'sco.done()'),
    sessionCheckout('try', "import postgres from 'postgres';\nconst db = postgres();", 'reserved = await db.reserve()', "return await reserved.unsafe('DECLARE c CURSOR WITH HOLD FOR SELECT 1')", 'reserved.release()'),
    sessionCheckout('try', "import { DataSource } from 'typeorm';\nconst db = new DataSource({ type: 'postgres' });", 'runner = db.createQueryRunner()', "await runner.query('SET statement_timeout = 0')", 'await runner.release()'),
  ],
  invalid: [
    // A transaction-scoped form, or a SET that is not the statement: the pool helper does the same.
    single(
      'pg: SET LOCAL alone acts on no session',
      `import { Pool } from 'pg';
const db = new Pool();
export async function f() {
  const client = await db.connect();
  await client.query('SET LOCAL lock_timeout = 100');
  client.release();
}`,
      { line: 4, column: 24 },
      { handle: 'client', method: 'query', pool: 'db' },
      `import { Pool } from 'pg';
const db = new Pool();
export async function f() {
  await db.query('SET LOCAL lock_timeout = 100');
}`,
    ),
    single(
      'mysql2: SET inside an UPDATE is not the statement',
      `import mysql from 'mysql2/promise';
const db = mysql.createPool({});
export async function f(id: number) {
  const conn = await db.getConnection();
  await conn.execute('UPDATE t SET used = 1 WHERE id = ?', [id]);
  conn.release();
}`,
      { line: 4, column: 22 },
      { handle: 'conn', method: 'execute', pool: 'db' },
      `import mysql from 'mysql2/promise';
const db = mysql.createPool({});
export async function f(id: number) {
  await db.execute('UPDATE t SET used = 1 WHERE id = ?', [id]);
}`,
    ),
    // ----- autofix: try { … } finally { release } ------------------------------------------------------
    single('pg: try/finally around one query (docs case)', pgTryFinally, { line: 4, column: 24 }, { handle: 'client', method: 'query', pool: 'db' }, pgTryFinallyOutput),
    single(
      'pg-pool: try/finally around one query',
      `import Pool from 'pg-pool';
const db = new Pool();
export async function f() {
  const client = await db.connect();
  try {
    return await client.query('SELECT 1');
  } finally {
    client.release();
  }
}`,
      { line: 4, column: 24 },
      { handle: 'client', method: 'query', pool: 'db' },
      `import Pool from 'pg-pool';
const db = new Pool();
export async function f() {
  return await db.query('SELECT 1');
}`,
    ),
    single(
      '@neondatabase/serverless: try/finally around one query',
      `import { Pool } from '@neondatabase/serverless';
const db = new Pool({ connectionString: '' });
export async function f() {
  const client = await db.connect();
  try {
    return (await client.query('SELECT 1')).rows;
  } finally {
    client.release();
  }
}`,
      { line: 4, column: 24 },
      { handle: 'client', method: 'query', pool: 'db' },
      `import { Pool } from '@neondatabase/serverless';
const db = new Pool({ connectionString: '' });
export async function f() {
  return (await db.query('SELECT 1')).rows;
}`,
    ),
    single(
      '@vercel/postgres: createPool().connect() for one query',
      `import { createPool } from '@vercel/postgres';
const db = createPool();
export async function f() {
  const client = await db.connect();
  try {
    return await client.query('SELECT 1');
  } finally {
    client.release();
  }
}`,
      { line: 4, column: 24 },
      { handle: 'client', method: 'query', pool: 'db' },
      `import { createPool } from '@vercel/postgres';
const db = createPool();
export async function f() {
  return await db.query('SELECT 1');
}`,
    ),
    single(
      'pg: this.pool in a class method, several statements in the try',
      `import { Pool } from 'pg';
export class Repo {
  constructor(private readonly pool: Pool) {}
  async find(id: number) {
    const client = await this.pool.connect();
    try {
      const result = await client.query('SELECT $1', [id]);
      return result.rows;
    } finally {
      client.release();
    }
  }
}`,
      { line: 5, column: 26 },
      { handle: 'client', method: 'query', pool: 'this.pool' },
      `import { Pool } from 'pg';
export class Repo {
  constructor(private readonly pool: Pool) {}
  async find(id: number) {
    const result = await this.pool.query('SELECT $1', [id]);
    return result.rows;
  }
}`,
    ),
    single(
      'pg: the returned query is not awaited inside the try',
      `import { Pool } from 'pg';
const db = new Pool();
export async function f() {
  const client = await db.connect();
  try {
    return client.query('SELECT 1');
  } finally {
    client.release();
  }
}`,
      { line: 4, column: 24 },
      { handle: 'client', method: 'query', pool: 'db' },
      `import { Pool } from 'pg';
const db = new Pool();
export async function f() {
  return db.query('SELECT 1');
}`,
    ),
    single(
      'pg: a checkout per loop iteration, one query each',
      `import { Pool } from 'pg';
const db = new Pool();
export async function f(ids: number[]) {
  for (const id of ids) {
    const client = await db.connect();
    try {
      await client.query('DELETE FROM t WHERE id = $1', [id]);
    } finally {
      client.release();
    }
  }
}`,
      { line: 5, column: 26 },
      { handle: 'client', method: 'query', pool: 'db' },
      `import { Pool } from 'pg';
const db = new Pool();
export async function f(ids: number[]) {
  for (const id of ids) {
    await db.query('DELETE FROM t WHERE id = $1', [id]);
  }
}`,
    ),
    single(
      'pool of an unknown library, recognised by its name, whose query() the code calls elsewhere',
      `import { pool } from './db';
export const count = () => pool.query('SELECT count(*) FROM users');
export async function find(id: number) {
  const client = await pool.connect();
  try {
    return (await client.query('SELECT $1', [id])).rows;
  } finally {
    client.release();
  }
}`,
      { line: 4, column: 24 },
      { handle: 'client', method: 'query', pool: 'pool' },
      `import { pool } from './db';
export const count = () => pool.query('SELECT count(*) FROM users');
export async function find(id: number) {
  return (await pool.query('SELECT $1', [id])).rows;
}`,
    ),
    single(
      'a pool field known by its name, whose execute() another method calls',
      `import { createPool } from './db';
export class Repo {
  private readonly readPool = createPool();
  async all() {
    return this.readPool.execute('SELECT * FROM t');
  }
  async one(id: number) {
    const conn = await this.readPool.getConnection();
    try {
      return await conn.execute('SELECT * FROM t WHERE id = ?', [id]);
    } finally {
      conn.release();
    }
  }
}`,
      { line: 8, column: 24 },
      { handle: 'conn', method: 'execute', pool: 'this.readPool' },
      `import { createPool } from './db';
export class Repo {
  private readonly readPool = createPool();
  async all() {
    return this.readPool.execute('SELECT * FROM t');
  }
  async one(id: number) {
    return await this.readPool.execute('SELECT * FROM t WHERE id = ?', [id]);
  }
}`,
    ),
    single(
      'mysql2: one execute() → pool.execute()',
      `import mysql from 'mysql2/promise';
const db = mysql.createPool({});
export async function find(id: number) {
  const conn = await db.getConnection();
  try {
    const [rows] = await conn.execute('SELECT * FROM users WHERE id = ?', [id]);
    return rows;
  } finally {
    conn.release();
  }
}`,
      { line: 4, column: 22 },
      { handle: 'conn', method: 'execute', pool: 'db' },
      `import mysql from 'mysql2/promise';
const db = mysql.createPool({});
export async function find(id: number) {
  const [rows] = await db.execute('SELECT * FROM users WHERE id = ?', [id]);
  return rows;
}`,
    ),
    single(
      'mariadb: one query, awaited release in finally',
      `import mariadb from 'mariadb';
const db = mariadb.createPool({});
export async function find(id: number) {
  const conn = await db.getConnection();
  try {
    return await conn.query('SELECT * FROM users WHERE id = ?', [id]);
  } finally {
    await conn.release();
  }
}`,
      { line: 4, column: 22 },
      { handle: 'conn', method: 'query', pool: 'db' },
      `import mariadb from 'mariadb';
const db = mariadb.createPool({});
export async function find(id: number) {
  return await db.query('SELECT * FROM users WHERE id = ?', [id]);
}`,
    ),
    single(
      'TypeORM: createQueryRunner() for one runner.query() → dataSource.query()',
      `import { DataSource } from 'typeorm';
const ds = new DataSource({ type: 'postgres' });
export async function count() {
  const runner = ds.createQueryRunner();
  try {
    return await runner.query('SELECT count(*) FROM t');
  } finally {
    await runner.release();
  }
}`,
      { line: 4, column: 18 },
      { handle: 'runner', method: 'query', pool: 'ds' },
      `import { DataSource } from 'typeorm';
const ds = new DataSource({ type: 'postgres' });
export async function count() {
  return await ds.query('SELECT count(*) FROM t');
}`,
    ),
    single(
      'pg-promise: db.connect() for one sco.one() → db.one()',
      `import pgPromise from 'pg-promise';
const pgp = pgPromise();
const db = pgp('postgres://');
export async function find() {
  const sco = await db.connect();
  try {
    return await sco.one('SELECT 1');
  } finally {
    sco.done();
  }
}`,
      { line: 5, column: 21 },
      { handle: 'sco', method: 'one', pool: 'db' },
      `import pgPromise from 'pg-promise';
const pgp = pgPromise();
const db = pgp('postgres://');
export async function find() {
  return await db.one('SELECT 1');
}`,
    ),
    single(
      'postgres.js: sql.reserve() for one reserved.unsafe() → sql.unsafe()',
      `import postgres from 'postgres';
const sql = postgres();
export async function find() {
  const reserved = await sql.reserve();
  try {
    return await reserved.unsafe('SELECT 1');
  } finally {
    reserved.release();
  }
}`,
      { line: 4, column: 26 },
      { handle: 'reserved', method: 'unsafe', pool: 'sql' },
      `import postgres from 'postgres';
const sql = postgres();
export async function find() {
  return await sql.unsafe('SELECT 1');
}`,
    ),

    // ----- autofix: sequential ---------------------------------------------------------------------------
    single('pg: checkout, one query, release in sequence', pgSequential, { line: 4, column: 24 }, { handle: 'client', method: 'query', pool: 'db' }, pgSequentialOutput),
    single(
      'pg: sequential, the result is used after the release',
      `import { Pool } from 'pg';
const db = new Pool();
export async function f() {
  const client = await db.connect();
  const res = await client.query('SELECT 1');
  client.release();
  return res.rows;
}`,
      { line: 4, column: 24 },
      { handle: 'client', method: 'query', pool: 'db' },
      `import { Pool } from 'pg';
const db = new Pool();
export async function f() {
  const res = await db.query('SELECT 1');
  return res.rows;
}`,
    ),
    single(
      'mysql2: sequential query with destructured rows',
      `import mysql from 'mysql2/promise';
const db = mysql.createPool({});
export async function f() {
  const conn = await db.getConnection();
  const [rows] = await conn.query('SELECT 1');
  conn.release();
  return rows;
}`,
      { line: 4, column: 22 },
      { handle: 'conn', method: 'query', pool: 'db' },
      `import mysql from 'mysql2/promise';
const db = mysql.createPool({});
export async function f() {
  const [rows] = await db.query('SELECT 1');
  return rows;
}`,
    ),

    // ----- reported without a fix --------------------------------------------------------------------------
    single(
      'pg: try/catch/finally (the catch is kept: no autofix)',
      `import { Pool } from 'pg';
const db = new Pool();
export async function find(id: number) {
  const client = await db.connect();
  try {
    return await client.query('SELECT $1', [id]);
  } catch (e) {
    console.error(e);
    throw e;
  } finally {
    client.release();
  }
}`,
      { line: 4, column: 24 },
      { handle: 'client', method: 'query', pool: 'db' },
      null,
    ),
    single(
      'pg: release(err) in catch and release() after the try (no autofix)',
      `import { Pool } from 'pg';
const db = new Pool();
export async function f() {
  const client = await db.connect();
  try {
    await client.query('SELECT 1');
  } catch (e) {
    client.release(e as Error);
    throw e;
  }
  client.release();
}`,
      { line: 4, column: 24 },
      { handle: 'client', method: 'query', pool: 'db' },
      null,
    ),
    single(
      'pg: a declaration of the try would clash with the enclosing block (no autofix)',
      `import { Pool } from 'pg';
const db = new Pool();
export async function f() {
  const rows = 1;
  const client = await db.connect();
  try {
    const { rows } = await client.query('SELECT 1');
    return rows;
  } finally {
    client.release();
  }
}`,
      { line: 5, column: 24 },
      { handle: 'client', method: 'query', pool: 'db' },
      null,
    ),
  ],
});

jsRuleTester.run('prefer-pool-query (CommonJS)', rule, {
  valid: [
    {
      name: "require('pg'): two queries",
      code: `const { Pool } = require('pg');
const db = new Pool();
async function f() {
  const client = await db.connect();
  try {
    await client.query('SELECT 1');
    await client.query('SELECT 2');
  } finally {
    client.release();
  }
}
module.exports = { f };`,
    },
  ],
  invalid: [
    single(
      "require('mysql2/promise'): one query in try/finally",
      `const mysql = require('mysql2/promise');
const db = mysql.createPool({});
async function f() {
  const conn = await db.getConnection();
  try {
    const [rows] = await conn.query('SELECT 1');
    return rows;
  } finally {
    conn.release();
  }
}
module.exports = { f };`,
      { line: 4, column: 22 },
      { handle: 'conn', method: 'query', pool: 'db' },
      `const mysql = require('mysql2/promise');
const db = mysql.createPool({});
async function f() {
  const [rows] = await db.query('SELECT 1');
  return rows;
}
module.exports = { f };`,
    ),
  ],
});
