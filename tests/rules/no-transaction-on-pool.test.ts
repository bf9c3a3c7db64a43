/**
 * no-transaction-on-pool: a transaction opened through a pool's per-statement helper, per driver,
 * per way of writing the SQL text; held handles, COMMIT and self-contained texts stay silent.
 * Pools are bound to names the name heuristic does not match (`db`, `conns` …) unless the
 * case is about the heuristic, so the reports come from the tracked import.
 */
import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import rule, { type MessageId } from '../../src/rules/no-transaction-on-pool';
import { jsRuleTester, ruleTester } from '../rule-tester';

type Invalid = InvalidTestCase<MessageId, []>;

/** One report, no suggestion. */
function reported(name: string, code: string, extra: Partial<Invalid> = {}): Invalid {
  return { name, code, errors: [{ messageId: 'transactionOnPool', suggestions: [] }], ...extra };
}

const pgTransactionOutput = `import { Pool } from 'pg';
const pool = new Pool();
export async function transfer(from: number, to: number, amount: number) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [amount, from]);
    await client.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [amount, to]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}`;

const mysqlTransactionOutput = `import mysql from 'mysql2/promise';
const conns = mysql.createPool({ uri: process.env.DATABASE_URL, queueLimit: 50 });
export async function order(userId: number) {
  const conn = await conns.getConnection();
  try {
    await conn.query("START TRANSACTION");
    const [result] = await conn.execute("INSERT INTO orders (user_id) VALUES (?)", [userId]);
    await conn.execute("INSERT INTO audit (order_id) VALUES (?)", [(result as { insertId: number }).insertId]);
    await conn.query("COMMIT");
  } catch (error) {
    await conn.query("ROLLBACK");
    throw error;
  } finally {
    conn.release();
  }
}`;

const mariadbTransactionOutput = `import mariadb from 'mariadb';
const db = mariadb.createPool({ host: 'db', acquireTimeout: 5000 });
export async function f() {
  if (Math.random() > 0.5) {
    const conn = await db.getConnection()
    try {
      await conn.query('START TRANSACTION')
      await conn.query('DELETE FROM sessions')
      await conn.query('COMMIT')
    } catch (error) {
      await conn.query('ROLLBACK')
      throw error
    } finally {
      conn.release()
    }
  }
}`;

const clientTakenOutput = `import pg from 'pg';
const db = new pg.Pool();
const client = 'unrelated';
export async function f() {
  const client2 = await db.connect();
  try {
    await client2.query('BEGIN');
    await client2.query('DELETE FROM t');
    await client2.query('COMMIT');
  } catch (error) {
    await client2.query('ROLLBACK');
    throw error;
  } finally {
    client2.release();
  }
  return client;
}`;

/** Every suggestion output of a case with one report: once applied, the rule is silent. */
function silentOutputs(cases: readonly Invalid[]): { name: string; code: string; options?: Invalid['options'] }[] {
  return cases.flatMap(c =>
    c.errors.length !== 1
      ? []
      : (c.errors[0].suggestions ?? []).flatMap(s => (s.output ? [{ name: `output of: ${c.name}`, code: s.output, ...(c.options ? { options: c.options } : {}) }] : [])),
  );
}

const invalid: Invalid[] = [
  reported(
    'BEGIN also written in a comment and a name: the statement in the template is still found',
    `import { Pool } from 'pg';
const db = new Pool();
// begin: the statements below run in one transaction
export async function begin(table: string) {
  await db.query(\`BEGIN\`);
  await db.query(\`DELETE FROM \${table}\`);
}`,
  ),
  reported(
    'BEGIN in a constant declared after a comment that says begin',
    `import { Pool } from 'pg';
const db = new Pool();
/* Begin */
const OPEN = 'START TRANSACTION';
export async function run() {
  await db.query(OPEN);
}`,
  ),
    {
      name: 'pg: BEGIN … COMMIT through pool.query, rewritten to one checked-out client',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function transfer(from: number, to: number, amount: number) {
  await pool.query('BEGIN');
  await pool.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [amount, from]);
  await pool.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [amount, to]);
  await pool.query('COMMIT');
}`,
      errors: [
        {
          messageId: 'transactionOnPool',
          line: 4,
          data: {
            statement: 'BEGIN',
            pool: 'pool',
            advice: 'check out one client with `pool.connect()`, run BEGIN … COMMIT on it and release it in `finally`',
          },
          suggestions: [{ messageId: 'checkOutConnection', output: pgTransactionOutput }],
        },
      ],
    },
    {
      name: 'pg: the handle name is taken in scope',
      code: `import pg from 'pg';
const db = new pg.Pool();
const client = 'unrelated';
export async function f() {
  await db.query('BEGIN');
  await db.query('DELETE FROM t');
  await db.query('COMMIT');
  return client;
}`,
      errors: [{ messageId: 'transactionOnPool', suggestions: [{ messageId: 'checkOutConnection', output: clientTakenOutput }] }],
    },
    {
      name: 'pg: try { BEGIN … COMMIT } catch { ROLLBACK on the pool }: checked out before the try, released in a new finally',
      code: `import { Pool } from 'pg';
const db = new Pool();
export async function f(id: number) {
  try {
    await db.query('BEGIN');
    await db.query('DELETE FROM t WHERE id = $1', [id]);
    await db.query('COMMIT');
    return db.query('SELECT count(*) FROM t');
  } catch (e) {
    await db.query('ROLLBACK');
    throw e;
  }
}`,
      errors: [
        {
          messageId: 'transactionOnPool',
          suggestions: [
            {
              messageId: 'checkOutConnection',
              data: { pool: 'db', handle: 'client', acquire: 'connect', release: 'release' },
              output: `import { Pool } from 'pg';
const db = new Pool();
export async function f(id: number) {
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    await client.query('DELETE FROM t WHERE id = $1', [id]);
    await client.query('COMMIT');
    return await client.query('SELECT count(*) FROM t');
  } catch (e) {
    await client.query('ROLLBACK');
    throw e;
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'pg: a catch without ROLLBACK keeps its own semantics: the transaction gets its own try inside',
      code: `import { Pool } from 'pg';
const db = new Pool();
export async function f() {
  try {
    await db.query('BEGIN');
    await db.query('DELETE FROM t');
    await db.query('COMMIT');
  } catch (client) {
    console.error(client);
  }
}`,
      errors: [
        {
          messageId: 'transactionOnPool',
          suggestions: [
            {
              messageId: 'checkOutConnection',
              data: { pool: 'db', handle: 'client', acquire: 'connect', release: 'release' },
              output: `import { Pool } from 'pg';
const db = new Pool();
export async function f() {
  try {
    const client = await db.connect();
    try {
      await client.query('BEGIN');
      await client.query('DELETE FROM t');
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  } catch (client) {
    console.error(client);
  }
}`,
            },
          ],
        },
      ],
    },
    reported(
      'pg: lower case, no COMMIT in the block: no suggestion',
      `import pg from 'pg';
const db = new pg.Pool();
export async function f() {
  await db.query('begin');
  await db.query('insert into t values (1)');
}`,
    ),
    reported(
      'pg: declarations used after the COMMIT: no suggestion',
      `import pg from 'pg';
const db = new pg.Pool();
export async function f() {
  await db.query('BEGIN');
  const { rows } = await db.query('INSERT INTO t VALUES (1) RETURNING id');
  await db.query('COMMIT');
  return rows[0];
}`,
    ),
    reported(
      'pg: the pool is used inside a callback between BEGIN and COMMIT: no suggestion',
      `import pg from 'pg';
const db = new pg.Pool();
export async function f(ids: number[]) {
  await db.query('BEGIN');
  await Promise.all(ids.map(id => db.query('DELETE FROM t WHERE id = $1', [id])));
  await db.query('COMMIT');
}`,
    ),
    reported(
      'pg: the pool is passed on between BEGIN and COMMIT: no suggestion',
      `import pg from 'pg';
const db = new pg.Pool();
declare function audit(pool: unknown): Promise<void>;
export async function f() {
  await db.query('BEGIN');
  await audit(db);
  await db.query('COMMIT');
}`,
    ),
    reported(
      'pg: not awaited: no suggestion',
      `import pg from 'pg';
const db = new pg.Pool();
export function f() {
  db.query('BEGIN').then(() => db.query('COMMIT'));
}`,
    ),
    reported(
      'pg: leading whitespace and a line comment',
      `import pg from 'pg';
const db = new pg.Pool();
export async function f() {
  await db.query('  -- open the transaction\\n  BEGIN');
}`,
    ),
    reported(
      'pg: block comments, START TRANSACTION',
      `import pg from 'pg';
const db = new pg.Pool();
export async function f() {
  await db.query('/* tx */ /* nested /* comment */ */ start transaction read write');
}`,
    ),
    reported(
      'pg: template literal without expressions, BEGIN ISOLATION LEVEL',
      `import pg from 'pg';
const db = new pg.Pool();
export async function f() {
  await db.query(\`
    BEGIN ISOLATION LEVEL SERIALIZABLE
  \`);
}`,
    ),
    reported(
      'pg: BEGIN WORK; then more statements in the same text',
      `import pg from 'pg';
const db = new pg.Pool();
export async function f() {
  await db.query('BEGIN WORK; UPDATE t SET a = 1;');
}`,
    ),
    reported(
      'pg: ROLLBACK TO SAVEPOINT keeps the transaction open',
      `import pg from 'pg';
const db = new pg.Pool();
export async function f() {
  await db.query('BEGIN; SAVEPOINT a; ROLLBACK TO SAVEPOINT a');
}`,
    ),
    reported(
      'pg: COMMIT AND CHAIN opens the next transaction',
      `import pg from 'pg';
const db = new pg.Pool();
export async function f() {
  await db.query('COMMIT AND CHAIN');
}`,
    ),
    reported(
      'pg: a query config object { text }',
      `import pg from 'pg';
const db = new pg.Pool();
export async function f() {
  await db.query({ text: 'BEGIN', rowMode: 'array' });
}`,
    ),
    reported(
      'pg: a constant inside a query config object, written away from the call',
      `import pg from 'pg';
import { OPEN } from './sql';
const db = new pg.Pool();
const STATEMENTS = { open: 'BEGIN' };
const TEXT = 'BEGIN ISOLATION LEVEL SERIALIZABLE';
export async function f() {
  await db.query({ text: TEXT });
  await db.query(OPEN as string);
}`,
      { errors: [{ messageId: 'transactionOnPool', line: 7, suggestions: [] }] },
    ),
    {
      name: 'Kysely: a constant through sql.raw, and the pool behind this',
      code: `import { Kysely, sql } from 'kysely';
const OPEN = 'START TRANSACTION';
export class Repo {
  private readonly db = new Kysely<object>({ dialect: {} as never });
  async f() {
    await sql.raw(OPEN).execute(this.db);
    await sql\`BEGIN\`.execute(this.db);
  }
}`,
      errors: [
        { messageId: 'transactionOnPool', line: 6, suggestions: [] },
        { messageId: 'transactionOnPool', line: 7, suggestions: [] },
      ],
    },
    {
      name: 'pg: a name read only where it holds one string (const, or a let never written again); not a reassigned let, a parameter, a destructured name',
      code: `import pg from 'pg';
const db = new pg.Pool();
let OPEN = 'BEGIN';
let CHANGED = 'BEGIN';
CHANGED = 'SELECT 1';
const { text } = { text: 'BEGIN' };
export async function f(given: string) {
  await db.query(OPEN);
  await db.query(CHANGED);
  await db.query(given);
  await db.query(text);
}`,
      errors: [{ messageId: 'transactionOnPool', line: 8, suggestions: [] }],
    },
    reported(
      'pg: the text in a constant',
      `import pg from 'pg';
const db = new pg.Pool();
const OPEN = 'BEGIN TRANSACTION';
export async function f() {
  await db.query(OPEN);
}`,
    ),
    {
      name: 'pg: message names the pool and the statement, reported once at BEGIN (not at COMMIT)',
      code: `import pg from 'pg';
class Repo {
  private readonly db = new pg.Pool();
  async save() {
    await this.db.query("START TRANSACTION");
    await this.db.query("INSERT INTO t VALUES (1)");
    await this.db.query("COMMIT");
  }
}
export default Repo;`,
      errors: [
        {
          messageId: 'transactionOnPool',
          line: 5,
          data: {
            statement: 'START TRANSACTION',
            pool: 'this.db',
            advice: 'check out one client with `this.db.connect()`, run BEGIN … COMMIT on it and release it in `finally`',
          },
          suggestions: [
            {
              messageId: 'checkOutConnection',
              output: `import pg from 'pg';
class Repo {
  private readonly db = new pg.Pool();
  async save() {
    const client = await this.db.connect();
    try {
      await client.query("START TRANSACTION");
      await client.query("INSERT INTO t VALUES (1)");
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK");
      throw error;
    } finally {
      client.release();
    }
  }
}
export default Repo;`,
            },
          ],
        },
      ],
    },
    reported(
      'pg: a pool parameter typed with pg.Pool',
      `import type { Pool } from 'pg';
export async function f(db: Pool) {
  await db.query('BEGIN');
}`,
      { errors: [{ messageId: 'transactionOnPool', suggestions: [] }] },
    ),
    reported(
      'pg-pool: the stand-alone pool module',
      `import Pool from 'pg-pool';
const db = new Pool();
export async function f() {
  await db.query('BEGIN');
}`,
    ),
    reported(
      '@neondatabase/serverless: Pool',
      `import { Pool } from '@neondatabase/serverless';
const db = new Pool({ connectionString: process.env.DATABASE_URL });
export async function f() {
  await db.query('BEGIN');
}`,
    ),
    {
      name: '@vercel/postgres: the sql tag and a created pool',
      code: `import { sql, createPool } from '@vercel/postgres';
const db = createPool();
export async function f() {
  await sql\`BEGIN\`;
  await db.sql\`BEGIN\`;
  await db.query('BEGIN');
}`,
      errors: [
        { messageId: 'transactionOnPool', line: 4, suggestions: [] },
        { messageId: 'transactionOnPool', line: 5, suggestions: [] },
        { messageId: 'transactionOnPool', line: 6, suggestions: [] },
      ],
    },
    {
      name: 'mysql2: START TRANSACTION … COMMIT through pool.query / execute, rewritten to one connection',
      code: `import mysql from 'mysql2/promise';
const conns = mysql.createPool({ uri: process.env.DATABASE_URL, queueLimit: 50 });
export async function order(userId: number) {
  await conns.query("START TRANSACTION");
  const [result] = await conns.execute("INSERT INTO orders (user_id) VALUES (?)", [userId]);
  await conns.execute("INSERT INTO audit (order_id) VALUES (?)", [(result as { insertId: number }).insertId]);
  await conns.query("COMMIT");
}`,
      errors: [
        {
          messageId: 'transactionOnPool',
          data: {
            statement: 'START TRANSACTION',
            pool: 'conns',
            advice: 'check out one connection with `conns.getConnection()`, run `beginTransaction()` … `commit()` on it and release it in `finally`',
          },
          suggestions: [{ messageId: 'checkOutConnection', output: mysqlTransactionOutput }],
        },
      ],
    },
    reported(
      'mysql2: pool.execute, a { sql } options object',
      `import mysql from 'mysql2/promise';
const conns = mysql.createPool({});
export async function f() {
  await conns.execute({ sql: 'START TRANSACTION' });
}`,
    ),
    reported(
      'mysql2: callback pool converted with .promise()',
      `const mysql = require('mysql2');
const conns = mysql.createPool({});
async function f() {
  await conns.promise().query('START TRANSACTION');
}
module.exports = f;`,
    ),
    reported(
      'mysql: callback form, no suggestion',
      `import mysql from 'mysql';
const conns = mysql.createPool({});
export function f(done: () => void) {
  conns.query('START TRANSACTION', () => {
    conns.query('COMMIT', done);
  });
}`,
    ),
    {
      name: 'mariadb: rewritten inside a nested block, without semicolons',
      code: `import mariadb from 'mariadb';
const db = mariadb.createPool({ host: 'db', acquireTimeout: 5000 });
export async function f() {
  if (Math.random() > 0.5) {
    await db.query('START TRANSACTION')
    await db.query('DELETE FROM sessions')
    await db.query('COMMIT')
  }
}`,
      errors: [{ messageId: 'transactionOnPool', suggestions: [{ messageId: 'checkOutConnection', output: mariadbTransactionOutput }] }],
    },
    {
      name: 'postgres.js: sql.unsafe and the root sql tag',
      code: `import postgres from 'postgres';
const sql = postgres(process.env.DATABASE_URL!);
export async function f() {
  await sql.unsafe('BEGIN');
  await sql\`BEGIN\`;
  await sql\`COMMIT\`;
}`,
      errors: [
        {
          messageId: 'transactionOnPool',
          line: 4,
          data: { statement: 'BEGIN', pool: 'sql', advice: 'use `sql.begin(async sql => …)`, which runs the whole callback on one reserved connection' },
          suggestions: [],
        },
        { messageId: 'transactionOnPool', line: 5, suggestions: [] },
      ],
    },
    {
      name: 'pg-promise: db.none / db.query',
      code: `import pgPromise from 'pg-promise';
const pgp = pgPromise();
const db = pgp(process.env.DATABASE_URL!);
export async function f() {
  await db.none('BEGIN');
  await db.query('START TRANSACTION');
}`,
      errors: [
        {
          messageId: 'transactionOnPool',
          data: { statement: 'BEGIN', pool: 'db', advice: 'use `db.tx(async t => …)`, which runs the whole callback on one connection' },
          suggestions: [],
        },
        { messageId: 'transactionOnPool', suggestions: [] },
      ],
    },
    {
      name: 'knex: db.raw',
      code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function f() {
  await db.raw('BEGIN');
}`,
      errors: [
        {
          messageId: 'transactionOnPool',
          data: { statement: 'BEGIN', pool: 'db', advice: 'use `db.transaction(async trx => …)` and run every statement through `trx`' },
          suggestions: [],
        },
      ],
    },
    {
      name: 'TypeORM: dataSource.query',
      code: `import { DataSource } from 'typeorm';
const ds = new DataSource({ type: 'mysql' });
export async function f() {
  await ds.query('START TRANSACTION');
}`,
      errors: [
        {
          messageId: 'transactionOnPool',
          data: { statement: 'START TRANSACTION', pool: 'ds', advice: 'use `ds.transaction(async manager => …)` and run every statement through `manager`' },
          suggestions: [],
        },
      ],
    },
    {
      name: 'Sequelize: sequelize.query',
      code: `import { Sequelize } from 'sequelize';
const orm = new Sequelize('postgres://localhost/app');
export async function f() {
  await orm.query('BEGIN');
}`,
      errors: [
        {
          messageId: 'transactionOnPool',
          data: { statement: 'BEGIN', pool: 'orm', advice: 'use `orm.transaction(async t => …)` and pass `{ transaction: t }` to every query' },
          suggestions: [],
        },
      ],
    },
    {
      name: 'mssql: pool.request().query, new sql.Request(pool), the pool.query tag',
      code: `import sql from 'mssql';
const db = new sql.ConnectionPool('Server=db;Database=app');
export async function f() {
  await db.request().query('BEGIN TRAN');
  await new sql.Request(db).query('BEGIN TRANSACTION');
  await db.query\`BEGIN DISTRIBUTED TRANSACTION\`;
  await db.request().query('COMMIT TRAN');
}`,
      errors: [
        { messageId: 'transactionOnPool', line: 4, data: { statement: 'BEGIN TRAN', pool: 'db', advice: 'use a `Transaction`: `const tx = db.transaction()`, `await tx.begin()`, run every statement with `tx.request()`, then `tx.commit()`' }, suggestions: [] },
        { messageId: 'transactionOnPool', line: 5, suggestions: [] },
        { messageId: 'transactionOnPool', line: 6, suggestions: [] },
      ],
    },
    {
      name: 'Prisma: raw BEGIN',
      code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function f() {
  await prisma.$executeRawUnsafe('BEGIN');
  await prisma.$executeRaw\`BEGIN\`;
}`,
      errors: [
        {
          messageId: 'transactionOnPool',
          line: 4,
          data: { statement: 'BEGIN', pool: 'prisma', advice: 'use `prisma.$transaction(async tx => …)` and run every statement through `tx`' },
          suggestions: [],
        },
        { messageId: 'transactionOnPool', line: 5, suggestions: [] },
      ],
    },
    {
      name: 'Kysely: sql`BEGIN`.execute(db) and sql.raw',
      code: `import { Kysely, sql } from 'kysely';
const db = new Kysely<object>({ dialect: {} as never });
export async function f() {
  await sql\`BEGIN\`.execute(db);
  await sql.raw('START TRANSACTION').execute(db);
}`,
      errors: [
        { messageId: 'transactionOnPool', line: 4, suggestions: [] },
        { messageId: 'transactionOnPool', line: 5, suggestions: [] },
      ],
    },
    {
      name: "a user's own pool known by its receiver pattern, in a file that never says pool",
      code: `export async function f(db: { query(s: string): Promise<void> }) {
  await db.query('BEGIN');
}`,
      settings: { 'connection-leaks': { pools: [{ receiver: '^db$', acquire: ['getconn'], release: [{ pool: 'putconn' }] }] } },
      errors: [{ messageId: 'transactionOnPool', line: 2, suggestions: [] }],
    },
    reported(
      'Drizzle: db.execute(sql`BEGIN`)',
      `import { drizzle } from 'drizzle-orm/node-postgres';
import { sql } from 'drizzle-orm';
const db = drizzle(process.env.DATABASE_URL!);
export async function f() {
  await db.execute(sql\`BEGIN\`);
}`,
    ),
    reported(
      'slonik: pool.query(sql.unsafe`BEGIN`)',
      `import { createPool, sql } from 'slonik';
export async function f() {
  const db = await createPool('postgres://localhost/app');
  await db.query(sql.unsafe\`BEGIN\`);
}`,
    ),
    {
      name: 'a pool known by its name: imported from the app, a field, a parameter',
      code: `import { pool } from './db';
export async function f(readPool: { query(s: string): Promise<void> }) {
  await pool.query('BEGIN');
  await readPool.execute('START TRANSACTION');
}
export class Repo {
  constructor(private readonly pool: { query(s: string): Promise<void> }) {}
  async save() {
    await this.pool.query('BEGIN');
  }
}`,
      errors: [
        {
          messageId: 'transactionOnPool',
          line: 3,
          data: {
            statement: 'BEGIN',
            pool: 'pool',
            advice: 'check out one connection from `pool` (`connect()` / `getConnection()`), run the whole transaction on it and release it in `finally`',
          },
          suggestions: [],
        },
        { messageId: 'transactionOnPool', line: 4, suggestions: [] },
        { messageId: 'transactionOnPool', line: 9, suggestions: [] },
      ],
    },
];

ruleTester.run('no-transaction-on-pool', rule, {
  valid: [
    {
      name: 'pg: BEGIN on a checked-out client',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function f() {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('INSERT INTO t VALUES (1)');
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
      name: 'pg: callback checkout, BEGIN on the client',
      code: `import { Pool } from 'pg';
const pool = new Pool();
pool.connect((err, client, done) => {
  if (err) return;
  client.query('BEGIN', () => done());
});`,
    },
    {
      name: 'pg: stand-alone Client',
      code: `import { Client } from 'pg';
export async function f() {
  const client = new Client();
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
}`,
    },
    {
      name: 'pg: COMMIT, ROLLBACK and ordinary statements on the pool are not reported',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function f() {
  await pool.query('SELECT 1');
  await pool.query('COMMIT');
  await pool.query('ROLLBACK');
  await pool.query("SELECT 'BEGIN'");
  await pool.query('SET TRANSACTION ISOLATION LEVEL SERIALIZABLE');
}`,
    },
    {
      name: 'pg: a whole transaction in one multi-statement text runs on one connection',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function f() {
  await pool.query('BEGIN; UPDATE t SET a = 1; COMMIT;');
  await pool.query(\`
    START TRANSACTION;
    DELETE FROM t WHERE id = 1;
    ROLLBACK;
  \`);
}`,
    },
    {
      name: 'pg: END closes; semicolons inside dollar quotes, strings and comments do not split statements',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function f() {
  await pool.query('BEGIN; UPDATE t SET a = 1; END');
  await pool.query("BEGIN; DO $$ BEGIN PERFORM 1; END $$; INSERT INTO t VALUES ('a;b'); /* ; */ COMMIT");
  await pool.query('begin -- ; not a split\\n; commit');
}`,
    },
    {
      name: 'pg: text with expressions is not read',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function f(mode: string) {
  await pool.query(\`BEGIN \${mode}\`);
  await pool.query('BEGIN ' + mode);
}`,
    },
    {
      name: 'blocks that are not transactions: PL/SQL, T-SQL TRY, CQL batches, DO blocks',
      code: `import { Pool } from 'pg';
import cassandra from 'cassandra-driver';
const pool = new Pool();
const cluster = new cassandra.Client({ contactPoints: [] });
export async function f() {
  await pool.query('BEGIN my_proc(1); END;');
  await pool.query('BEGIN TRY SELECT 1 END TRY BEGIN CATCH SELECT 2 END CATCH');
  await pool.query('DO $$ BEGIN PERFORM 1; END $$');
  await cluster.execute('BEGIN BATCH INSERT INTO t (a) VALUES (1); APPLY BATCH');
}`,
    },
    {
      name: 'mysql2: START TRANSACTION on a pooled connection',
      code: `import mysql from 'mysql2/promise';
const conns = mysql.createPool({});
export async function f() {
  const conn = await conns.getConnection();
  try {
    await conn.query('START TRANSACTION');
    await conn.query('COMMIT');
  } finally {
    conn.release();
  }
}`,
    },
    {
      name: 'mysql2: a stand-alone connection',
      code: `import mysql from 'mysql2/promise';
export async function f() {
  const conn = await mysql.createConnection({});
  await conn.query('START TRANSACTION');
  await conn.query('COMMIT');
  await conn.end();
}`,
    },
    {
      name: 'postgres.js: reserved connection and sql.begin',
      code: `import postgres from 'postgres';
const sql = postgres();
export async function f() {
  const reserved = await sql.reserve();
  await reserved\`BEGIN\`;
  await reserved.unsafe('COMMIT');
  reserved.release();
  await sql.begin(async tx => {
    await tx\`INSERT INTO t VALUES (1)\`;
  });
}`,
    },
    {
      name: 'knex: statements through trx',
      code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function f() {
  await db.transaction(async trx => {
    await trx.raw('SELECT 1');
  });
}`,
    },
    {
      name: 'TypeORM: BEGIN on a QueryRunner',
      code: `import { DataSource } from 'typeorm';
const ds = new DataSource({ type: 'postgres' });
export async function f() {
  const runner = ds.createQueryRunner();
  try {
    await runner.query('START TRANSACTION');
    await runner.query('COMMIT');
  } finally {
    await runner.release();
  }
}`,
    },
    {
      name: 'pg-promise: BEGIN on a connected sco',
      code: `import pgPromise from 'pg-promise';
const pgp = pgPromise();
const db = pgp('postgres://localhost/app');
export async function f() {
  const sco = await db.connect();
  try {
    await sco.none('BEGIN');
    await sco.none('COMMIT');
  } finally {
    sco.done();
  }
}`,
    },
    {
      name: 'receivers that are not pools',
      code: `export async function f(cache: { query(s: string): void }, logger: { execute(s: string): void }) {
  cache.query('BEGIN');
  logger.execute('START TRANSACTION');
  const conn = { query: (s: string) => s };
  conn.query('BEGIN');
}`,
    },
    {
      name: 'a pool-named receiver with another method',
      code: `export function f(pool: { log(s: string): void }) {
  pool.log('BEGIN');
}`,
    },
    {
      name: 'BEGIN only in comments and names: no statement opens a transaction',
      code: `import { Pool } from 'pg';
const db = new Pool();
// BEGIN; the work starts here
export async function begin(startTransaction: string) {
  await db.query(startTransaction);
  await db.query(String(begin));
}`,
    },
    {
      name: 'the name heuristic switched off',
      code: `export async function f(pool: { query(s: string): Promise<void> }) {
  await pool.query('BEGIN');
}`,
      settings: { 'connection-leaks': { nameHeuristics: false } },
    },
    ...silentOutputs(invalid),
  ],
  invalid,
});

jsRuleTester.run('no-transaction-on-pool (CommonJS)', rule, {
  valid: [
    {
      name: 'pg: client from pool.connect()',
      code: `const { Pool } = require('pg');
const db = new Pool();
async function f() {
  const client = await db.connect();
  await client.query('BEGIN');
  await client.query('COMMIT');
  client.release();
}
module.exports = f;`,
    },
  ],
  invalid: [
    {
      name: 'pg: require, BEGIN … COMMIT rewritten',
      code: `const { Pool } = require('pg');
const db = new Pool();
async function f() {
  await db.query('BEGIN');
  await db.query('COMMIT');
}
module.exports = f;`,
      errors: [
        {
          messageId: 'transactionOnPool',
          suggestions: [
            {
              messageId: 'checkOutConnection',
              output: `const { Pool } = require('pg');
const db = new Pool();
async function f() {
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}
module.exports = f;`,
            },
          ],
        },
      ],
    },
    reported(
      'mysql2: require, START TRANSACTION',
      `const mysql = require('mysql2/promise');
const conns = mysql.createPool({});
async function f() {
  await conns.query('START TRANSACTION');
}
module.exports = f;`,
    ),
  ],
});
