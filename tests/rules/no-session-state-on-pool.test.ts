/**
 * no-session-state-on-pool: a statement that leaves state on its session (SET, LISTEN, PREPARE,
 * temporary tables, advisory and named locks, USE, LOCK TABLES, user variables, WITH HOLD cursors)
 * sent through a pool's per-statement helper, per driver, per dialect and per way of writing the SQL
 * text; a lock released through the pool after it was taken through the pool; checked-out
 * connections, transaction-scoped forms and statements that merely mention a keyword stay silent.
 */
import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import rule, { type MessageId } from '../../src/rules/no-session-state-on-pool';
import { jsRuleTester, ruleTester } from '../rule-tester';

type Invalid = InvalidTestCase<MessageId, []>;

/** One report per listed line, no suggestion. */
function reported(name: string, code: string, lines: number[] = [], extra: Partial<Invalid> = {}): Invalid {
  const errors = lines.length > 0 ? lines.map(line => ({ messageId: 'sessionStateOnPool' as const, line, suggestions: [] })) : [{ messageId: 'sessionStateOnPool' as const, suggestions: [] }];
  return { name, code, errors, ...extra };
}

const PG = `import { Pool } from 'pg';
const db = new Pool();
`;
const MYSQL = `import mysql from 'mysql2/promise';
const db = mysql.createPool({ uri: process.env.DATABASE_URL, queueLimit: 50 });
`;

/** The same call in a pg and a mysql2 module: `sql` is the argument's source text. */
function pgCall(sql: string, method = 'query'): string {
  return `${PG}export async function f(schema: string, id: number) {\n  await db.${method}(${sql});\n}`;
}
function mysqlCall(sql: string, method = 'query'): string {
  return `${MYSQL}export async function f(schema: string, id: number) {\n  await db.${method}(${sql});\n}`;
}

ruleTester.run('no-session-state-on-pool', rule, {
  valid: [
    // Transaction-scoped forms.
    pgCall("'SET LOCAL statement_timeout = 5000'"),
    pgCall("'BEGIN; SET LOCAL search_path TO app; SELECT 1; COMMIT'"),
    pgCall("\"SELECT set_config('search_path', $1, true)\""),
    pgCall("'SELECT pg_advisory_xact_lock($1)'"),
    pgCall("'SELECT pg_try_advisory_xact_lock_shared(1)'"),
    pgCall("'SET TRANSACTION ISOLATION LEVEL SERIALIZABLE'"),
    pgCall("'SET CONSTRAINTS ALL DEFERRED'"),
    pgCall("'CREATE TEMP TABLE staging (id int) ON COMMIT DROP'"),
    pgCall("'LOCK TABLE accounts IN EXCLUSIVE MODE'"),
    pgCall("'DECLARE c CURSOR FOR SELECT * FROM t'"),
    pgCall("'PREPARE TRANSACTION \\'tx1\\''"),
    // Statements that only mention a keyword.
    pgCall("'UPDATE users SET name = $1 WHERE id = $2', ['a', 1]"),
    pgCall("\"SELECT 'SET search_path TO x' AS hint\""),
    pgCall("'SELECT * FROM settings -- SET search_path TO x'"),
    pgCall("'INSERT INTO log (msg) VALUES (\\'LISTEN later\\')'"),
    pgCall("'SELECT * FROM locks WHERE name = \\'pg_advisory_lock(1)\\''"),
    pgCall('`SELECT * FROM ${schema}.users`'),
    pgCall('`${schema} search_path`'),
    // One text that takes and releases, sets and resets: one connection, nothing stays.
    pgCall("'SELECT pg_advisory_lock(1); UPDATE t SET a = 1; SELECT pg_advisory_unlock(1)'"),
    pgCall("'SET search_path TO app; SELECT 1; RESET search_path'"),
    pgCall("'SET statement_timeout = 0; VACUUM t; DISCARD ALL'"),
    mysqlCall("'SELECT GET_LOCK(\\'job\\', 10); DELETE FROM jobs; SELECT RELEASE_LOCK(\\'job\\')'"),
    // MySQL server-wide settings are not session state.
    mysqlCall("'SET GLOBAL max_connections = 500'"),
    mysqlCall("'SET @@global.sql_mode = \\'\\''"),
    // A lone unlock or RESET through the pool, with nothing taken through a pool in the file.
    pgCall("'SELECT pg_advisory_unlock($1)', [id]"),
    pgCall("'RESET search_path'"),
    pgCall("'DISCARD ALL'"),
    // On a checked-out connection: what the rule asks for (released, reset or destroyed).
    `${PG}export async function f(id: number) {
  const client = await db.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [id]);
    await client.query('UPDATE jobs SET state = 1 WHERE id = $1', [id]);
    await client.query('SELECT pg_advisory_unlock($1)', [id]);
  } finally {
    client.release();
  }
}`,
    `${PG}export async function f() {
  const client = await db.connect();
  await client.query('LISTEN jobs');
  client.on('notification', () => {});
}`,
    `${PG}export async function f() {
  const client = await db.connect();
  try {
    await client.query('SET search_path TO tenant_1');
    await client.query('SELECT * FROM users');
  } finally {
    client.release(true);
  }
}`,
    `${MYSQL}export async function f() {
  const conn = await db.getConnection();
  try {
    await conn.query('SET @rank = 0');
    await conn.query('USE reporting');
  } finally {
    conn.destroy();
  }
}`,
    `import postgres from 'postgres';
const sql = postgres();
export async function f() {
  const reserved = await sql.reserve();
  await reserved\`SET search_path TO app\`;
  reserved.release();
  await sql.begin(async tx => { await tx\`SET LOCAL search_path TO app\`; });
}`,
    `import pgPromise from 'pg-promise';
const db = pgPromise()('postgres://');
export async function f() {
  await db.task(async t => { await t.none('SET search_path TO app'); });
}`,
    // A pool-level helper lent a held transaction runs on its connection.
    `import { Sequelize } from 'sequelize';
const orm = new Sequelize('postgres://localhost/app');
export async function f() {
  await orm.transaction(async t => {
    await orm.query('SET search_path TO app', { transaction: t });
  });
}`,
    `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function f() {
  await db.transaction(async trx => {
    await db.raw('SELECT pg_advisory_lock(1)').transacting(trx);
  });
}`,
    // Unknown dialect: forms whose effect differs between dialects.
    `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function f() {
  await db.raw('SET LOCAL search_path TO app');
  await db.raw('SET @x = 1');
  await db.raw('LOCK TABLE t IN EXCLUSIVE MODE');
}`,
    // T-SQL: `@` variables live in the batch; EXECUTE runs a procedure.
    `import sql from 'mssql';
const pool = new sql.ConnectionPool('Server=db');
export async function f() {
  await pool.request().query('SET @n = 1; SELECT @n');
  await pool.request().query('EXECUTE dbo.refresh');
}`,
    // Not a SQL server.
    `import Redis from 'ioredis';
const redis = new Redis();
export async function f() {
  await redis.set('SET search_path TO x', 'use db');
}`,
    // Not a pool: a SQL string that is never sent.
    `const note = 'SET search_path TO app';
export const pool = { note };`,
    `import { Pool } from 'pg';
const db = new Pool();
export function describe() { return db.options && 'USE the pool, SET nothing'; }`,
  ],
  invalid: [
    // Postgres: every statement kind.
    reported('pg: SET search_path', pgCall("'SET search_path TO tenant_1'"), [], {
      errors: [
        {
          messageId: 'sessionStateOnPool',
          data: {
            statement: 'SET search_path TO tenant_1',
            pool: 'db',
            what: 'changes a session setting',
            advice: 'check out one connection with `db.connect()`, run the session work on it and reset what it set before `release()`, or use `SET LOCAL` inside a transaction',
          },
          suggestions: [],
        },
      ],
    }),
    reported('pg: SET statement_timeout without LOCAL', pgCall("'SET statement_timeout = 0'")),
    reported('pg: SET SESSION', pgCall("'SET SESSION statement_timeout TO 1000'")),
    reported('pg: SET ROLE', pgCall("'SET ROLE reporting'")),
    reported('pg: set_config(…, false)', pgCall("\"SELECT set_config('search_path', $1, false)\", [schema]")),
    reported('pg: LISTEN', pgCall("'LISTEN jobs'")),
    reported('pg: PREPARE', pgCall("'PREPARE by_id (int) AS SELECT * FROM t WHERE id = $1'")),
    reported('pg: CREATE TEMP TABLE', pgCall("'CREATE TEMP TABLE staging (id int)'")),
    reported('pg: CREATE TEMPORARY TABLE', pgCall("'create local temporary table staging as select 1'")),
    reported('pg: SELECT … INTO TEMP', pgCall("'SELECT * INTO TEMP recent FROM orders'")),
    reported('pg: pg_advisory_lock', pgCall("'SELECT pg_advisory_lock($1)', [id]")),
    reported('pg: pg_try_advisory_lock', pgCall("'SELECT pg_try_advisory_lock(42) AS locked'")),
    reported('pg: pg_advisory_lock_shared', pgCall("'select pg_advisory_lock_shared(1, 2)'")),
    reported('pg: DECLARE … CURSOR WITH HOLD', pgCall("'DECLARE big NO SCROLL CURSOR WITH HOLD FOR SELECT * FROM t'")),
    reported('pg: pool.execute-less driver through pg-pool', `import Pool from 'pg-pool';
const db = new Pool();
export async function f() {
  await db.query('SET search_path TO app');
}`),
    // Ways of writing the text.
    reported('pg: lower case, leading whitespace and comments', pgCall("'  -- per tenant\\n  /* schema */ set search_path to tenant_1'")),
    reported('pg: template literal with an expression', pgCall('`SET search_path TO ${schema}`')),
    reported('pg: string concatenation', pgCall("'SET search_path TO ' + schema")),
    reported('pg: a constant of the file', `${PG}const TENANT = 'SET search_path TO tenant_1';
export async function f() {
  await db.query(TENANT);
}`),
    reported('pg: a query config object', pgCall("{ text: 'SELECT pg_advisory_lock($1)', values: [id] }")),
    reported('pg: the second statement of a text', pgCall("'SELECT 1; SET search_path TO app'")),
    reported('pg: a setting reset in the text is not the one that stays', pgCall("'SET search_path TO app; SELECT 1; RESET search_path; LISTEN x'")),
    // Advisory lock taken and released through the pool: both reported, the unlock with its own message.
    {
      name: 'pg: lock and unlock through the pool, in try/finally: suggestion checks out one client',
      code: `${PG}export async function runJob(id: number) {
  await db.query('SELECT pg_advisory_lock($1)', [id]);
  try {
    await db.query('UPDATE jobs SET state = 1 WHERE id = $1', [id]);
  } finally {
    await db.query('SELECT pg_advisory_unlock($1)', [id]);
  }
}`,
      errors: [
        {
          messageId: 'sessionStateOnPool',
          line: 4,
          data: {
            statement: 'SELECT pg_advisory_lock($1)',
            pool: 'db',
            what: 'takes a session-level advisory lock',
            advice: 'check out one connection with `db.connect()`, run the session work on it and reset what it set before `release()`, or take `pg_advisory_xact_lock` inside a transaction',
          },
          suggestions: [
            {
              messageId: 'checkOutConnection',
              data: { pool: 'db', handle: 'client', acquire: 'connect', release: 'release' },
              output: `${PG}export async function runJob(id: number) {
  const client = await db.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [id]);
    try {
      await client.query('UPDATE jobs SET state = 1 WHERE id = $1', [id]);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [id]);
    }
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
        {
          messageId: 'followUpOnPool',
          line: 8,
          data: {
            statement: 'SELECT pg_advisory_unlock($1)',
            pool: 'db',
            earlier: 'SELECT pg_advisory_lock($1)',
            line: '4',
            state: 'the lock stays held by the connection that took it',
          },
        },
      ],
    },
    {
      name: 'pg: lock and unlock in two methods of a class',
      code: `import { Pool } from 'pg';
export class Mutex {
  constructor(private readonly db: Pool) {}
  async lock(key: number) {
    await this.db.query(\`SELECT pg_advisory_lock(\${key})\`);
  }
  async unlock(key: number) {
    await this.db.query(\`SELECT pg_advisory_unlock(\${key})\`);
  }
}`,
      errors: [
        { messageId: 'sessionStateOnPool', line: 5, suggestions: [] },
        { messageId: 'followUpOnPool', line: 8, data: { statement: 'SELECT pg_advisory_unlock(__hole__)', pool: 'this.db', earlier: 'SELECT pg_advisory_lock(__hole__)', line: '5', state: 'the lock stays held by the connection that took it' } },
      ],
    },
    {
      name: 'pg: unlock written before the lock in the file',
      code: `${PG}export const release = (id: number) => db.query('SELECT pg_advisory_unlock($1)', [id]);
export const take = (id: number) => db.query('SELECT pg_try_advisory_lock($1)', [id]);`,
      errors: [
        { messageId: 'followUpOnPool', line: 3 },
        { messageId: 'sessionStateOnPool', line: 4, suggestions: [] },
      ],
    },
    {
      name: 'pg: SET … RESET as two pool statements: suggestion, RESET reported',
      code: `${PG}export async function report(schema: string) {
  await db.query(\`SET search_path TO \${schema}\`);
  await db.query('INSERT INTO totals SELECT * FROM staging');
  await db.query('RESET search_path');
}`,
      errors: [
        {
          messageId: 'sessionStateOnPool',
          line: 4,
          suggestions: [
            {
              messageId: 'checkOutConnection',
              output: `${PG}export async function report(schema: string) {
  const client = await db.connect();
  try {
    await client.query(\`SET search_path TO \${schema}\`);
    await client.query('INSERT INTO totals SELECT * FROM staging');
    await client.query('RESET search_path');
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
        { messageId: 'followUpOnPool', line: 6 },
      ],
    },
    {
      name: 'pg: a declaration used after the RESET: no suggestion',
      code: `${PG}export async function report(schema: string) {
  await db.query(\`SET search_path TO \${schema}\`);
  const { rows } = await db.query('SELECT * FROM totals');
  await db.query('RESET search_path');
  return rows;
}`,
      errors: [
        { messageId: 'sessionStateOnPool', line: 4, suggestions: [] },
        { messageId: 'followUpOnPool', line: 6 },
      ],
    },
    {
      name: 'pg: a second lock before the unlock: no suggestion for the first',
      code: `${PG}export async function f() {
  await db.query('SELECT pg_advisory_lock(1)');
  await db.query('SELECT pg_advisory_lock(2)');
  await db.query('SELECT pg_advisory_unlock_all()');
}`,
      errors: [
        { messageId: 'sessionStateOnPool', line: 4, suggestions: [] },
        {
          messageId: 'sessionStateOnPool',
          line: 5,
          suggestions: [
            {
              messageId: 'checkOutConnection',
              output: `${PG}export async function f() {
  await db.query('SELECT pg_advisory_lock(1)');
  const client = await db.connect();
  try {
    await client.query('SELECT pg_advisory_lock(2)');
    await client.query('SELECT pg_advisory_unlock_all()');
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
        { messageId: 'followUpOnPool', line: 6 },
      ],
    },
    {
      name: 'pg: PREPARE then EXECUTE and DEALLOCATE through the pool',
      code: `${PG}export async function f() {
  await db.query('PREPARE q AS SELECT 1');
  await db.query('EXECUTE q');
  await db.query('DEALLOCATE q');
}`,
      errors: [
        {
          messageId: 'sessionStateOnPool',
          line: 4,
          suggestions: [
            {
              messageId: 'checkOutConnection',
              output: `${PG}export async function f() {
  const client = await db.connect();
  try {
    await client.query('PREPARE q AS SELECT 1');
    await client.query('EXECUTE q');
    await client.query('DEALLOCATE q');
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
        { messageId: 'followUpOnPool', line: 5, data: { statement: 'EXECUTE q', pool: 'db', earlier: 'PREPARE q AS SELECT 1', line: '4', state: 'the prepared statement exists only on the connection that prepared it' } },
        { messageId: 'followUpOnPool', line: 6 },
      ],
    },
    {
      name: 'pg: a cursor WITH HOLD then FETCH, not closed: no suggestion',
      code: `${PG}export function f() {
  return db.query('DECLARE c CURSOR WITH HOLD FOR SELECT 1').then(() => db.query('FETCH 10 FROM c'));
}`,
      errors: [
        { messageId: 'sessionStateOnPool', line: 4, suggestions: [] },
        { messageId: 'followUpOnPool', line: 4 },
      ],
    },
    {
      name: 'pg: LISTEN then UNLISTEN, without semicolons',
      code: `${PG}export async function f() {
  await db.query('LISTEN jobs')
  await db.query('UNLISTEN jobs')
}`,
      errors: [
        {
          messageId: 'sessionStateOnPool',
          line: 4,
          suggestions: [
            {
              messageId: 'checkOutConnection',
              output: `${PG}export async function f() {
  const client = await db.connect()
  try {
    await client.query('LISTEN jobs')
    await client.query('UNLISTEN jobs')
  } finally {
    client.release()
  }
}`,
            },
          ],
        },
        { messageId: 'followUpOnPool', line: 5 },
      ],
    },
    // The other Postgres drivers.
    reported('Neon: pool.query', `import { Pool } from '@neondatabase/serverless';
const db = new Pool();
export async function f() {
  await db.query('SET statement_timeout = 0');
}`),
    reported(
      '@vercel/postgres: the sql tag and db.query',
      `import { sql, db } from '@vercel/postgres';
export async function f(id: number) {
  await sql\`SELECT pg_advisory_lock(\${id})\`;
  await db.query('LISTEN jobs');
}`,
      [3, 4],
    ),
    reported(
      'postgres.js: the root sql tag and sql.unsafe',
      `import postgres from 'postgres';
const sql = postgres(process.env.DATABASE_URL!);
export async function f(schema: string) {
  await sql\`SET search_path TO \${sql(schema)}\`;
  await sql.unsafe('LISTEN jobs');
  await sql\`select pg_try_advisory_lock(\${1})\`;
}`,
      [4, 5, 6],
      {
        errors: [
          {
            messageId: 'sessionStateOnPool',
            line: 4,
            data: {
              statement: 'SET search_path TO __hole__',
              pool: 'sql',
              what: 'changes a session setting',
              advice: 'reserve one connection with `sql.reserve()`, run the work on it, reset what it set and `release()` it in `finally`, or use `SET LOCAL` inside a transaction',
            },
            suggestions: [],
          },
          { messageId: 'sessionStateOnPool', line: 5, suggestions: [] },
          { messageId: 'sessionStateOnPool', line: 6, suggestions: [] },
        ],
      },
    ),
    reported(
      'pg-promise: db.none, db.any, db.query on the root',
      `import pgPromise from 'pg-promise';
const pgp = pgPromise();
const db = pgp(process.env.DATABASE_URL!);
export async function f() {
  await db.none('SET search_path TO app');
  await db.any('SELECT pg_advisory_lock(1)');
  await db.query('CREATE TEMP TABLE x (id int)');
}`,
      [5, 6, 7],
    ),
    reported(
      'slonik: pool.query(sql.unsafe`…`)',
      `import { createPool, sql } from 'slonik';
const pool = await createPool('postgres://');
export async function f(id: number) {
  await pool.query(sql.unsafe\`SELECT pg_advisory_lock(\${id})\`);
}`,
    ),
    // MySQL dialect.
    reported('mysql2: SET @user_var', mysqlCall("'SET @rank = 0'")),
    reported('mysql2: SET SESSION', mysqlCall("'SET SESSION sql_mode = \\'TRADITIONAL\\''")),
    reported('mysql2: SET LOCAL is the session in MySQL', mysqlCall("'SET LOCAL wait_timeout = 60'")),
    reported('mysql2: SET @@session.', mysqlCall("'SET @@session.time_zone = \\'+00:00\\''")),
    reported('mysql2: SET NAMES', mysqlCall("'SET NAMES utf8mb4'")),
    reported('mysql2: SET autocommit', mysqlCall("'SET autocommit = 0'", 'execute')),
    reported('mysql2: SET TRANSACTION reaches the next transaction of the connection', mysqlCall("'SET TRANSACTION ISOLATION LEVEL READ COMMITTED'")),
    reported('mysql2: USE', mysqlCall("'USE reporting'")),
    reported('mysql2: USE from a template', mysqlCall('`USE ${schema}`')),
    reported('mysql2: LOCK TABLES', mysqlCall("'LOCK TABLES orders WRITE'")),
    reported('mysql2: LOCK TABLE', mysqlCall("'lock table orders read'")),
    reported('mysql2: CREATE TEMPORARY TABLE', mysqlCall("'CREATE TEMPORARY TABLE tmp_ids (id INT)'")),
    reported('mysql2: PREPARE', mysqlCall("'PREPARE stmt FROM \\'SELECT 1\\''")),
    reported('mysql2: a { sql } options object', mysqlCall("{ sql: 'SET @x = 1' }")),
    {
      name: 'mysql2: GET_LOCK and RELEASE_LOCK through the pool',
      code: `${MYSQL}export async function f(name: string) {
  await db.query('SELECT GET_LOCK(?, 10)', [name]);
  await db.query('DELETE FROM jobs WHERE done = 1');
  await db.query('SELECT RELEASE_LOCK(?)', [name]);
}`,
      errors: [
        {
          messageId: 'sessionStateOnPool',
          line: 4,
          data: {
            statement: 'SELECT GET_LOCK(?, 10)',
            pool: 'db',
            what: 'takes a named lock held by the session',
            advice: 'check out one connection with `db.getConnection()`, run the session work on it and reset what it set before `release()`',
          },
          suggestions: [
            {
              messageId: 'checkOutConnection',
              output: `${MYSQL}export async function f(name: string) {
  const conn = await db.getConnection();
  try {
    await conn.query('SELECT GET_LOCK(?, 10)', [name]);
    await conn.query('DELETE FROM jobs WHERE done = 1');
    await conn.query('SELECT RELEASE_LOCK(?)', [name]);
  } finally {
    conn.release();
  }
}`,
            },
          ],
        },
        { messageId: 'followUpOnPool', line: 6, data: { statement: 'SELECT RELEASE_LOCK(?)', pool: 'db', earlier: 'SELECT GET_LOCK(?, 10)', line: '4', state: 'the lock stays held by the connection that took it' } },
      ],
    },
    {
      name: 'mysql2: LOCK TABLES … UNLOCK TABLES inside an if',
      code: `${MYSQL}export async function f(full: boolean) {
  if (full) {
    await db.query('LOCK TABLES t WRITE');
    await db.execute('DELETE FROM t');
    await db.query('UNLOCK TABLES');
  }
}`,
      errors: [
        {
          messageId: 'sessionStateOnPool',
          line: 5,
          suggestions: [
            {
              messageId: 'checkOutConnection',
              output: `${MYSQL}export async function f(full: boolean) {
  if (full) {
    const conn = await db.getConnection();
    try {
      await conn.query('LOCK TABLES t WRITE');
      await conn.execute('DELETE FROM t');
      await conn.query('UNLOCK TABLES');
    } finally {
      conn.release();
    }
  }
}`,
            },
          ],
        },
        { messageId: 'followUpOnPool', line: 7 },
      ],
    },
    reported('mysql2: promise flavour of a callback pool', `import mysql from 'mysql2';
const db = mysql.createPool({});
export async function f() {
  await db.promise().query('SET @a = 1');
}`),
    reported('mariadb: pool.query', `import mariadb from 'mariadb';
const db = mariadb.createPool({ acquireTimeout: 5000 });
export async function f() {
  await db.query('SET @@session.max_statement_time = 5');
}`),
    // ORMs and builders: the dialect is the configuration's, so only what every dialect agrees on.
    reported('knex: db.raw', `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function f(schema: string) {
  await db.raw(\`SET search_path TO \${schema}\`);
  await db.raw('LOCK TABLES t WRITE');
  await db.raw('USE app');
}`, [4, 5, 6]),
    reported('Sequelize: sequelize.query', `import { Sequelize } from 'sequelize';
const orm = new Sequelize('postgres://localhost/app');
export async function f() {
  await orm.query('SELECT pg_advisory_lock(1)');
}`),
    reported('Sequelize: an options object that lends nothing', `import { Sequelize } from 'sequelize';
const orm = new Sequelize('postgres://localhost/app');
export async function f() {
  await orm.query('SET search_path TO app', { raw: true });
}`),
    reported('TypeORM: dataSource.query', `import { DataSource } from 'typeorm';
const ds = new DataSource({ type: 'postgres' });
export async function f() {
  await ds.query('SET statement_timeout TO 0');
}`),
    reported('Prisma: $executeRawUnsafe and the $executeRaw tag', `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function f() {
  await prisma.$executeRawUnsafe('SET search_path TO app');
  await prisma.$executeRaw\`SELECT pg_advisory_lock(\${1})\`;
}`, [4, 5]),
    reported('Kysely: sql`…`.execute(db)', `import { Kysely, sql } from 'kysely';
const db = new Kysely<object>({ dialect: {} as never });
export async function f() {
  await sql\`SET search_path TO app\`.execute(db);
}`),
    // T-SQL.
    reported('mssql: pool.request().query, new sql.Request(pool)', `import sql from 'mssql';
const pool = new sql.ConnectionPool('Server=db');
export async function f() {
  await pool.request().query('USE reporting');
  await new sql.Request(pool).query('SET TRANSACTION ISOLATION LEVEL SNAPSHOT');
  await pool.request().batch('CREATE TABLE #staging (id int)');
}`, [4, 5, 6]),
    {
      name: 'a pool from the app\'s own module: try-lock and release helpers, the unlock with .catch()',
      code: `import { pool } from './db';
const LOCK_KEY = 9191001;
export async function tryAcquire(): Promise<boolean> {
  const result = await pool.query('SELECT pg_try_advisory_lock($1) AS acquired', [LOCK_KEY]);
  return Boolean(result.rows[0]?.acquired);
}
export async function release(): Promise<void> {
  await pool.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => {});
}`,
      errors: [
        { messageId: 'sessionStateOnPool', line: 4, suggestions: [] },
        { messageId: 'followUpOnPool', line: 8 },
      ],
    },
    // A pool known by its name only: unknown library and dialect.
    reported('a receiver named like a pool', `export async function f(pool: { query(sql: string): Promise<unknown> }) {
  await pool.query('SET search_path TO app');
}`),
  ],
});

jsRuleTester.run('no-session-state-on-pool (CommonJS)', rule, {
  valid: [
    `const { Pool } = require('pg');
const db = new Pool();
async function f() { await db.query('SET LOCAL lock_timeout = 100'); }
module.exports = f;`,
  ],
  invalid: [
    {
      code: `const mysql = require('mysql');
const db = mysql.createPool({});
function f(done) {
  db.query('SELECT GET_LOCK("jobs", 5)', () => db.query('SELECT RELEASE_LOCK("jobs")', done));
}
module.exports = f;`,
      errors: [{ messageId: 'sessionStateOnPool' }, { messageId: 'followUpOnPool' }],
    },
  ],
});
